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

export function atLeast(version: ElectricVersion, minimum: ElectricVersion): boolean {
  return compareVersions(version, minimum) >= 0;
}
