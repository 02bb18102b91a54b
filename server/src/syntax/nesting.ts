/**
 * How deep a statement may nest brackets before it is kept from Ohm. Ohm's matcher and our AST builder recurse per
 * bracket level, and how many levels fit the stack depends on the thread (a worker has 4 MB, the main thread about
 * 1 MB) and on whether V8 has compiled the code yet (interpreted frames are bigger). A RangeError caught halfway
 * would make the verdict depend on all that, so the limits sit at about half of what fits in the worst case
 * measured (the main thread's stack, JIT off: DDLX calls `f(f(…))` overflow near 115 levels, other statements near
 * 220), and nothing below them can reach the stack's end.
 */

/** For Postgres statements (the grammar's opaque expressions and modelled clauses). */
export const MAX_NESTING_DEPTH = 128;
/** For DDLX, whose CHECK/IF expressions the grammar models operator by operator (more frames per level). */
export const MAX_DDLX_NESTING_DEPTH = 64;

/** The deepest nesting of `(` and `[` in `text` (compacted: strings, quoted names and comments already set aside). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) max = Math.max(max, ++depth);
    else if ((c === 41 || c === 93) && depth > 0) depth--;
  }
  return max;
}
