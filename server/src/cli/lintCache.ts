/**
 * `lint --cache` (product.md §3): what lets a later run skip work, in one file.
 *
 * - The run's output, keyed by everything it depends on (engine, settings, the files' paths and contents, the
 *   arguments): a run with nothing changed prints it without parsing or checking anything.
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
import type { CheckStore, StoredCheck } from '../language/checkStore';
import type { Finding } from '../rules/types';
import { Located } from '../schema/model';
import type { Catalog } from '../schema/catalog';
import { SchemaFingerprints } from '../schema/fingerprint';
import type { Span } from '../syntax/ast';
import type { Parser, ParserStats } from '../syntax/parse';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import type { SplitOptions } from '../syntax/split';

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

interface Header {
  format: string;
  version: number;
  engine: string;
  /** The settings key: findings made under other settings are not reused (parses are). */
  settings: string;
  bodyHash: string;
  run?: { key: string } & RunOutput;
}

/** A parse without its texts (they are cut from the file's text again). */
interface StoredParse {
  statements: Omit<ParsedStatement, 'text'>[];
  comments: ParsedFile['comments'];
  dollarQuotes: Span[];
  errors: ParsedFile['errors'];
}

interface StoredPlace {
  file: string;
  span: Span;
}

type StoredFinding = Omit<Finding, 'at' | 'related'> & { at?: StoredPlace; related?: { at: StoredPlace; message: string }[] };

interface StoredCheckEntry {
  findings: StoredFinding[];
  deferred: { against: string; findings: StoredFinding[] } | null;
}

interface Body {
  parses: Record<string, StoredParse>;
  checks: Record<string, StoredCheckEntry>;
}

/** Raised by the cache's parser when a file is not in the cache and no real parser was given. */
export class ParserNeeded extends Error {
  constructor() {
    super('a file is not in the lint cache and needs parsing');
    this.name = 'ParserNeeded';
  }
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

export class LintCache {
  private header?: Header;
  private bodyText?: string;
  private body?: Body;
  /** What this run used or made: the next cache holds only these (it cannot grow without bound). */
  private readonly next: Body = { parses: {}, checks: {} };
  private run?: { key: string } & RunOutput;
  private readonly fingerprints = new SchemaFingerprints();
  private readonly hashes = new Map<string, string>();

  private constructor(
    readonly file: string,
    private readonly engine: string,
    private readonly settings: string,
  ) {}

  /** Opens the cache file; a missing, unreadable or foreign one is an empty cache. Never throws. */
  static open(file: string, engine: string, settings: string): LintCache {
    const cache = new LintCache(file, engine, settings);
    let content: string | undefined;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      return cache;
    }
    const cut = content.indexOf('\n');
    try {
      const header = JSON.parse(cut < 0 ? content : content.slice(0, cut)) as Header;
      if (isHeader(header) && header.format === FORMAT && header.version === VERSION && header.engine === engine) {
        cache.header = header;
        cache.bodyText = cut < 0 ? '' : content.slice(cut + 1);
      }
    } catch {
      // Not ours, or cut short: start afresh.
    }
    return cache;
  }

  hash(text: string): string {
    let known = this.hashes.get(text);
    if (!known) this.hashes.set(text, (known = hashText(text)));
    return known;
  }

  /** The output of an earlier run with the same key. */
  runOutput(key: string): RunOutput | undefined {
    const run = this.header?.run;
    if (!run || run.key !== key || typeof run.stdout !== 'string' || typeof run.status !== 'number') return undefined;
    return { stdout: run.stdout, status: run.status };
  }

  recordRun(key: string, output: RunOutput): void {
    this.run = { key, ...output };
  }

  /** True when the cache holds a parse of this text (split either way). */
  hasParse(text: string): boolean {
    const parses = this.stored().parses;
    const hash = this.hash(text);
    return parses[parseKey(hash, false)] !== undefined || parses[parseKey(hash, true)] !== undefined;
  }

  /**
   * A parser answering from the cache, then from `real` (whose parses are kept for the next run). Without `real`,
   * a file the cache does not have raises `ParserNeeded`.
   */
  parser(real: Parser | undefined): Parser {
    const stats: ParserStats = real?.stats ?? { statementsParsed: 0, cacheHits: 0 };
    return {
      stats,
      parseFile: (text: string, options?: SplitOptions) => {
        const key = parseKey(this.hash(text), options?.breakpoints === true);
        const stored = this.stored().parses[key];
        const restored = stored !== undefined ? restoreParse(text, stored) : undefined;
        if (restored) {
          this.next.parses[key] = stored;
          return restored;
        }
        if (!real) throw new ParserNeeded();
        const parsed = real.parseFile(text, options);
        this.next.parses[key] = storeParse(parsed);
        return parsed;
      },
      parseStatement: (text, dollarQuotes) => {
        if (!real) throw new ParserNeeded();
        return real.parseStatement(text, dollarQuotes);
      },
    };
  }

  /** The findings store the workspace asks (only under the same settings as the cache was made with). */
  checkStore(): CheckStore {
    const sameSettings = this.header?.settings === this.settings;
    return {
      fingerprint: (catalog: Catalog) => this.fingerprints.of(catalog),
      lookup: (file, text, before) => {
        const key = checkKey(file, this.hash(text), before);
        const entry = sameSettings ? this.stored().checks[key] : undefined;
        const restored = entry !== undefined ? restoreCheck(entry) : undefined;
        if (restored) this.next.checks[key] = entry!;
        return restored;
      },
      save: (file, text, before, check) => {
        this.next.checks[checkKey(file, this.hash(text), before)] = storeCheck(check);
      },
    };
  }

  /** Writes the cache (temporary file, then rename). Returns why it could not, or undefined. */
  write(): string | undefined {
    const body = JSON.stringify(this.next);
    const header: Header = { format: FORMAT, version: VERSION, engine: this.engine, settings: this.settings, bodyHash: hashText(body), run: this.run };
    const temporary = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, `${JSON.stringify(header)}\n${body}`);
      fs.renameSync(temporary, this.file);
      return undefined;
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      return (error as Error).message;
    }
  }

  /** The stored parses and findings: read (and checked against the header's hash) on first use. */
  private stored(): Body {
    if (this.body) return this.body;
    this.body = { parses: {}, checks: {} };
    const text = this.bodyText;
    this.bodyText = undefined;
    if (text && this.header && hashText(text) === this.header.bodyHash) {
      try {
        const parsed = JSON.parse(text) as Partial<Body>;
        if (isRecord(parsed.parses) && isRecord(parsed.checks)) this.body = parsed as Body;
      } catch {
        // Unreadable: as good as empty.
      }
    }
    return this.body;
  }
}

function parseKey(textHash: string, breakpoints: boolean): string {
  return `${breakpoints ? 'b' : 's'}:${textHash}`;
}

function checkKey(file: string, textHash: string, before: string): string {
  return `${file}\u0000${textHash}\u0000${before}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeader(value: unknown): value is Header {
  if (!isRecord(value)) return false;
  return typeof value.format === 'string' && typeof value.version === 'number' && typeof value.engine === 'string' && typeof value.settings === 'string' && typeof value.bodyHash === 'string';
}

function isSpan(value: unknown, limit: number): value is Span {
  if (!isRecord(value)) return false;
  const { start, end } = value;
  return Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (start as number) <= (end as number) && (end as number) <= limit;
}

function storeParse(parsed: ParsedFile): StoredParse {
  // `ast` may be a getter (placed lazily, see syntax/parse.ts): spreading reads it.
  return {
    statements: parsed.statements.map(({ text: _text, ...rest }) => rest),
    comments: parsed.comments,
    dollarQuotes: parsed.dollarQuotes,
    errors: parsed.errors,
  };
}

/** A stored parse as the parser would have made it, or undefined when it does not fit the text. */
function restoreParse(text: string, stored: StoredParse): ParsedFile | undefined {
  if (!isRecord(stored) || !Array.isArray(stored.statements) || !Array.isArray(stored.comments) || !Array.isArray(stored.dollarQuotes) || !Array.isArray(stored.errors)) return undefined;
  const statements: ParsedStatement[] = [];
  for (const s of stored.statements) {
    if (!isRecord(s) || !isSpan(s.span, text.length) || (s.ast !== undefined && !isRecord(s.ast))) return undefined;
    statements.push({ ...s, text: text.slice(s.span.start, s.span.end) });
  }
  return { text, statements, comments: stored.comments, dollarQuotes: stored.dollarQuotes, errors: stored.errors };
}

function place(at: Located): StoredPlace {
  return { file: at.file, span: at.span };
}

/** A place read back: anchored at the start of its file, so that its span is the stored one. */
function located(stored: StoredPlace): Located {
  if (!isRecord(stored) || typeof stored.file !== 'string' || !isSpan(stored.span, Number.MAX_SAFE_INTEGER)) throw new TypeError('not a place');
  return new Located({ file: stored.file, start: 0 }, stored.span);
}

function storeFinding(finding: Finding): StoredFinding {
  const { at, related, ...rest } = finding;
  return { ...rest, ...(at ? { at: place(at) } : {}), ...(related ? { related: related.map((r) => ({ at: place(r.at), message: r.message })) } : {}) };
}

function restoreFinding(stored: StoredFinding): Finding {
  if (!isRecord(stored) || typeof stored.code !== 'string' || typeof stored.message !== 'string' || !isSpan(stored.span, Number.MAX_SAFE_INTEGER)) throw new TypeError('not a finding');
  const { at, related, ...rest } = stored;
  const finding: Finding = { ...rest };
  if (at) finding.at = located(at);
  if (related) finding.related = related.map((r) => ({ at: located(r.at), message: r.message }));
  return finding;
}

function storeCheck(check: StoredCheck): StoredCheckEntry {
  return {
    findings: check.findings.map(storeFinding),
    deferred: check.deferred && { against: check.deferred.against, findings: check.deferred.findings.map(storeFinding) },
  };
}

function restoreCheck(entry: StoredCheckEntry): StoredCheck | undefined {
  try {
    if (!isRecord(entry) || !Array.isArray(entry.findings)) return undefined;
    const deferred = entry.deferred;
    if (deferred !== null && (!isRecord(deferred) || typeof deferred.against !== 'string' || !Array.isArray(deferred.findings))) return undefined;
    return {
      findings: entry.findings.map(restoreFinding),
      deferred: deferred && { against: deferred.against, findings: deferred.findings.map(restoreFinding) },
    };
  } catch {
    return undefined;
  }
}
