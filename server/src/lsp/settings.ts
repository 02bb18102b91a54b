/**
 * The settings of one workspace folder: `electric-migrations.json` at the folder's root, then the client's
 * `electricMigrations.*` settings, then the defaults. The file wins where both say something, so the editor agrees
 * with the CLI in CI. Client settings are checked field by field: a bad value is ignored (and logged), never fatal.
 */
import type { MigrationsConfig } from '../config/config';
import { type ElectricRelease, parseElectricRelease } from '../electric/versions';
import { isMigrationFormat, type MigrationFormat } from '../migrations/layout';
import type { LintSettings } from '../rules/context';
import { isRuleId } from '../rules/registry';
import { DEFAULT_ELECTRIC_VERSION, type SeveritySetting } from '../rules/types';

export interface FolderSettings {
  lint: LintSettings;
  /** The migrations directory as configured (relative to the folder, or absolute); undefined: the default search. */
  migrationsDirectory?: string;
  migrationFormat?: MigrationFormat;
  contextDirectories: string[];
  validateWithPglite: boolean;
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

/** The client's settings section, validated; `problems` lists what was ignored. */
/** The client's settings as read, before the config file is laid over them. */
export type ClientSettings = Partial<FolderSettings> & { rules: Record<string, SeveritySetting>; electricVersion?: ElectricRelease };

export function readClientSettings(value: unknown): { settings: ClientSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: ClientSettings = { rules: {} };
  if (value === null || value === undefined) return { settings, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { settings, problems: ['the electricMigrations settings are not an object'] };
  const v = value as Record<string, unknown>;
  if (typeof v.migrationsDirectory === 'string' && v.migrationsDirectory.trim() !== '') settings.migrationsDirectory = v.migrationsDirectory.trim();
  if (typeof v.electricVersion === 'string' && v.electricVersion.trim() !== '') {
    const version = parseElectricRelease(v.electricVersion);
    if (version) settings.electricVersion = version;
    else problems.push(`electricMigrations.electricVersion "${v.electricVersion}" is not an Electric release from 0.6 to 0.12`);
  }
  if (v.rules && typeof v.rules === 'object' && !Array.isArray(v.rules)) {
    for (const [id, severity] of Object.entries(v.rules as Record<string, unknown>)) {
      if (!isRuleId(id)) problems.push(`electricMigrations.rules names an unknown rule "${id}"`);
      else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) problems.push(`electricMigrations.rules.${id} must be one of ${SEVERITIES.join(', ')}`);
      else settings.rules[id] = severity as SeveritySetting;
    }
  }
  if (typeof v.migrationFormat === 'string' && v.migrationFormat !== '') {
    if (isMigrationFormat(v.migrationFormat)) settings.migrationFormat = v.migrationFormat;
    else problems.push(`electricMigrations.migrationFormat "${v.migrationFormat}" is not a known layout`);
  }
  if (Array.isArray(v.contextDirectories)) settings.contextDirectories = v.contextDirectories.filter((d): d is string => typeof d === 'string' && d.trim() !== '');
  if (typeof v.validateWithPglite === 'boolean') settings.validateWithPglite = v.validateWithPglite;
  return { settings, problems };
}

/** The folder's settings: the config file over the client's settings over the defaults. */
export function mergeSettings(config: MigrationsConfig | undefined, client: ReturnType<typeof readClientSettings>['settings']): FolderSettings {
  return {
    lint: {
      ...lintRelease(config, client),
      rules: { ...client.rules, ...(config?.rules ?? {}) },
    },
    migrationsDirectory: config?.migrationsDirectory ?? client.migrationsDirectory,
    migrationFormat: config?.migrationFormat ?? client.migrationFormat,
    contextDirectories: config?.contextDirectories ?? client.contextDirectories ?? [],
    validateWithPglite: client.validateWithPglite ?? false,
  };
}

/** The Electric release the folder lints for, with its patch when one was written (`0.9.2`). */
function lintRelease(config: MigrationsConfig | undefined, client: ClientSettings): Pick<LintSettings, 'electricVersion' | 'electricPatch'> {
  const release: ElectricRelease = config?.electricVersion
    ? { version: config.electricVersion, patch: config.electricPatch }
    : (client.electricVersion ?? { version: DEFAULT_ELECTRIC_VERSION });
  return release.patch === undefined ? { electricVersion: release.version } : { electricVersion: release.version, electricPatch: release.patch };
}
