/**
 * Rules about migration files as files: their names, their place in the directory, and rollback sections.
 * `migration-bad-filename`, `migration-duplicate-index`, `down-migration` (product.md §4).
 */
import type { Span } from '../syntax/ast';
import type { FileRuleContext, MigrationFile } from './context';
import type { Finding } from './types';

/** File-level findings sit on line 1: the whole first line, or an empty range in an empty file. */
export function firstLineSpan(text: string): Span {
  const lineBreak = text.search(/[\r\n]/);
  return { start: 0, end: lineBreak < 0 ? text.length : lineBreak };
}

export function migrationFileRules(ctx: FileRuleContext): Finding[] {
  return [...badFilename(ctx.file), ...duplicateIndex(ctx), ...downMigration(ctx.file)];
}

function badFilename(file: MigrationFile): Finding[] {
  if (file.role !== 'misnamed' || !file.name.endsWith('.sql')) return [];
  return [
    {
      code: 'migration-bad-filename',
      span: firstLineSpan(file.parsed.text),
      message:
        `"${file.name}" does not start with a number and "-", so @databases/pg-migrations (which applies ` +
        `Electric migrations) will not apply it and stops on the invalid file name. Rename it with the next ` +
        `number (e.g. "NN-${file.name}"), or prefix it with "_" to keep it in the folder without applying it.`,
    },
  ];
}

function duplicateIndex(ctx: FileRuleContext): Finding[] {
  const { file } = ctx;
  if (file.role !== 'migration' || file.index === undefined) return [];
  const others = (ctx.filesByIndex.get(file.index) ?? []).filter((f) => f.path !== file.path);
  if (others.length === 0) return [];
  const names = others.map((f) => `"${f.name}"`).join(', ');
  return [
    {
      code: 'migration-duplicate-index',
      span: firstLineSpan(file.parsed.text),
      message:
        `Migration index ${file.index} is also used by ${names}: pg-migrations numbers migrations by their ` +
        `prefix and refuses to run two with the same index. Give each file its own number.`,
    },
  ];
}

/** Rollback file names of the common migration tools (dbmate, golang-migrate, sqlx, …). */
const DOWN_FILE_NAMES = [/\.down\.sql$/i, /^down\.sql$/i, /_down\.sql$/i];

/** Section markers of dbmate (`-- migrate:down`), goose (`-- +goose Down`) and sql-migrate (`-- +migrate Down`). */
const DOWN_MARKERS = [/^migrate:down\b/i, /^\+goose\s+down\b/i, /^\+migrate\s+down\b/i];

function downMigration(file: MigrationFile): Finding[] {
  const findings: Finding[] = [];
  if (DOWN_FILE_NAMES.some((pattern) => pattern.test(file.name))) {
    const consequence =
      file.index !== undefined
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
  for (const comment of file.parsed.comments) {
    if (comment.block) continue;
    const body = comment.body.trim();
    if (!DOWN_MARKERS.some((pattern) => pattern.test(body))) continue;
    findings.push({
      code: 'down-migration',
      span: comment.span,
      message:
        `"-- ${body}" starts a rollback section, but pg-migrations has no down migrations: it runs the whole ` +
        `file, so the statements below would execute right after the ones above, and Electric only accepts ` +
        `forward migrations. Remove the section and undo changes with a new forward migration.`,
    });
  }
  return findings;
}
