/**
 * Rules about migration files as files: their names, their place in the directory, and rollback parts, each as the
 * folder's tool sees them (migrations/layout.ts). `migration-bad-filename`, `migration-duplicate-index`,
 * `down-migration` (product.md §4).
 */
import { downPartStart, FORMAT_FACTS, runsDownPartForward } from '../migrations/layout';
import type { Span } from '../syntax/ast';
import type { FileRuleContext, MigrationFile } from './context';
import type { Finding } from './types';

/** File-level findings sit on line 1: the whole first line, or an empty range in an empty file. */
export function firstLineSpan(text: string): Span {
  const lineBreak = text.search(/[\r\n]/);
  return { start: 0, end: lineBreak < 0 ? text.length : lineBreak };
}

export function migrationFileRules(ctx: FileRuleContext): Finding[] {
  // Context folders belong to another tool: only their syntax is ours to judge.
  if (ctx.file.role === 'context') return [];
  return [...badFilename(ctx.file), ...duplicateVersion(ctx), ...downMigration(ctx.file)];
}

function badFilename(file: MigrationFile): Finding[] {
  if (file.role !== 'misnamed' || !file.name.endsWith('.sql')) return [];
  const message =
    file.format === 'pg-migrations'
      ? `"${file.name}" does not start with a number and "-", so @databases/pg-migrations (which applies ` +
        `Electric migrations) will not apply it and stops on the invalid file name. Rename it with the next ` +
        `number (e.g. "NN-${file.name}"), or prefix it with "_" to keep it in the folder without applying it.`
      : `"${file.name}" is not named like a ${FORMAT_FACTS[file.format].tool} migration (${FORMAT_FACTS[file.format].names}), ` +
        `so ${FORMAT_FACTS[file.format].tool} will not apply it. Rename it, or move it out of the migrations folder.`;
  return [{ code: 'migration-bad-filename', span: firstLineSpan(file.parsed.text), message }];
}

function duplicateVersion(ctx: FileRuleContext): Finding[] {
  const { file } = ctx;
  if (file.role !== 'migration' || file.version === undefined) return [];
  const others = (ctx.filesByVersion.get(file.version) ?? []).filter((f) => f.path !== file.path);
  if (others.length === 0) return [];
  const names = others.map((f) => `"${f.name}"`).join(', ');
  const message =
    file.format === 'pg-migrations'
      ? `Migration index ${file.version} is also used by ${names}: pg-migrations numbers migrations by their ` +
        `prefix and refuses to run two with the same index. Give each file its own number.`
      : `Migration version ${file.version} is also used by ${names}: ${FORMAT_FACTS[file.format].tool} orders ` +
        `migrations by version and cannot apply two with the same one. Give each file its own version.`;
  return [{ code: 'migration-duplicate-index', span: firstLineSpan(file.parsed.text), message }];
}

/** Rollback file names of the common migration tools (dbmate, golang-migrate, sqlx, …). */
const DOWN_FILE_NAMES = [/\.down\.sql$/i, /^down\.sql$/i, /_down\.sql$/i];

const NEVER_AGAINST_ELECTRIC = 'Electric only accepts forward migrations: never run this rollback against electrified tables';

function downMigration(file: MigrationFile): Finding[] {
  const findings: Finding[] = [];
  if (file.role === 'rollback') {
    findings.push({
      code: 'down-migration',
      span: firstLineSpan(file.parsed.text),
      severity: 'warning',
      message: `"${file.name}" is a rollback that ${FORMAT_FACTS[file.format].tool} runs only when migrating down. ${NEVER_AGAINST_ELECTRIC}; undo changes with a new forward migration.`,
    });
    return findings;
  }
  if (file.format === 'pg-migrations' && DOWN_FILE_NAMES.some((pattern) => pattern.test(file.name))) {
    const consequence =
      file.role === 'migration'
        ? 'pg-migrations has no down step and would run this file as an ordinary forward migration'
        : 'pg-migrations has no down step';
    findings.push({
      code: 'down-migration',
      span: firstLineSpan(file.parsed.text),
      message:
        `"${file.name}" is a rollback (down) migration: ${consequence}, and Electric only accepts forward, ` +
        `additive migrations. Delete it and undo changes with a new forward migration.`,
    });
  }
  const down = downPartStart(file.parsed.comments);
  if (!down) return findings;
  const comment = file.parsed.comments.find((c) => c.span.start === down.start)!;
  const keptForRollbacks = !runsDownPartForward(file.format) && file.format === 'dbmate' && /^migrate:down\b/i.test(down.marker);
  findings.push(
    keptForRollbacks
      ? {
          code: 'down-migration',
          span: comment.span,
          severity: 'warning',
          message: `"-- ${down.marker}" starts dbmate's rollback section: dbmate runs it only on \`dbmate rollback\`. ${NEVER_AGAINST_ELECTRIC}. The statements below it are not checked.`,
        }
      : {
          code: 'down-migration',
          span: comment.span,
          message:
            `"-- ${down.marker}" starts a rollback section, but ${FORMAT_FACTS[file.format].tool} has no down sections: it runs the whole ` +
            `file, so the statements below would execute right after the ones above, and Electric only accepts ` +
            `forward migrations. Remove the section and undo changes with a new forward migration.`,
        },
  );
  return findings;
}
