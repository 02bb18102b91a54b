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
import { PersistentMap } from '../util/persistentMap';
import { Located } from './model';

/** 2^128: entry hashes are summed modulo this (a multiset hash, so that a change costs only its entries). */
const MODULUS = 1n << 128n;

/** What a part of the last fingerprinted catalog hashed to: the part itself, to diff the next one against. */
type PartDigest = { kind: 'keyed'; part: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>; sum: bigint } | { kind: 'list'; part: readonly unknown[]; chain: string } | { kind: 'plain'; text: string };

/**
 * Fingerprints for the catalogs of one run. Consecutive snapshots share almost all of their tables, types and list
 * entries (copy on write), and a frozen catalog never changes again. So each catalog costs about what changed since
 * the others: tables, types and indexes (persistent tries) as a sum of per-entry hashes summed node by node, shared
 * nodes once; the other keyed parts (small plain maps and sets) as the previous catalog's sum corrected for the
 * entries that are not the very same objects; append-only lists (assignments, grants) as a hash chain extended by
 * the new entries. Fingerprinting the schema before each of 400 files then costs about the entries that
 * changed, not 400 times the whole schema (measured on the bench folder: 456 ms of a 1.5 s warm run before).
 *
 * The sum does not see the order of a map's keys. Two schemas with the same entries — same definitions at the same
 * places — in another insertion order would share a fingerprint; the places make that practically impossible.
 */
export class SchemaFingerprints {
  private readonly entries = new WeakMap<object, string>();
  /** Sums of trie nodes (PersistentMap.foldNodes): shared nodes are summed once. */
  private readonly nodes = new WeakMap<object, bigint>();
  private readonly catalogs = new WeakMap<Catalog, string>();
  private readonly finals = new WeakMap<Catalog, string>();
  private last?: PartDigest[];

  of(catalog: Catalog): string {
    const known = this.catalogs.get(catalog);
    if (known) return known;
    // An unfrozen catalog may still change in place: nothing of it may be remembered or diffed against.
    const frozen = catalog.isFrozen;
    const previous = frozen ? this.last : undefined;
    const digests = catalog.canonicalParts().map((part, i) => this.part(part, previous?.[i], frozen));
    const hash = crypto.createHash('sha256');
    for (const d of digests) hash.update(d.kind === 'keyed' ? d.sum.toString(36) : d.kind === 'list' ? d.chain : d.text).update('\n');
    const digest = hash.digest('base64url');
    if (frozen) {
      this.catalogs.set(catalog, digest);
      this.last = digests;
    }
    return digest;
  }

  /** The fingerprint of what `FinalSchema` shows of a catalog: its tables' electrification and the assignments. */
  ofFinal(catalog: Catalog): string {
    const known = this.finals.get(catalog);
    if (known) return known;
    const hash = crypto.createHash('sha256');
    for (const key of catalog.tables.keys()) hash.update(JSON.stringify(key)).update(canonical(catalog.finalTable(key)?.electrified)).update(',');
    hash.update('\n').update(canonical(catalog.assignments));
    const digest = hash.digest('base64url');
    if (catalog.isFrozen) this.finals.set(catalog, digest);
    return digest;
  }

  private part(part: unknown, previous: PartDigest | undefined, remember: boolean): PartDigest {
    if (part instanceof PersistentMap) {
      const memo = remember ? this.nodes : new WeakMap<object, bigint>();
      const sum = (part as PersistentMap<unknown>).foldNodes((key, value) => this.keyedHash(key, value, remember), sumOf, memo);
      return { kind: 'keyed', part, sum };
    }
    if (part instanceof Map || part instanceof Set) {
      const keyed = part as ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>;
      const before = previous?.kind === 'keyed' && previous.part.constructor === part.constructor ? previous : undefined;
      return { kind: 'keyed', part: keyed, sum: before ? this.resum(before, keyed, remember) : this.sum(keyed, remember) };
    }
    if (Array.isArray(part)) {
      const list = part as readonly unknown[];
      const before = previous?.kind === 'list' && isPrefix(previous.part, list) ? previous : undefined;
      let chain = before ? before.chain : '';
      for (let i = before ? before.part.length : 0; i < list.length; i++) {
        chain = crypto.createHash('sha256').update(chain).update(this.entry(list[i], remember)).digest('base64url');
      }
      return { kind: 'list', part: list, chain };
    }
    return { kind: 'plain', text: canonical(part) };
  }

  private sum(part: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>, remember: boolean): bigint {
    let sum = 0n;
    for (const [key, value] of part.entries()) sum += this.keyedHash(key, value, remember);
    return sum % MODULUS;
  }

  /** The previous sum, corrected for the entries that were added, replaced or removed since. */
  private resum(previous: Extract<PartDigest, { kind: 'keyed' }>, part: ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>, remember: boolean): bigint {
    const old = previous.part as ReadonlyMap<unknown, unknown>;
    const now = part as ReadonlyMap<unknown, unknown>;
    let sum = previous.sum;
    let kept = 0;
    for (const [key, value] of now.entries()) {
      const had = old.has(key);
      if (had) kept++;
      const was = had ? (old instanceof Set ? key : old.get(key)) : undefined;
      if (had && was === value) continue;
      sum += this.keyedHash(key, value, remember);
      if (had) sum -= this.keyedHash(key, was, remember);
    }
    if (kept < old.size) for (const [key, was] of old.entries()) if (!now.has(key)) sum -= this.keyedHash(key, was, remember);
    return ((sum % MODULUS) + MODULUS) % MODULUS;
  }

  private keyedHash(key: unknown, value: unknown, remember: boolean): bigint {
    const digest = crypto.createHash('sha256').update(canonical(key)).update('=').update(this.entry(value, remember)).digest('hex');
    return BigInt(`0x${digest.slice(0, 32)}`);
  }

  private entry(value: unknown, remember: boolean): string {
    if (typeof value !== 'object' || value === null) return canonical(value);
    const known = this.entries.get(value);
    if (known) return known;
    const digest = crypto.createHash('sha256').update(this.canonical(value, remember)).digest('base64url');
    if (remember) this.entries.set(value, digest);
    return digest;
  }

  /**
   * `canonical`, with the objects inside maps (a table's columns) as their remembered digests: a table copied to
   * change one column shares the others, and they are not written out again.
   */
  private canonical(value: unknown, remember: boolean): string {
    if (value === null || typeof value !== 'object' || value instanceof Located) return canonical(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.canonical(v, remember)).join(',')}]`;
    if (value instanceof Map || value instanceof PersistentMap) {
      return `M{${[...(value as ReadonlyMap<unknown, unknown>)].map(([k, v]) => `${canonical(k)}:${typeof v === 'object' && v !== null ? this.entry(v, remember) : canonical(v)}`).join(',')}}`;
    }
    if (value instanceof Set) return canonical(value);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${this.canonical(record[k], remember)}`).join(',')}}`;
  }
}

function sumOf(parts: readonly bigint[]): bigint {
  let sum = 0n;
  for (const p of parts) sum += p;
  return sum % MODULUS;
}

function isPrefix(prefix: readonly unknown[], list: readonly unknown[]): boolean {
  if (prefix.length > list.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== list[i]) return false;
  return true;
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
  if (value instanceof Map || value instanceof PersistentMap) return `M{${[...value].map(([k, v]) => `${canonical(k)}:${canonical(v)}`).join(',')}}`;
  if (value instanceof Set) return `S[${[...value].map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
}
