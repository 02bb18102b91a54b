/**
 * `electric-migrations.json`, read by the CLI and the language server:
 *   { "migrationsDirectory": "db/migrations", "electricVersion": "0.12", "rules": { "<rule-id>": "error|warning|info|off" },
 *     "migrationFormat": "pg-migrations", "contextDirectories": ["prisma/migrations"] }
 * Every field is optional. Validation is strict and names the file and the field: a typo in a rule id or a
 * severity would otherwise silently leave a rule at its default.
 */
import fs from 'node:fs';
import { readTextFile, UnreadableFileError } from '../migrations/readText';
import path from 'node:path';
import type { LintSettings } from '../rules/context';
import { isMigrationFormat, MIGRATION_FORMATS, type MigrationFormat } from '../migrations/layout';
import { isRuleId } from '../rules/registry';
import { type ElectricRelease, parseElectricRelease } from '../electric/versions';
import { DEFAULT_ELECTRIC_VERSION, ELECTRIC_VERSIONS, type ElectricVersion, type SeveritySetting } from '../rules/types';

export const CONFIG_FILE_NAME = 'electric-migrations.json';

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];
const KNOWN_FIELDS = ['$schema', 'migrationsDirectory', 'electricVersion', 'rules', 'migrationFormat', 'contextDirectories'];

/** The validated content of a config file. */
export interface MigrationsConfig {
  /** Relative to the config file's directory (or absolute). */
  migrationsDirectory?: string;
  electricVersion?: ElectricVersion;
  /** Set when `electricVersion` names a patch release (`"0.9.2"`). */
  electricPatch?: number;
  rules: Record<string, SeveritySetting>;
  /** The migrations directory's layout; detected when absent. */
  migrationFormat?: MigrationFormat;
  /** Folders (relative to the config file's directory) whose migrations build the schema first. */
  contextDirectories?: string[];
}

/** A config file that cannot be read or is invalid; the message names the file and the field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

/**
 * An Electric release as users write it: a minor (`0.9`) or a patch release (`0.9.3`, read as its minor, since the
 * rules are per minor release). Undefined when it is not one of 0.6–0.12.
 */
export function parseElectricVersion(value: string): ElectricVersion | undefined {
  return parseElectricRelease(value)?.version;
}

export function describeElectricVersions(): string {
  return ELECTRIC_VERSIONS.join(', ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a config file's text. `file` is only used in error messages. */
export function parseConfig(text: string, file: string): MigrationsConfig {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(file, `invalid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(data)) throw new ConfigError(file, 'expected a JSON object');

  for (const key of Object.keys(data)) {
    if (!KNOWN_FIELDS.includes(key)) {
      throw new ConfigError(file, `unknown field "${key}" (expected ${KNOWN_FIELDS.slice(1).join(', ')})`);
    }
  }

  const config: MigrationsConfig = { rules: {} };
  const { migrationsDirectory, electricVersion, rules, migrationFormat, contextDirectories } = data;
  if (migrationsDirectory !== undefined) {
    if (typeof migrationsDirectory !== 'string' || migrationsDirectory.trim() === '') {
      throw new ConfigError(file, '"migrationsDirectory" must be a non-empty string, e.g. "db/migrations"');
    }
    config.migrationsDirectory = migrationsDirectory;
  }
  if (electricVersion !== undefined) {
    // A JSON number cannot say 0.10 (it reads as 0.1), so only strings are accepted.
    const release = typeof electricVersion === 'string' ? parseElectricRelease(electricVersion) : undefined;
    if (!release) {
      throw new ConfigError(
        file,
        `"electricVersion" must be a string naming one of ${describeElectricVersions()}; got ${JSON.stringify(electricVersion)}`,
      );
    }
    config.electricVersion = release.version;
    if (release.patch !== undefined) config.electricPatch = release.patch;
  }
  if (rules !== undefined) {
    if (!isPlainObject(rules)) throw new ConfigError(file, '"rules" must be an object mapping rule ids to severities');
    for (const [id, severity] of Object.entries(rules)) {
      if (!isRuleId(id)) throw new ConfigError(file, `"rules" names an unknown rule "${id}"`);
      if (typeof severity !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(severity)) {
        throw new ConfigError(
          file,
          `"rules.${id}" must be one of ${SEVERITY_SETTINGS.join(', ')}; got ${JSON.stringify(severity)}`,
        );
      }
      config.rules[id] = severity as SeveritySetting;
    }
  }
  if (migrationFormat !== undefined) {
    if (!isMigrationFormat(migrationFormat)) {
      throw new ConfigError(file, `"migrationFormat" must be one of ${MIGRATION_FORMATS.join(', ')}; got ${JSON.stringify(migrationFormat)}`);
    }
    config.migrationFormat = migrationFormat;
  }
  if (contextDirectories !== undefined) {
    if (!Array.isArray(contextDirectories) || contextDirectories.some((d) => typeof d !== 'string' || d.trim() === '')) {
      throw new ConfigError(file, '"contextDirectories" must be a list of folder names, e.g. ["prisma/migrations"]');
    }
    config.contextDirectories = contextDirectories as string[];
  }
  return config;
}

/** Reads and validates a config file; unreadable files (a directory, a FIFO, a huge file) are a `ConfigError` too. */
export function loadConfig(file: string): MigrationsConfig {
  let text: string;
  try {
    text = readTextFile(file, file, MAX_CONFIG_BYTES);
  } catch (error) {
    const reason = error instanceof UnreadableFileError ? (error.reason === 'no such file' ? 'file not found' : error.reason) : (error as Error).message;
    throw new ConfigError(file, `cannot read config: ${reason}`);
  }
  return parseConfig(text, file);
}

/** A config file is a few lines; anything much larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The nearest `electric-migrations.json` in `startDir` or one of its ancestors, or undefined. */
export function findConfig(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Lint settings from the defaults, then the config file, then explicit overrides (e.g. `--electric-version`),
 * later ones winning.
 */
export function resolveLintSettings(
  config?: MigrationsConfig,
  overrides: { electricVersion?: ElectricRelease } = {},
): LintSettings {
  // The patch goes with the version it was written with: `--electric-version 0.12` drops a config's `0.9.2` patch.
  const release: ElectricRelease = overrides.electricVersion ?? (config?.electricVersion ? { version: config.electricVersion, patch: config.electricPatch } : { version: DEFAULT_ELECTRIC_VERSION });
  return {
    electricVersion: release.version,
    ...(release.patch !== undefined ? { electricPatch: release.patch } : {}),
    rules: { ...(config?.rules ?? {}) },
  };
}
