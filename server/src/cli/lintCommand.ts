/**
 * `electric-migrations lint`: find the config and the migrations directory, read the files, lint, print.
 * All file-system work of linting happens here; `language/lint.ts` stays pure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeElectricVersions, parseElectricVersion, resolveLintSettings } from '../config/config';
import type { MigrationDocument } from '../language/lint';
import { createMigrationService } from '../language/service';
import { DEFAULT_MIGRATION_DIRECTORIES, isIgnoredMigrationName, listMigrationFiles } from '../migrations/discover';
import type { ElectricVersion } from '../rules/types';
import { parseInParallel } from './parallelParse';
import { isMigrationFormat, MIGRATION_FORMATS, type MigrationFormat } from '../migrations/layout';
import { describeFsError, pathKind, readTextFile, UnreadableFileError } from '../migrations/readText';
import { UsageError, type LintArgs } from './args';
import { formatGithub, formatJson, formatText, locateDiagnostics } from './format';
import { InputError, locateConfigAndDirectory, toDisplayPath, type CliEnvironment } from './input';

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
  const input = readInput(args.paths, directory, contexts, env.cwd);
  const reportOnNamed = args.paths.length > 0;

  const settings = resolveLintSettings(config, { electricVersion });
  const service = await createMigrationService();
  const preparsed = await parseInParallel(input.docs.map((d) => d.text), process.argv[1] ?? '');
  const diagnostics = service.lint(input.docs, settings, {
    ...(preparsed ? { preparsed } : {}),
    migrationsDirectory: directory ? toDisplayPath(env.cwd, directory) : null,
    migrationFormat,
    contextDirectories: contexts.map((c) => ({ directory: toDisplayPath(env.cwd, c) })),
    report: reportOnNamed ? (p) => input.named.has(p) : undefined,
  });

  const located = locateDiagnostics(diagnostics, (file) => input.texts.get(file) ?? '');
  const fileCount = reportOnNamed ? input.namedLinted : input.docs.length;
  switch (args.format) {
    case 'json':
      env.stdout(formatJson(located, fileCount));
      break;
    case 'github':
      env.stdout(formatGithub(located));
      break;
    case 'text':
      env.stdout(formatText(located, fileCount));
      break;
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
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

/** Reads the migrations directory's files, then the named ones (each file once, whichever way it is named). */
function readInput(paths: readonly string[], directory: string | undefined, contexts: readonly string[], cwd: string): LintInput {
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
  const isIgnoredInDirectory = (absolute: string) =>
    directory !== undefined && path.dirname(absolute) === directory && isIgnoredMigrationName(path.basename(absolute));

  if (directory) {
    // pg-migrations skips `_` files without reading them; so do we (they may be large seeds).
    for (const file of listDirectory(directory, cwd)) if (!isIgnoredInDirectory(file)) add(file);
  }
  for (const context of contexts) for (const file of listDirectory(context, cwd)) add(file);
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

function parseVersionOption(value: string | undefined): ElectricVersion | undefined {
  if (value === undefined) return undefined;
  const version = parseElectricVersion(value);
  if (!version) throw new UsageError(`unknown Electric version "${value}" (expected one of ${describeElectricVersions()})`);
  return version;
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
