/**
 * Electric releases the rules know, as minor versions (product.md §4: `0.9` means the newest 0.9.x). A leaf module:
 * the schema model, the rules, hover and completion all ask it which release does what.
 */
export const ELECTRIC_VERSIONS = ['0.6', '0.7', '0.8', '0.9', '0.10', '0.11', '0.12'] as const;
export type ElectricVersion = (typeof ELECTRIC_VERSIONS)[number];
export const DEFAULT_ELECTRIC_VERSION: ElectricVersion = '0.12';

export function isElectricVersion(value: unknown): value is ElectricVersion {
  return typeof value === 'string' && (ELECTRIC_VERSIONS as readonly string[]).includes(value);
}

/** Compares two versions: negative when a < b. */
export function compareVersions(a: ElectricVersion, b: ElectricVersion): number {
  return ELECTRIC_VERSIONS.indexOf(a) - ELECTRIC_VERSIONS.indexOf(b);
}

/**
 * A release as users write it: a minor (`0.9`, the newest patch of it) or a patch release (`0.9.2`). Rules are per
 * minor, except where the catalogue knows a patch boundary (`RuleMeta.sincePatch`); only there does `patch` count.
 */
export interface ElectricRelease {
  version: ElectricVersion;
  /** Undefined for a bare minor: its newest patch, so every rule of that minor applies. */
  patch?: number;
}

/** `0.9`, `0.9.2`, `v0.12.1`; undefined when it is not a release from 0.6 to 0.12. */
export function parseElectricRelease(text: string): ElectricRelease | undefined {
  const match = /^v?0\.(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!match) return undefined;
  const version = `0.${Number.parseInt(match[1], 10)}`;
  if (!isElectricVersion(version)) return undefined;
  return match[2] === undefined ? { version } : { version, patch: Number.parseInt(match[2], 10) };
}

export function atLeast(version: ElectricVersion, minimum: ElectricVersion): boolean {
  return compareVersions(version, minimum) >= 0;
}
