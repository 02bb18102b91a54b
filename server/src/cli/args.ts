/**
 * Command-line parsing for `electric-migrations` (product.md §3). Returns what to do, or a `UsageError` whose
 * message is the one line printed before exiting with status 2.
 */
import { parseArgs } from 'node:util';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface LintArgs {
  paths: string[];
  dir?: string;
  format: OutputFormat;
  electricVersion?: string;
  config?: string;
  migrationFormat?: string;
}

export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'lint'; args: LintArgs }
  /** A command of the contract that this build does not implement yet. */
  | { kind: 'unavailable'; command: string };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const PLANNED_COMMANDS = new Set(['apply', 'status']);

export const HELP_TEXT = `Usage: electric-migrations <command> [options]

Lints ElectricSQL (0.6–0.12) migration files.

Commands:
  lint [PATH ...]             Check the migration files (default: every .sql file of the migrations directory).
                              With PATHs, report on those files, with the migrations directory as context.
  apply                       Apply pending migrations (not available in this build).
  status                      Show applied and pending migrations (not available in this build).

Options for lint:
  --dir DIR                   The migrations directory (default: migrationsDirectory from the config file,
                              else the first of db/migrations, migrations that exists).
  --format text|json|github   Output format (default: text).
  --electric-version V        The Electric release whose rules apply: 0.6 to 0.12 (default: 0.12).
  --config FILE               The config file (default: the nearest electric-migrations.json).
  --migration-format F        The migrations folder's layout: pg-migrations, dbmate, golang-migrate, prisma or
                              drizzle (default: migrationFormat from the config file, else detected).

  -h, --help                  Show this help.
  --version                   Print the version.

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
`;

export function parseCommandLine(argv: readonly string[]): CliRequest {
  const command = argv[0];
  if (command !== undefined && PLANNED_COMMANDS.has(command)) return { kind: 'unavailable', command };

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
  if (name !== 'lint') throw new UsageError(`unknown command "${name}" (expected lint, apply or status); see --help`);

  const format = values.format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" (expected ${OUTPUT_FORMATS.join(', ')})`);
  }
  for (const [option, value] of [['--dir', values.dir], ['--config', values.config], ['--electric-version', values['electric-version']], ['--migration-format', values['migration-format']]]) {
    if (value === '') throw new UsageError(`option ${option} needs a value`);
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
    },
  };
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
