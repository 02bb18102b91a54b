import type { Located } from '../schema/model';
import type { Span } from '../syntax/ast';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export { ELECTRIC_VERSIONS, DEFAULT_ELECTRIC_VERSION, isElectricVersion, compareVersions, type ElectricVersion } from '../electric/versions';

/** A place in another file (or this one) that explains a diagnostic, resolved to offsets. */
export interface RelatedLocation {
  /** The migration file's path, as the project names it. */
  file: string;
  span: Span;
  message: string;
}

/** What a rule points at to explain a finding: a recorded place (it follows its statement when edits move it). */
export interface RelatedInfo {
  at: Located;
  message: string;
}

/** What a rule reports: offsets into the file, no severity (the registry and the configuration decide it). */
export interface Finding {
  code: string;
  span: Span;
  /** The recorded place of `span` when it lies outside the statement being checked (it follows that statement). */
  at?: Located;
  message: string;
  /** Plain data for code actions (e.g. the span of a DEFAULT clause to remove), about this file only. */
  data?: Record<string, unknown>;
  related?: RelatedInfo[];
  /** The rule's own severity for this finding when it depends on the version (configuration still wins). */
  severity?: Severity;
}

/** A finding placed in a file with its effective severity and its related places resolved. */
export interface Diagnostic extends Omit<Finding, 'related' | 'at'> {
  file: string;
  severity: Severity;
  related?: RelatedLocation[];
}
