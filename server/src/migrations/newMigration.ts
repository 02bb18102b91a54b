/**
 * The file name of a new migration: the next free index after the highest one in the folder, keeping the width the
 * existing names use (`05-…` → `06-…`), and the user's words as a file-name slug.
 */
import { migrationIndex } from './naming';

/** `Add tags to issues!` → `add_tags_to_issues`; empty when nothing usable is left. */
export function migrationSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
}

/** The pg-migrations file name for a new migration among `existing` names. */
export function nextMigrationFileName(existing: readonly string[], name: string): string {
  const indexes = existing.map((n) => ({ n, index: migrationIndex(n) })).filter((e): e is { n: string; index: number } => e.index !== undefined);
  const highest = indexes.reduce((max, e) => (e.index > max.index ? e : max), { n: '', index: 0 });
  const width = Math.max(2, highest.n ? /^\d+/.exec(highest.n)![0].length : 2);
  const slug = migrationSlug(name) || 'migration';
  return `${String(highest.index + 1).padStart(width, '0')}-${slug}.sql`;
}
