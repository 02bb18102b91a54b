/**
 * A string-keyed map whose `fork()` costs O(1) and whose writes cost O(log n): a hash array mapped trie whose
 * nodes are shared between forks and copied along the written path only. The workspace keeps one schema snapshot
 * per migration file; with plain `Map`s each snapshot copied every table and index key, so memory grew with
 * files × tables (400 files × 1,200 keys ≈ 20 MB on the benchmark folder).
 *
 * It iterates in insertion order, as `Map` does (a replaced key keeps its place, a deleted and re-added one moves
 * to the end), so that readers written against `Map` see the same order. The order comes from a sequence number
 * on each entry; the sorted list is computed on the first iteration and kept until the next write.
 *
 * Ownership: nodes a map created since its last fork may be changed in place (a fold writes thousands of times
 * between snapshots); every other node is shared with a fork and is copied before a change.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** Below this depth the 32-bit hash is used up; keys that collide on all of it share one bucket. */
const MAX_DEPTH = Math.ceil(32 / BITS);

interface Entry<V> {
  readonly kind: 'entry';
  readonly key: string;
  readonly hash: number;
  readonly value: V;
  /** Insertion order (see the file comment). */
  readonly seq: number;
}

/** Keys whose hashes are equal: looked up by comparing keys. */
interface Bucket<V> {
  readonly kind: 'bucket';
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}

interface Branch<V> {
  readonly kind: 'branch';
  bitmap: number;
  children: Node<V>[];
  owner: object;
}

type Node<V> = Entry<V> | Bucket<V> | Branch<V>;

/** FNV-1a over UTF-16 code units: fast, and well spread for the short identifiers used as keys here. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function slot(hash: number, depth: number): number {
  return (hash >>> (depth * BITS)) & MASK;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private root: Branch<V>;
  private count: number;
  private nextSeq: number;
  /** Nodes whose `owner` is this token belong to this map alone; a fork gives both sides new tokens. */
  private owner: object = {};
  private ordered: Entry<V>[] | undefined;

  constructor(entries?: Iterable<readonly [string, V]>) {
    this.root = { kind: 'branch', bitmap: 0, children: [], owner: this.owner };
    this.count = 0;
    this.nextSeq = 0;
    if (entries) for (const [key, value] of entries) this.set(key, value);
  }

  /** A map that starts with this one's entries; both may change on their own from now on. */
  fork(): PersistentMap<V> {
    const copy = Object.create(PersistentMap.prototype) as PersistentMap<V>;
    copy.root = this.root;
    copy.count = this.count;
    copy.nextSeq = this.nextSeq;
    copy.owner = {};
    copy.ordered = this.ordered;
    // Nodes made so far are shared now: this map must copy them before changing them too.
    this.owner = {};
    return copy;
  }

  /** True when both hold the very same nodes (so the same entries): a fork nobody has written to since. */
  sharesRootWith(other: PersistentMap<V>): boolean {
    return this.root === other.root;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.find(key)?.value;
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  set(key: string, value: V): this {
    const hash = hashOf(key);
    const existing = this.find(key, hash);
    const seq = existing ? existing.seq : this.nextSeq++;
    if (!existing) this.count++;
    this.root = this.insert(this.root, { kind: 'entry', key, hash, value, seq }, 0) as Branch<V>;
    this.ordered = undefined;
    return this;
  }

  delete(key: string): boolean {
    const hash = hashOf(key);
    if (!this.find(key, hash)) return false;
    this.root = (this.remove(this.root, key, hash, 0) as Branch<V> | undefined) ?? { kind: 'branch', bitmap: 0, children: [], owner: this.owner };
    this.count--;
    this.ordered = undefined;
    return true;
  }

  *entries(): MapIterator<[string, V]> {
    for (const entry of this.inOrder()) yield [entry.key, entry.value];
  }

  *keys(): MapIterator<string> {
    for (const entry of this.inOrder()) yield entry.key;
  }

  *values(): MapIterator<V> {
    for (const entry of this.inOrder()) yield entry.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const entry of this.inOrder()) callback.call(thisArg, entry.value, entry.key, this);
  }

  /**
   * Folds the entries up the trie (in no particular order), remembering each node's result in `memo`: nodes that
   * forks share are folded once, so folding every snapshot of a fold costs about the paths written between them
   * (the lint cache fingerprints the schema before each file this way). Only for maps nobody writes to any more:
   * a node the map owns may still change in place.
   */
  foldNodes<T>(leaf: (key: string, value: V) => T, combine: (parts: readonly T[]) => T, memo: WeakMap<object, T>): T {
    const fold = (node: Node<V>): T => {
      const known = memo.get(node);
      if (known !== undefined) return known;
      const result =
        node.kind === 'entry' ? leaf(node.key, node.value) : combine(node.kind === 'bucket' ? node.entries.map(fold) : node.children.map(fold));
      memo.set(node, result);
      return result;
    };
    return fold(this.root);
  }

  // ---- the trie

  private find(key: string, hash = hashOf(key)): Entry<V> | undefined {
    let node: Node<V> = this.root;
    for (let depth = 0; ; depth++) {
      if (node.kind === 'entry') return node.key === key ? node : undefined;
      if (node.kind === 'bucket') return node.entries.find((e) => e.key === key);
      const bit = 1 << slot(hash, depth);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))];
    }
  }

  /** This map's own copy of a branch (itself when already owned). */
  private ownBranch(node: Branch<V>): Branch<V> {
    return node.owner === this.owner ? node : { kind: 'branch', bitmap: node.bitmap, children: [...node.children], owner: this.owner };
  }

  private insert(node: Node<V>, entry: Entry<V>, depth: number): Node<V> {
    if (node.kind === 'branch') {
      const bit = 1 << slot(entry.hash, depth);
      const index = popcount(node.bitmap & (bit - 1));
      const own = this.ownBranch(node);
      if ((own.bitmap & bit) === 0) {
        own.children.splice(index, 0, entry);
        own.bitmap |= bit;
      } else {
        own.children[index] = this.insert(own.children[index], entry, depth + 1);
      }
      return own;
    }
    if (node.kind === 'entry') {
      if (node.key === entry.key) return entry;
      if (depth >= MAX_DEPTH || node.hash === entry.hash) return { kind: 'bucket', hash: entry.hash, entries: [node, entry] };
      // Two keys in one slot: a branch one level down tells them apart (or goes deeper while they agree).
      const branch: Branch<V> = { kind: 'branch', bitmap: 1 << slot(node.hash, depth), children: [node], owner: this.owner };
      return this.insert(branch, entry, depth);
    }
    if (node.hash !== entry.hash && depth < MAX_DEPTH) {
      const branch: Branch<V> = { kind: 'branch', bitmap: 1 << slot(node.hash, depth), children: [node], owner: this.owner };
      return this.insert(branch, entry, depth);
    }
    const entries = node.entries.filter((e) => e.key !== entry.key);
    entries.push(entry);
    return { kind: 'bucket', hash: node.hash, entries };
  }

  private remove(node: Node<V>, key: string, hash: number, depth: number): Node<V> | undefined {
    if (node.kind === 'entry') return node.key === key ? undefined : node;
    if (node.kind === 'bucket') {
      const entries = node.entries.filter((e) => e.key !== key);
      return entries.length === 1 ? entries[0] : { kind: 'bucket', hash: node.hash, entries };
    }
    const bit = 1 << slot(hash, depth);
    if ((node.bitmap & bit) === 0) return node;
    const index = popcount(node.bitmap & (bit - 1));
    const child = this.remove(node.children[index], key, hash, depth + 1);
    const own = this.ownBranch(node);
    if (child) {
      own.children[index] = child;
    } else {
      own.children.splice(index, 1);
      own.bitmap &= ~bit;
    }
    // A branch below the root left with one entry collapses into it, keeping lookups short.
    if (depth > 0 && own.children.length === 1 && own.children[0].kind === 'entry') return own.children[0];
    return own.children.length === 0 && depth > 0 ? undefined : own;
  }

  private inOrder(): readonly Entry<V>[] {
    if (this.ordered) return this.ordered;
    const all: Entry<V>[] = [];
    const collect = (node: Node<V>): void => {
      if (node.kind === 'entry') all.push(node);
      else if (node.kind === 'bucket') all.push(...node.entries);
      else for (const child of node.children) collect(child);
    };
    collect(this.root);
    all.sort((a, b) => a.seq - b.seq);
    this.ordered = all;
    return all;
  }
}
