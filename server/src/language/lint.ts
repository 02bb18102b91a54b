/**
 * The linter: one pure function from migration texts to diagnostics, shared by the CLI and the language server.
 * No file system and no editor types here; callers read files and convert offsets at their edge.
 */
import type { LintSettings, MigrationFile, MigrationRole, RuleContext } from '../rules/context';
import { FILE_RULE_FAMILIES, STATEMENT_RULE_FAMILIES } from '../rules/index';
import { rulePolicy, type RulePolicy } from '../rules/policy';
import { applySuppressions } from '../rules/suppression';
import type { Diagnostic, Finding } from '../rules/types';
import {
  baseName,
  compareMigrationNames,
  directoryOf,
  isIgnoredMigrationName,
  migrationIndex,
  normalizeDirectory,
} from '../migrations/naming';
import { parseFile } from '../syntax/parse';
import { ParseCache } from './parseCache';

export type { LintSettings } from '../rules/context';

/** A migration file's text and the path shown to the user (diagnostics carry it back unchanged). */
export interface MigrationDocument {
  path: string;
  text: string;
}

export interface LintOptions {
  /**
   * The migrations directory, written the way the documents' paths are (both relative to one directory, or both
   * absolute). Documents directly inside it form the migration sequence; others are linted each on their own.
   * When absent, every document is taken to be in the migrations directory; `null` says there is none, so every
   * document is linted on its own.
   */
  migrationsDirectory?: string | null;
  /** Which documents to report on (default: all). The others still serve as context for those reported. */
  report?: (path: string) => boolean;
  /** Parsed files by text; defaults to one cache shared by every call in the process. */
  parseCache?: ParseCache;
}

const sharedParseCache = new ParseCache(parseFile);

/**
 * Lints a set of migration documents: every `.sql` file of the migrations directory, plus files named explicitly.
 * Returns diagnostics sorted by file, then position. `_`-prefixed files of the directory are ignored entirely, as
 * pg-migrations ignores them. `initParser()` must have completed before the first call.
 */
export function lintMigrations(
  docs: MigrationDocument[],
  settings: LintSettings,
  options: LintOptions = {},
): Diagnostic[] {
  const cache = options.parseCache ?? sharedParseCache;
  const report = options.report ?? (() => true);
  const files = classify(docs, options.migrationsDirectory, report, cache);
  const sequence = files.filter((f) => f.role === 'migration').sort((a, b) => compareMigrationNames(a.name, b.name));
  const directory = files.filter((f) => f.role !== 'standalone');
  const positions = new Map(sequence.map((f, i) => [f, i]));
  const policy = rulePolicy(settings);

  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    if (!report(file.path)) continue;
    const inSequence = file.role === 'migration';
    const ctx: RuleContext = {
      file,
      sequence: inSequence ? sequence : [file],
      position: positions.get(file) ?? 0,
      directory: file.role === 'standalone' ? [] : directory,
      settings,
    };
    for (const finding of lintFile(ctx, policy)) {
      diagnostics.push({ ...finding, file: file.path, severity: policy.severityOf(finding.code, finding.severity) });
    }
  }
  return diagnostics.sort(compareDiagnostics);
}

/** The findings of one file that survive versions, `off` settings and suppression comments. */
function lintFile(ctx: RuleContext, policy: RulePolicy): Finding[] {
  const { parsed } = ctx.file;
  const findings: Finding[] = parsed.errors.map((error) => ({
    code: 'syntax-error',
    span: error.span,
    message: error.message,
  }));
  for (const family of FILE_RULE_FAMILIES) findings.push(...family(ctx));
  if (ctx.file.role !== 'misnamed') {
    for (const family of STATEMENT_RULE_FAMILIES) findings.push(...family(ctx));
  }
  const active = findings.filter((f) => policy.isActive(f.code));
  const { kept, unused } = applySuppressions(parsed, active, (id) => policy.isActive(id));
  return policy.isActive('unused-ignore') ? [...kept, ...unused] : kept;
}

/**
 * Gives each document its role and parses the ones that matter: every numbered migration (context for the
 * others) and every document to report on. Duplicate paths keep their first text.
 */
function classify(
  docs: readonly MigrationDocument[],
  migrationsDirectory: string | null | undefined,
  report: (path: string) => boolean,
  cache: ParseCache,
): MigrationFile[] {
  const directory = typeof migrationsDirectory === 'string' ? normalizeDirectory(migrationsDirectory) : migrationsDirectory;
  const seen = new Set<string>();
  const files: MigrationFile[] = [];
  for (const doc of docs) {
    if (seen.has(doc.path)) continue;
    seen.add(doc.path);
    const name = baseName(doc.path);
    const inDirectory = directory === undefined || (directory !== null && directoryOf(doc.path) === directory);
    if (inDirectory && isIgnoredMigrationName(name)) continue;
    const index = migrationIndex(name);
    const role: MigrationRole = !inDirectory ? 'standalone' : index !== undefined ? 'migration' : 'misnamed';
    if (role !== 'migration' && !report(doc.path)) continue;
    files.push({ path: doc.path, name, role, index: inDirectory ? index : undefined, parsed: cache.get(doc.text) });
  }
  return files;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
