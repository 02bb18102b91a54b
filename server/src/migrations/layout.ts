/**
 * Migration folder layouts (product.md §3): which files of a folder are migrations, in which order, which part of a
 * file runs forward, what a bad file name is — for the tools Electric users have:
 *
 * - `pg-migrations` (Electric's starter, @databases/pg-migrations): `NN-name.sql`, the whole file runs;
 * - `dbmate`: `<version>_name.sql`, the `-- migrate:up` section runs, `-- migrate:down` is kept for rollbacks;
 * - `golang-migrate`: `<version>_name.up.sql` runs, `<version>_name.down.sql` is the rollback;
 * - `prisma`: `<timestamp>_<name>/migration.sql`, one folder per migration;
 * - `drizzle`: `<NNNN>_name.sql`, statements separated by `--> statement-breakpoint`.
 *
 * Context folders (`contextDirectories`) hold migrations applied straight to Postgres (Prisma, drizzle, …) that build
 * the schema before the migrations directory's; they are folded first and get syntax diagnostics only.
 *
 * Pure: paths and texts in, roles out; the CLI and the language server read the files.
 */
import type { MigrationRole } from '../rules/context';
import { baseName, directoryOf, isIgnoredMigrationName, normalizeDirectory } from './naming';

export const MIGRATION_FORMATS = ['pg-migrations', 'dbmate', 'golang-migrate', 'prisma', 'drizzle'] as const;
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number];

export function isMigrationFormat(value: unknown): value is MigrationFormat {
  return typeof value === 'string' && (MIGRATION_FORMATS as readonly string[]).includes(value);
}

/** What each tool is called in messages, and how it runs a file. */
export const FORMAT_FACTS: Record<MigrationFormat, { tool: string; names: string }> = {
  'pg-migrations': { tool: '@databases/pg-migrations', names: 'NN-name.sql (digits, then "-")' },
  dbmate: { tool: 'dbmate', names: '<version>_name.sql (digits, then "_")' },
  'golang-migrate': { tool: 'golang-migrate', names: '<version>_name.up.sql and <version>_name.down.sql' },
  prisma: { tool: 'Prisma Migrate', names: '<timestamp>_<name>/migration.sql' },
  drizzle: { tool: 'drizzle-kit', names: '<NNNN>_name.sql' },
};

/** Whether a tool keeps a down part for rollbacks (warning) or runs it forward right after the up part (error). */
export function runsDownPartForward(format: MigrationFormat): boolean {
  return format === 'pg-migrations';
}

export interface LayoutDocument {
  /** The path as the caller shows it (relative to one directory, or absolute; `/` separators). */
  path: string;
  text: string;
}

/** A folder whose migrations take part, and its layout (undefined: detected from its files). */
export interface LayoutFolder {
  directory: string;
  format?: MigrationFormat;
}

export interface Layout {
  /** The migrations directory; undefined: every document is in it; null: there is none. */
  directory: string | null | undefined;
  format?: MigrationFormat;
  /** Context folders, folded before the migrations directory, in this order. */
  context?: readonly LayoutFolder[];
}

export interface ClassifiedDocument {
  path: string;
  /** The name within its folder: the file name, or `<folder>/migration.sql` for Prisma. */
  name: string;
  role: MigrationRole;
  format: MigrationFormat;
  /** The version / numeric prefix that orders it (and that two migrations must not share). */
  version?: bigint;
  /** Which context folder holds it (its place in the fold). */
  contextIndex?: number;
}

export interface ClassifiedLayout {
  documents: ClassifiedDocument[];
  /** The format of the migrations directory (given or detected). */
  format: MigrationFormat;
  /** The format of each context folder. */
  contextFormats: MigrationFormat[];
}

/** The part of a path inside `directory` (both normalised), or undefined when it is not inside. */
function inside(path: string, directory: string | undefined | null): string | undefined {
  if (directory === undefined) return baseName(path);
  if (directory === null) return undefined;
  const dir = normalizeDirectory(directory);
  const parent = directoryOf(path);
  if (parent === dir) return baseName(path);
  // One level down, for Prisma's folder per migration.
  if (directoryOf(parent) === dir) return `${baseName(parent)}/${baseName(path)}`;
  return undefined;
}

/**
 * Guesses a folder's layout from its files' names and texts: Prisma's folders and golang-migrate's `.up.sql` names
 * are unmistakable; `NN-name.sql` names are pg-migrations' (even with a `-- migrate:down` section, which pg-migrations
 * then runs forward); `<digits>_name.sql` names are drizzle's when its breakpoints or four-digit prefixes say so,
 * else dbmate's.
 */
export function detectFormat(entries: readonly { name: string; text: string }[]): MigrationFormat {
  const names = entries.map((e) => e.name);
  if (names.some((n) => /^[^/]+\/migration\.sql$/.test(n))) return 'prisma';
  if (names.some((n) => /^\d+_.*\.(up|down)\.sql$/.test(n))) return 'golang-migrate';
  const underscored = names.filter((n) => /^\d+_[^/]*\.sql$/.test(n));
  const dashed = names.filter((n) => /^\d+-[^/]*\.sql$/.test(n));
  if (dashed.length >= underscored.length) return 'pg-migrations';
  if (entries.some((e) => /^-->\s*statement-breakpoint\s*$/m.test(e.text))) return 'drizzle';
  if (entries.some((e) => /^--\s*migrate:(up|down)\b/m.test(e.text))) return 'dbmate';
  return underscored.every((n) => /^\d{4}_/.test(n)) ? 'drizzle' : 'dbmate';
}

/** The role and version of a file of a folder of `format` (`name` relative to the folder). */
function roleIn(format: MigrationFormat, name: string): { role: MigrationRole; version?: bigint } | undefined {
  if (!name.endsWith('.sql')) return undefined;
  const file = baseName(name);
  if (isIgnoredMigrationName(file) && !name.includes('/')) return undefined;
  const version = (m: RegExpExecArray | null) => (m ? BigInt(m[1]) : undefined);
  switch (format) {
    case 'pg-migrations': {
      if (name.includes('/')) return undefined;
      const v = version(/^(\d+)-/.exec(name));
      return v !== undefined ? { role: 'migration', version: v } : { role: 'misnamed' };
    }
    case 'dbmate': {
      if (name.includes('/')) return undefined;
      const v = version(/^(\d+)_/.exec(name));
      return v !== undefined ? { role: 'migration', version: v } : { role: 'misnamed' };
    }
    case 'golang-migrate': {
      if (name.includes('/')) return undefined;
      const up = /^(\d+)_.*\.up\.sql$/.exec(name);
      if (up) return { role: 'migration', version: BigInt(up[1]) };
      const down = /^(\d+)_.*\.down\.sql$/.exec(name);
      if (down) return { role: 'rollback', version: BigInt(down[1]) };
      return { role: 'misnamed' };
    }
    case 'prisma': {
      const folder = /^(\d+)_[^/]*\/(migration|down)\.sql$/.exec(name);
      if (folder) return folder[2] === 'migration' ? { role: 'migration', version: BigInt(folder[1]) } : { role: 'rollback', version: BigInt(folder[1]) };
      // Other files one level down are not Prisma's; a .sql file beside the folders will not be applied.
      return name.includes('/') ? undefined : { role: 'misnamed' };
    }
    case 'drizzle': {
      if (name.includes('/')) return undefined;
      const v = version(/^(\d{4})_/.exec(name));
      return v !== undefined ? { role: 'migration', version: v } : { role: 'misnamed' };
    }
  }
}

/**
 * Gives each document its role. Documents in a context folder are `context` (or left out, when the folder's tool
 * would not apply them); documents of the migrations directory are migrations, misnamed or rollbacks as its layout
 * says; the rest are linted on their own (`standalone`). A path given twice counts once.
 */
export function classifyDocuments(documents: readonly LayoutDocument[], layout: Layout): ClassifiedLayout {
  const unique = new Map<string, LayoutDocument>();
  for (const d of documents) if (!unique.has(d.path)) unique.set(d.path, d);
  const all = [...unique.values()];
  const contexts = layout.context ?? [];
  const placed = new Set<string>();
  const classified: ClassifiedDocument[] = [];

  const contextFormats = contexts.map((folder, contextIndex) => {
    const members = all.flatMap((d) => {
      const name = inside(d.path, folder.directory);
      return name !== undefined && !placed.has(d.path) ? [{ d, name }] : [];
    });
    const format = folder.format ?? detectFormat(members.map((m) => ({ name: m.name, text: m.d.text })));
    for (const { d, name } of members) {
      placed.add(d.path);
      const role = roleIn(format, name);
      // Context is what its own tool applies: rollbacks and misnamed files there are not ours to judge.
      if (role?.role === 'migration') classified.push({ path: d.path, name, role: 'context', format, version: role.version, contextIndex });
    }
    return format;
  });

  const members = all.flatMap((d) => {
    if (placed.has(d.path)) return [];
    const name = inside(d.path, layout.directory);
    return name !== undefined ? [{ d, name }] : [];
  });
  const format = layout.format ?? detectFormat(members.map((m) => ({ name: m.name, text: m.d.text })));
  for (const { d, name } of members) {
    placed.add(d.path);
    const role = roleIn(format, name);
    if (role) classified.push({ path: d.path, name, role: role.role, format, version: role.version });
  }
  for (const d of all) {
    if (placed.has(d.path)) continue;
    // A file named on its own (outside the folders) is linted as a migration set of its own.
    const name = baseName(d.path);
    if (layout.directory === undefined && isIgnoredMigrationName(name)) continue;
    classified.push({ path: d.path, name, role: 'standalone', format });
  }
  return { documents: classified, format, contextFormats };
}

/** Fold order: context folders first (in their order), then the migrations; by version, then name. */
export function compareInSequence(a: ClassifiedDocument, b: ClassifiedDocument): number {
  const ca = a.contextIndex ?? Number.MAX_SAFE_INTEGER;
  const cb = b.contextIndex ?? Number.MAX_SAFE_INTEGER;
  if (ca !== cb) return ca - cb;
  if (a.version !== b.version) {
    if (a.version === undefined) return 1;
    if (b.version === undefined) return -1;
    return a.version < b.version ? -1 : 1;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The offset where a file's down (rollback) part starts, from its comments; undefined when it has none. */
export function downPartStart(comments: readonly { span: { start: number }; body: string; block: boolean }[]): { start: number; marker: string } | undefined {
  for (const comment of comments) {
    if (comment.block) continue;
    const body = comment.body.trim();
    if (DOWN_MARKERS.some((pattern) => pattern.test(body))) return { start: comment.span.start, marker: body };
  }
  return undefined;
}

/** Section markers of dbmate (`-- migrate:down`), goose (`-- +goose Down`) and sql-migrate (`-- +migrate Down`). */
const DOWN_MARKERS = [/^migrate:down\b/i, /^\+goose\s+down\b/i, /^\+migrate\s+down\b/i];
