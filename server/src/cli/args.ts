/**
 * Command-line parsing for `electric-migrations` (product.md §3). Returns what to do, or a `UsageError` whose
 * message is the one line printed before exiting with status 2.
 */
import { parseArgs } from 'node:util';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** `apply` and `status` print text or JSON (workflow annotations are a lint feature). */
export const APPLY_FORMATS = ['text', 'json'] as const;
export type ApplyFormat = (typeof APPLY_FORMATS)[number];
export const APPLY_TARGETS = ['pglite', 'postgres', 'electric-proxy'] as const;
export type ApplyTargetName = (typeof APPLY_TARGETS)[number];

export interface LintArgs {
  paths: string[];
  dir?: string;
  format: OutputFormat;
  electricVersion?: string;
  config?: string;
  migrationFormat?: string;
  /** `--cache`: keep results for the next run (product.md §3). */
  cache: boolean;
  /** `--cache-location PATH` (only with `--cache`). */
  cacheLocation?: string;
}

/** Where `apply`/`status` go: `--pglite DIR` (or the default directory) or `--database URL`. */
export type DatabaseArgs = { kind: 'pglite'; dir?: string } | { kind: 'postgres' | 'electric-proxy'; url: string };

export interface StatusArgs {
  dir?: string;
  database: DatabaseArgs;
  format: ApplyFormat;
}

export interface ApplyArgs extends StatusArgs {
  dryRun: boolean;
  yes: boolean;
  allowErrors: boolean;
}

export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'lint'; args: LintArgs }
  | { kind: 'apply'; args: ApplyArgs }
  | { kind: 'status'; args: StatusArgs };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options each command takes (parsing accepts all of them, then each command checks its own). */
const COMMAND_OPTIONS: Record<'lint' | 'apply' | 'status', readonly string[]> = {
  lint: ['dir', 'format', 'electric-version', 'config', 'migration-format', 'cache', 'cache-location'],
  apply: ['dir', 'database', 'pglite', 'target', 'dry-run', 'yes', 'allow-errors', 'format'],
  status: ['dir', 'database', 'pglite', 'format'],
};

export const HELP_TEXT = `Usage: electric-migrations <command> [options]

Lints and applies ElectricSQL (0.6–0.12) migration files.

Commands:
  lint [PATH ...]             Check the migration files (default: every .sql file of the migrations directory).
                              With PATHs, report on those files, with the migrations directory as context.
  apply                       Apply the pending migrations (pg-migrations folders), each file in one transaction
                              with its @databases/pg-migrations history row.
  status                      Show applied and pending migrations and problems with the history.

Options for lint:
  --dir DIR                   The migrations directory (default: migrationsDirectory from the config file,
                              else the first of db/migrations, migrations that exists).
  --format text|json|github   Output format (default: text).
  --electric-version V        The Electric release whose rules apply: 0.6 to 0.12 (default: 0.12).
  --config FILE               The config file (default: the nearest electric-migrations.json).
  --cache                     Keep results in a cache file; the next run re-checks only what changed (and what
                              depends on it). Output is the same with and without it.
  --cache-location PATH       The cache file, or a directory for it (default:
                              node_modules/.cache/electric-migrations/lint-cache under the working directory).
  --migration-format F        The migrations folder's layout: pg-migrations, dbmate, golang-migrate, prisma or
                              drizzle (default: migrationFormat from the config file, else detected).

Options for apply and status:
  --dir DIR                   The migrations directory (as for lint).
  --pglite DIR                An embedded PGlite database in DIR, created if missing (the default target,
                              in .electric-migrations/pglite).
  --database URL              A PostgreSQL URL (postgres target), or Electric's migrations proxy with
                              --target electric-proxy.
  --target T                  apply only: pglite, postgres or electric-proxy (DDLX is sent only to the proxy).
  --dry-run                   apply only: apply to a throw-away in-memory PGlite after replaying the applied
                              migrations; changes nothing; exit 1 when a pending file would fail.
  --yes                       apply only: do not ask for confirmation (never asked when stdin is not a terminal).
  --allow-errors              apply only: apply despite error-level lint diagnostics (history checks still apply).
  --format text|json          Output format (default: text).

  -h, --help                  Show this help.
  --version                   Print the version.

Exit status: 0 no errors, 1 errors found or apply failed, 2 bad usage, unreadable input or no database.
`;

export function parseCommandLine(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: 'string' },
        format: { type: 'string' },
        'electric-version': { type: 'string' },
        config: { type: 'string' },
        'migration-format': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        database: { type: 'string' },
        pglite: { type: 'string' },
        target: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
        'allow-errors': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [name, ...paths] = positionals;
  if (name === undefined) throw new UsageError('missing command (expected lint, apply or status); see --help');
  if (name !== 'lint' && name !== 'apply' && name !== 'status') {
    throw new UsageError(`unknown command "${name}" (expected lint, apply or status); see --help`);
  }
  const given = Object.keys(values).filter((k) => k !== 'help' && k !== 'version' && values[k as keyof typeof values] !== undefined);
  const foreign = given.find((k) => !COMMAND_OPTIONS[name].includes(k));
  if (foreign) throw new UsageError(`option --${foreign} is not an option of ${name}; see --help`);
  for (const option of ['dir', 'config', 'electric-version', 'migration-format', 'cache-location', 'database', 'pglite', 'target'] as const) {
    if (values[option] === '') throw new UsageError(`option --${option} needs a value`);
  }
  if (name !== 'lint' && paths.length > 0) {
    throw new UsageError(`${name} takes no file arguments (got "${paths[0]}"); use --dir DIR for the migrations directory`);
  }

  if (name === 'lint') {
    const format = values.format ?? 'text';
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format "${format}" (expected ${OUTPUT_FORMATS.join(', ')})`);
    }
    return {
      kind: 'lint',
      args: {
        paths,
        dir: values.dir,
        format: format as OutputFormat,
        electricVersion: values['electric-version'],
        config: values.config,
        migrationFormat: values['migration-format'],
        cache: values.cache === true,
        cacheLocation: values['cache-location'],
      },
    };
  }

  const format = values.format ?? 'text';
  if (!(APPLY_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" for ${name} (expected ${APPLY_FORMATS.join(', ')})`);
  }
  const database = databaseArgs(values.database, values.pglite, values.target);
  const status: StatusArgs = { dir: values.dir, database, format: format as ApplyFormat };
  if (name === 'status') return { kind: 'status', args: status };
  return {
    kind: 'apply',
    args: { ...status, dryRun: values['dry-run'] === true, yes: values.yes === true, allowErrors: values['allow-errors'] === true },
  };
}

/** product.md §3: no --database → pglite; --database URL → postgres unless --target electric-proxy. */
function databaseArgs(url: string | undefined, pgliteDir: string | undefined, target: string | undefined): DatabaseArgs {
  if (target !== undefined && !(APPLY_TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`unknown target "${target}" (expected ${APPLY_TARGETS.join(', ')})`);
  }
  if (url !== undefined && pgliteDir !== undefined) throw new UsageError('use either --database URL or --pglite DIR, not both');
  if (url === undefined) {
    if (target === 'postgres' || target === 'electric-proxy') throw new UsageError(`--target ${target} needs --database URL`);
    return { kind: 'pglite', dir: pgliteDir };
  }
  if (target === 'pglite') throw new UsageError('--target pglite takes --pglite DIR, not --database URL');
  return { kind: target === 'electric-proxy' ? 'electric-proxy' : 'postgres', url };
}

/** Node's parseArgs messages are long and mention internals; say the same in one short line. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /'([^']+)'/.exec(error.message)?.[1]?.replace(/ <value>$/, '');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}; see --help`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/does not take an argument/.test(error.message)) return `option ${option} does not take a value`;
    return `option ${option} needs a value`;
  }
  return error.message.split('\n')[0];
}
