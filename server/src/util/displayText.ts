/**
 * Diagnostic messages quote the migration's own text (names, roles, Postgres' "at or near …"), and that text can be
 * hostile: ESC and BEL sequences that rewrite a terminal or a CI log, newlines that split one diagnostic over
 * several lines, a 5 MB identifier. Messages pass through here once, before any output format sees them.
 */

/**
 * Quoted input (or an unbroken run of non-space characters) longer than this is shortened to its first
 * `QUOTED_KEEP` characters and `…`. Postgres names stop at 63 bytes, and the quotations of Electric's own error
 * texts in our messages stay well below this, so only hostile or runaway input is ever shortened.
 */
export const MAX_QUOTED_LENGTH = 200;
const QUOTED_KEEP = 160;
/** Whole messages are capped too (a message can quote many short names); the end, the advice, is kept. */
export const MAX_MESSAGE_LENGTH = 4000;
const MESSAGE_HEAD = 3000;
const MESSAGE_TAIL = 900;

/**
 * Characters a terminal or a log viewer acts on instead of showing: C0 controls, DEL, C1 controls (0x9B is a CSI
 * on some terminals), line and paragraph separators, and the bidirectional overrides that make text read
 * differently from how it is stored.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as a visible escape (`\n`, `\x1b`, `\u202e`). */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED_ESCAPES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const LONG_QUOTED = new RegExp(`(["'])([^"']{${MAX_QUOTED_LENGTH + 1},})\\1`, 'g');
const LONG_WORD = new RegExp(`[^\\s"']{${MAX_QUOTED_LENGTH + 1},}`, 'g');

/**
 * Quoted stretches (`"…"`, `'…'`) and unbroken runs longer than `MAX_QUOTED_LENGTH` shortened with `…` (inside
 * their quotes, which stay).
 */
export function shortenQuoted(text: string): string {
  return text
    .replace(LONG_QUOTED, (_all, quote: string, inner: string) => `${quote}${keepWhole(inner, QUOTED_KEEP)}…${quote}`)
    .replace(LONG_WORD, (word) => `${keepWhole(word, QUOTED_KEEP)}…`);
}

/** A message fit for any output: quoted input shortened, control characters escaped, the whole length capped. */
export function displayMessage(message: string): string {
  const text = escapeControlCharacters(shortenQuoted(message));
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  return `${keepWhole(text, MESSAGE_HEAD)} … ${text.slice(text.length - MESSAGE_TAIL)}`;
}

/** The first `length` UTF-16 units of `text`, one less when that would split a surrogate pair. */
function keepWhole(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
