/**
 * NUL bytes in migration text. Postgres refuses a query string containing NUL ("invalid byte sequence for encoding
 * \"UTF8\": 0x00"), so such a file can never be applied; but a C parser (libpg-query) reads only up to the NUL, so
 * `DROP TABLE p\0;` would look like valid, harmless text and be judged on what precedes the NUL. The file is
 * therefore analysed with every NUL read as a space (nothing after it is hidden from the rules) and gets one
 * syntax error at the first NUL.
 */
import type { SyntaxProblem } from './parsed';

export function containsNulByte(text: string): boolean {
  return text.includes('\0');
}

/** The same text with each NUL replaced by a space: same length, so every offset still points at the original. */
export function nulBytesAsSpaces(text: string): string {
  return text.replace(/\0/g, ' ');
}

/** One problem at the first NUL of `text` (undefined without one), saying how many there are. */
export function nulByteProblem(text: string): SyntaxProblem | undefined {
  const first = text.indexOf('\0');
  if (first < 0) return undefined;
  let count = 0;
  for (let i = first; i >= 0; i = text.indexOf('\0', i + 1)) count++;
  const how = count === 1 ? 'a NUL byte (0x00)' : `${count} NUL bytes (0x00), the first here`;
  return {
    span: { start: first, end: first + 1 },
    message: `This file contains ${how}: Postgres rejects it ("invalid byte sequence for encoding \\"UTF8\\": 0x00") and never runs the migration. Remove the NUL bytes (is the file binary, or saved in another encoding?).`,
    expected: [],
  };
}
