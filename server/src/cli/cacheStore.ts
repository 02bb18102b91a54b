/**
 * The lint cache's parses and findings (line 2 of the cache file; see cli/lintCache.ts), on the lint engine's side:
 * a parser that answers from stored parses, and the check store the workspace asks for stored findings.
 */
import type { CheckStore, StoredCheck } from '../language/checkStore';
import type { Finding } from '../rules/types';
import type { Catalog } from '../schema/catalog';
import { SchemaFingerprints } from '../schema/fingerprint';
import { Located } from '../schema/model';
import type { Span } from '../syntax/ast';
import type { Parser, ParserStats } from '../syntax/parse';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import type { SplitOptions } from '../syntax/split';
import { type CacheHeader, hashText, readCacheBody } from './lintCache';

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

/** Where the cache file is and what its header said (undefined: no usable cache, start empty). */
export interface CacheSource {
  file: string;
  header?: CacheHeader;
  /** This run's settings key (stored findings are reused only under the same one). */
  settings: string;
}

export class CacheStore {
  private body?: Body;
  /** What this run used or made: the next cache holds only these (it cannot grow without bound). */
  private readonly next: Body = { parses: {}, checks: {} };
  private readonly fingerprints = new SchemaFingerprints();
  private readonly hashes = new Map<string, string>();

  constructor(private readonly source: CacheSource) {}

  private hash(text: string): string {
    let known = this.hashes.get(text);
    if (!known) this.hashes.set(text, (known = hashText(text)));
    return known;
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

  /** The findings store the workspace asks (stored findings count only under the same settings). */
  checkStore(): CheckStore {
    const sameSettings = this.source.header?.settings === this.source.settings;
    return {
      fingerprint: (catalog: Catalog) => this.fingerprints.of(catalog),
      finalFingerprint: (final: Catalog) => this.fingerprints.ofFinal(final),
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

  /** The next cache's body: what this run used or made. */
  serialise(): string {
    return JSON.stringify(this.next);
  }

  /** The stored parses and findings: read (and checked against the header's hash) on first use. */
  private stored(): Body {
    if (this.body) return this.body;
    this.body = { parses: {}, checks: {} };
    const text = this.source.header ? readCacheBody(this.source.file, this.source.header) : undefined;
    if (text) {
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
