/**
 * `lint --cache` (product.md §3), the part the CLI's entry reads: the cache file's header.
 *
 * What the cache holds (see cli/cacheStore.ts for the rest):
 * - The run's output, keyed by everything it depends on (engine, settings, the files' paths and contents, the
 *   arguments): a run with nothing changed prints it without loading the parser or checking anything.
 * - Each file's parse, keyed by its text (and how it is split): only changed files are parsed again.
 * - Each file's findings, keyed by its path, its text and the fingerprint of the schema before it
 *   (schema/fingerprint.ts): a file is checked again when its text changed or when an edit above it changed the
 *   schema it starts from; the others are only folded, from their stored parses.
 *
 * Layout: line 1 is a small header (format, version, engine, settings key, the run's output, a hash of line 2);
 * line 2 holds the parses and findings. A run with nothing changed reads only the header. Anything that does not
 * check out — not JSON, another format or version, another engine, a body whose hash differs, an entry of the wrong
 * shape — is ignored (the cache is rebuilt), never trusted and never a crash. Written to a temporary file, then
 * renamed over the old one, so a reader never sees half a cache.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the cache goes without `--cache-location`, relative to the working directory. */
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/electric-migrations/lint-cache';
const FORMAT = 'electric-migrations-lint-cache';
/** Bumped whenever what is stored changes shape. */
const VERSION = 1;

/** What a finished run printed. */
export interface RunOutput {
  stdout: string;
  status: number;
}

export interface CacheHeader {
  format: string;
  version: number;
  engine: string;
  /** The settings key: findings made under other settings are not reused (parses are). */
  settings: string;
  bodyHash: string;
  run?: { key: string } & RunOutput;
}

export function hashText(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64url');
}

/** The cache file for `--cache-location`: a directory (existing, or written with a trailing slash) holds `lint-cache`. */
export function cacheFile(cwd: string, location: string | undefined): string {
  const resolved = path.resolve(cwd, location ?? DEFAULT_CACHE_LOCATION);
  const isDirectory = /[\\/]$/.test(location ?? '') || safeIsDirectory(resolved);
  return isDirectory ? path.join(resolved, path.basename(DEFAULT_CACHE_LOCATION)) : resolved;
}

function safeIsDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The header of the cache file when it is one this engine wrote, else undefined (missing, unreadable, foreign, cut
 * short). Reads only the first line: the body can be megabytes. Never throws.
 */
export function readCacheHeader(file: string, engine: string): CacheHeader | undefined {
  try {
    const header = JSON.parse(readFirstLine(file)) as unknown;
    if (isHeader(header) && header.format === FORMAT && header.version === VERSION && header.engine === engine) return header;
  } catch {
    // Not ours: start afresh.
  }
  return undefined;
}

/** The output of an earlier run with the same key. */
export function storedRun(header: CacheHeader | undefined, key: string): RunOutput | undefined {
  const run = header?.run;
  if (!run || run.key !== key || typeof run.stdout !== 'string' || typeof run.status !== 'number') return undefined;
  return { stdout: run.stdout, status: run.status };
}

/** The body (line 2) of a cache file whose header is `header`, when its hash matches; else undefined. */
export function readCacheBody(file: string, header: CacheHeader): string | undefined {
  try {
    const content = fs.readFileSync(file, 'utf8');
    const body = content.slice(content.indexOf('\n') + 1);
    // The hash also catches a file replaced by another run since the header was read.
    return hashText(body) === header.bodyHash ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache (temporary file, then rename). Returns why it could not, or undefined. */
export function writeCache(file: string, fields: { engine: string; settings: string; run?: CacheHeader['run'] }, body: string): string | undefined {
  const header: CacheHeader = { format: FORMAT, version: VERSION, engine: fields.engine, settings: fields.settings, bodyHash: hashText(body), run: fields.run };
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, `${JSON.stringify(header)}\n${body}`);
    fs.renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Its directory could not be made either: there is nothing to remove.
    }
    return (error as Error).message;
  }
}

function isHeader(value: unknown): value is CacheHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.format === 'string' && typeof v.version === 'number' && typeof v.engine === 'string' && typeof v.settings === 'string' && typeof v.bodyHash === 'string';
}

/** The file's first line (the header), read in chunks: the body can be megabytes. */
function readFirstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      const newline = chunk.subarray(0, read).indexOf(10);
      chunks.push(Buffer.from(chunk.subarray(0, newline < 0 ? read : newline)));
      if (newline >= 0) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
