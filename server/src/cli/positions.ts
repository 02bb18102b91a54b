/**
 * Offsets → 1-based line and column for the CLI's printers.
 *
 * The core speaks UTF-16 offsets (JavaScript string indices). The CLI contract counts columns in characters, i.e.
 * Unicode code points, so an emoji before a mistake moves the column by one, as it does in most terminals and in
 * GitHub's annotations. Line breaks are `\r\n`, `\n` and a lone `\r`, the same set LSP clients use, so the CLI and
 * the editor agree on line numbers.
 */

/** A place in a file: 1-based line, 1-based column counted in code points. */
export interface LineColumn {
  line: number;
  column: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The line and column of `offset` (clamped into the text). */
  position(offset: number): LineColumn {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const lineIndex = this.lineOf(at);
    const lineStart = this.lineStarts[lineIndex];
    return { line: lineIndex + 1, column: codePointsBetween(this.text, lineStart, at) + 1 };
  }

  /** Zero-based index of the line holding `offset` (binary search: files can have many thousand lines). */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** Code points in `text[start, end)`; a low surrogate whose high half is inside the range is not counted twice. */
function codePointsBetween(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    const isLowSurrogate = ch >= 0xdc00 && ch <= 0xdfff;
    if (isLowSurrogate && i > start) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    count++;
  }
  return count;
}
