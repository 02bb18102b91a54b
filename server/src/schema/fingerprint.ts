/**
 * A catalog's fingerprint: a hash of a canonical dump of everything it holds, places included (file and offsets as
 * they are now), so that two catalogs with the same fingerprint give every rule the same answers — and the same
 * related locations. The CLI's cache stores each file's findings with the fingerprint of the schema before it:
 * a file is checked again exactly when its text or that schema changed.
 *
 * Unlike `Catalog.sameSchema` (which lets a definition move with its statement), this is a value that can be
 * written to disk and compared in a later process.
 */
import crypto from 'node:crypto';
import type { Catalog } from './catalog';
import { Located } from './model';

/**
 * Fingerprints for the catalogs of one run. Frozen catalogs share unchanged tables, types and list entries with
 * the snapshots before them (copy on write), and never change again: their entries' digests are computed once
 * and reused, so fingerprinting the catalog before every file costs about its number of entries, not its size.
 */
export class SchemaFingerprints {
  private readonly entries = new WeakMap<object, string>();
  private readonly catalogs = new WeakMap<Catalog, string>();

  of(catalog: Catalog): string {
    const known = this.catalogs.get(catalog);
    if (known) return known;
    // An unfrozen catalog may still change in place: nothing of it may be remembered.
    const remember = catalog.isFrozen;
    const hash = crypto.createHash('sha256');
    for (const part of catalog.canonicalParts()) hash.update(this.collection(part, remember)).update('\n');
    const digest = hash.digest('base64url');
    if (remember) this.catalogs.set(catalog, digest);
    return digest;
  }

  /** A top-level collection: one digest per entry (the entries are what snapshots share). */
  private collection(part: unknown, remember: boolean): string {
    if (part instanceof Map) return [...part].map(([key, value]) => `${JSON.stringify(key)}=${this.entry(value, remember)}`).join(',');
    if (part instanceof Set || Array.isArray(part)) return [...part].map((value) => this.entry(value, remember)).join(',');
    return canonical(part);
  }

  private entry(value: unknown, remember: boolean): string {
    if (typeof value !== 'object' || value === null) return canonical(value);
    const known = this.entries.get(value);
    if (known) return known;
    const digest = crypto.createHash('sha256').update(canonical(value)).digest('base64url');
    if (remember) this.entries.set(value, digest);
    return digest;
  }
}

/** A deterministic text for plain data: object keys sorted, undefined members left out, places as file offsets. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
  if (value instanceof Located) {
    const span = value.span;
    return `@${JSON.stringify(value.file)}:${span.start}-${span.end}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Map) return `M{${[...value].map(([k, v]) => `${canonical(k)}:${canonical(v)}`).join(',')}}`;
  if (value instanceof Set) return `S[${[...value].map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
}
