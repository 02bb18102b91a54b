/**
 * Where a workspace may find a file's findings from an earlier run (the CLI's `--cache`): the findings of a file's
 * text checked from a schema with a given fingerprint hold again, with no rule run. Pure interface: the CLI keeps
 * the entries on disk, the workspace only asks and tells.
 */
import type { Finding } from '../rules/types';
import type { Catalog } from '../schema/catalog';

/** What checking one file found: its statements' findings, and what its `later` checks found. */
export interface StoredCheck {
  findings: Finding[];
  /** Null when the file has no check that needs the final schema; else the findings and that schema's `finalFingerprint`. */
  deferred: { against: string; findings: Finding[] } | null;
}

export interface CheckStore {
  /** The schema's fingerprint (schema/fingerprint.ts). */
  fingerprint(catalog: Catalog): string;
  /** The fingerprint of what `later` checks may read of a final schema (`FinalSchema`). */
  finalFingerprint(final: Catalog): string;
  /** The stored check of this file's text from a schema with fingerprint `before`, if any. */
  lookup(path: string, text: string, before: string): StoredCheck | undefined;
  /** Keeps a check just made. */
  save(path: string, text: string, before: string, check: StoredCheck): void;
}
