import type { Span } from '../syntax/ast';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Electric minor releases the rules know (product.md §4: `0.9` means the newest 0.9.x). */
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

/** A place in another file (or this one) that explains a finding. */
export interface RelatedLocation {
  /** The migration file's path, as the project names it. */
  file: string;
  span: Span;
  message: string;
}

/** What a rule reports: offsets into the file, no severity (the registry and the configuration decide it). */
export interface Finding {
  code: string;
  span: Span;
  message: string;
  /** Plain data for code actions (e.g. the span of a DEFAULT clause to remove). */
  data?: Record<string, unknown>;
  related?: RelatedLocation[];
  /** The rule's own severity for this finding when it depends on the version (configuration still wins). */
  severity?: Severity;
}

/** A finding placed in a file with its effective severity. */
export interface Diagnostic extends Finding {
  file: string;
  severity: Severity;
}
