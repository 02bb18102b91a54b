/**
 * What every CLI command shares and that loads nothing heavy: the environment it runs in, the input error (exit 2),
 * finding the config file and the migrations directory, and how paths are shown. Kept apart from lintCommand.ts so
 * that `status` and `apply` start without loading the linter (the grammar costs about 100 ms of start-up).
 */
import path from 'node:path';
import { ConfigError, findConfig, loadConfig, type MigrationsConfig } from '../config/config';
import { MissingDirectoryError, resolveMigrationsDirectory } from '../migrations/discover';
import type { LintArgs } from './args';

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
}

/** Input the CLI cannot work with (a missing directory, an unreadable file, a bad config): exit status 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
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

/** Paths in output are relative to the working directory and use `/`, whatever the platform. */
export function toDisplayPath(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}
