/**
 * `electric-migrations lint`: find the config and the migrations directory, read the files, lint, print.
 * All file-system work of linting happens here; `language/lint.ts` stays pure.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  describeElectricVersions,
  findConfig,
  loadConfig,
  resolveLintSettings,
  type MigrationsConfig,
} from '../config/config';
import type { MigrationDocument } from '../language/lint';
import {
  DEFAULT_MIGRATION_DIRECTORIES,
  isIgnoredMigrationName,
  listMigrationFiles,
  MissingDirectoryError,
  resolveMigrationsDirectory,
} from '../migrations/discover';
import { type ElectricRelease, parseElectricRelease } from '../electric/versions';
import { cacheFile, hashText, readCacheHeader, storedRun, writeCache } from './lintCache';
import type { LintRunStats } from './lintEngine';
import { engineVersion } from './version';
import { isMigrationFormat, MIGRATION_FORMATS, type MigrationFormat } from '../migrations/layout';
import { describeFsError, describePathKind, pathKind, readTextFile, UnreadableFileError } from '../migrations/readText';
import { escapeControlCharacters } from '../util/displayText';
import { UsageError, type LintArgs } from './args';
import { formatGithub, formatJson, formatText, locateDiagnostics } from './format';

/** Where the CLI writes and which directory relative paths start from; tests pass their own. */
export interface CliEnvironment {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Asks the user a question and resolves with the answer; absent when nobody can answer (stdin is not a
   * terminal), in which case `apply` does not ask for confirmation.
   */
  ask?: (question: string) => Promise<string>;
  /** Told the counters of each lint run (tests hold the cache's savings to a budget with them). */
  onLintStats?: (stats: LintRunStats) => void;
}

/** Input the CLI cannot work with (a missing directory, an unreadable file, a bad config): exit status 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Runs `lint` and returns the exit status: 0 without errors, 1 with errors. Input problems throw. */
export async function runLint(args: LintArgs, env: CliEnvironment): Promise<number> {
  const electricVersion = parseVersionOption(args.electricVersion);
  const { config, configFile, directory } = locateConfigAndDirectory(args, env.cwd);
  if (!directory && args.paths.length === 0) {
    throw new InputError(
      `no migrations directory: none of ${DEFAULT_MIGRATION_DIRECTORIES.join(', ')} exists in ${env.cwd}; pass --dir DIR`,
    );
  }

  const migrationFormat = parseFormatOption(args.migrationFormat) ?? config?.migrationFormat;
  // Context folders are relative to the config file that names them.
  const contexts = (config?.contextDirectories ?? []).map((d) => path.resolve(configFile ? path.dirname(configFile) : env.cwd, d));
  for (const context of contexts) {
    if (pathKind(context) !== 'directory') throw new InputError(`context directory not found: ${toDisplayPath(env.cwd, context) || '.'} (contextDirectories in ${configFile})`);
  }
  const input = readInput(args.paths, directory, contexts, env.cwd, (warning) => env.stderr(`electric-migrations: warning: ${escapeControlCharacters(warning)}\n`));
  const reportOnNamed = args.paths.length > 0;

  const settings = resolveLintSettings(config, { electricVersion });
  const options = {
    migrationsDirectory: directory ? toDisplayPath(env.cwd, directory) : null,
    migrationFormat,
    contextDirectories: contexts.map((c) => ({ directory: toDisplayPath(env.cwd, c) })),
  };
  // Findings depend on the settings and the layout; the run's output also on what is reported and how.
  const settingsKey = JSON.stringify({ settings, ...options });
  const engine = engineVersion();
  const cache = args.cache ? { file: cacheFile(env.cwd, args.cacheLocation), settings: settingsKey } : undefined;
  const header = cache ? readCacheHeader(cache.file, engine) : undefined;
  const runKey = cache
    ? hashText(
        JSON.stringify({
          settingsKey,
          cwd: env.cwd,
          format: args.format,
          named: [...input.named].sort(),
          files: input.docs.map((d) => [d.path, hashText(d.text)]),
        }),
      )
    : undefined;
  const stored = runKey ? storedRun(header, runKey) : undefined;
  if (stored) {
    env.onLintStats?.({ statementsParsed: 0, filesChecked: 0, filesFromCache: input.docs.length });
    env.stdout(stored.stdout);
    return stored.status;
  }

  // `require`, not `import()`: in the bundle this loads dist/lint-engine.js (scripts/build.mjs), and Node's ESM loader
  // would first scan the whole CommonJS bundle for its export names (~100 ms measured).
  const { lintDocuments } = require('./lintEngine') as typeof import('./lintEngine');
  const report = reportOnNamed ? (p: string) => input.named.has(p) : undefined;
  const result = await lintDocuments(input.docs, settings, { ...options, report }, cache && { ...cache, header });
  const { diagnostics } = result;
  env.onLintStats?.(result.stats);

  const located = locateDiagnostics(diagnostics, (file) => input.texts.get(file) ?? '');
  const fileCount = reportOnNamed ? input.namedLinted : input.docs.length;
  const output = formatOutput(args.format, located, fileCount);
  const status = diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  env.stdout(output);
  if (cache && runKey && result.cacheBody !== undefined) {
    // A cache that cannot be written costs the next run time, not this run its result.
    const problem = writeCache(cache.file, { engine, settings: settingsKey, run: { key: runKey, stdout: output, status } }, result.cacheBody);
    if (problem) env.stderr(`electric-migrations: warning: the lint cache was not written (${problem})\n`);
  }
  return status;
}

function formatOutput(format: LintArgs['format'], located: ReturnType<typeof locateDiagnostics>, fileCount: number): string {
  switch (format) {
    case 'json':
      return formatJson(located, fileCount);
    case 'github':
      return formatGithub(located);
    case 'text':
      return formatText(located, fileCount);
  }
}

interface LintInput {
  /** Every file to lint or to use as context, by display path. */
  docs: MigrationDocument[];
  texts: Map<string, string>;
  /** Display paths of the PATH arguments. */
  named: Set<string>;
  /** How many named files are linted (a `_` file of the migrations directory is skipped even when named). */
  namedLinted: number;
}

/**
 * Reads the migrations directory's files, then the named ones (each file once, whichever way it is named). A listed
 * entry that is no regular file (a broken link, a link loop, a directory or FIFO named `*.sql`) is skipped with a
 * warning: the folder's other files are still linted, and the user is told what was left out.
 */
function readInput(paths: readonly string[], directory: string | undefined, contexts: readonly string[], cwd: string, warn: (warning: string) => void): LintInput {
  const input: LintInput = { docs: [], texts: new Map(), named: new Set(), namedLinted: 0 };
  const add = (absolute: string): string => {
    const shown = toDisplayPath(cwd, absolute);
    if (!input.texts.has(shown)) {
      const text = readText(absolute, shown);
      input.texts.set(shown, text);
      input.docs.push({ path: shown, text });
    }
    return shown;
  };
  const isReadableListing = (absolute: string): boolean => {
    const kind = pathKind(absolute);
    if (kind === 'file') return true;
    warn(`skipped ${toDisplayPath(cwd, absolute)}: ${describePathKind(kind)}`);
    return false;
  };
  const isIgnoredInDirectory = (absolute: string) =>
    directory !== undefined && path.dirname(absolute) === directory && isIgnoredMigrationName(path.basename(absolute));

  if (directory) {
    // pg-migrations skips `_` files without reading them; so do we (they may be large seeds).
    for (const file of listDirectory(directory, cwd)) if (!isIgnoredInDirectory(file) && isReadableListing(file)) add(file);
  }
  for (const context of contexts) for (const file of listDirectory(context, cwd)) if (isReadableListing(file)) add(file);
  for (const given of paths) {
    const absolute = resolveNamedPath(cwd, given);
    const shown = add(absolute);
    if (input.named.has(shown)) continue;
    input.named.add(shown);
    if (!isIgnoredInDirectory(absolute)) input.namedLinted++;
  }
  return input;
}

function listDirectory(directory: string, cwd: string): string[] {
  try {
    return listMigrationFiles(directory);
  } catch (error) {
    throw new InputError(`cannot read ${toDisplayPath(cwd, directory) || '.'}: ${describeFsError(error)}`);
  }
}

function parseFormatOption(value: string | undefined): MigrationFormat | undefined {
  if (value === undefined) return undefined;
  if (!isMigrationFormat(value)) throw new UsageError(`unknown migration format "${value}" (expected one of ${MIGRATION_FORMATS.join(', ')})`);
  return value;
}

function parseVersionOption(value: string | undefined): ElectricRelease | undefined {
  if (value === undefined) return undefined;
  const version = parseElectricRelease(value);
  if (!version) throw new UsageError(`unknown Electric version "${value}" (expected one of ${describeElectricVersions()})`);
  return version;
}

/**
 * The config file and the migrations directory. `--config` wins; else the nearest config above `--dir`; without
 * `--dir`, the nearest config above cwd may name the directory, and otherwise the default directory is used and
 * the config searched from there (a config inside `db/migrations` is nearer than one at the project root).
 */
export function locateConfigAndDirectory(
  args: Pick<LintArgs, 'dir' | 'config'>,
  cwd: string,
): { config?: MigrationsConfig; configFile?: string; directory?: string } {
  try {
    let configFile = args.config !== undefined ? path.resolve(cwd, args.config) : undefined;
    let config = configFile ? loadConfig(configFile) : undefined;
    if (!configFile && args.dir === undefined) {
      configFile = findConfig(cwd);
      config = configFile ? loadConfig(configFile) : undefined;
    }
    const configured =
      args.dir === undefined && configFile && config?.migrationsDirectory !== undefined
        ? { migrationsDirectory: config.migrationsDirectory, configFile }
        : undefined;
    const directory = resolveMigrationsDirectory({ cwd, dir: args.dir, configured })?.path;
    if (args.config === undefined && !configured && directory) {
      const nearest = findConfig(directory);
      if (nearest && nearest !== configFile) {
        configFile = nearest;
        config = loadConfig(nearest);
      }
    }
    return { config, configFile, directory };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MissingDirectoryError) throw new InputError(error.message);
    throw error;
  }
}

/** A PATH argument as an absolute file path; a missing file or a directory is an input error naming it. */
function resolveNamedPath(cwd: string, given: string): string {
  const absolute = path.resolve(cwd, given);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch (error) {
    throw new InputError(`cannot read ${given}: ${describeFsError(error)}`);
  }
  if (stat.isDirectory()) throw new InputError(`${given} is a directory; use --dir ${given} to lint a migrations directory`);
  return absolute;
}

/** A file's text as the editor would show it (see migrations/readText.ts); any failure is an input error. */
function readText(absolute: string, shown: string): string {
  try {
    return readTextFile(absolute, shown);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new InputError(error.message);
    throw error;
  }
}

/** Paths in output are relative to the working directory and use `/`, whatever the platform. */
export function toDisplayPath(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}
