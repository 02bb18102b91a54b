/**
 * Reading a migration (or config) file the way an editor shows it, for the CLI and the language server alike:
 * regular files only (a FIFO or /dev/zero would block or never end), a size cap, UTF-8 without its byte-order mark
 * (so columns match the editor's), UTF-16 decoded by its byte-order mark as VS Code does, and invalid UTF-8 bytes as
 * U+FFFD rather than a failure.
 */
import fs from 'node:fs';

/** Larger files are refused: the linter's budgets are set for 10 MB files. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

/** Decodes file bytes as an editor would: by BOM (UTF-8, UTF-16 LE/BE), else UTF-8. The BOM is dropped. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8').decode(bytes.subarray(start));
}

/** Why `error` (from fs) stopped a read, in a few words. */
export function describeFsError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error).message;
  }
}

/** What a path is, after following symbolic links (`broken-link` when the target is missing). */
export type PathKind = 'file' | 'directory' | 'other' | 'missing' | 'broken-link' | 'loop';

export function pathKind(file: string): PathKind {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'loop';
    if (code === 'ENOENT') {
      try {
        if (fs.lstatSync(file).isSymbolicLink()) return 'broken-link';
      } catch {
        // not there at all
      }
    }
    return 'missing';
  }
}

/** Why a listed path is not read, in a few words (for every kind but `file`). */
export function describePathKind(kind: Exclude<PathKind, 'file'>): string {
  switch (kind) {
    case 'directory':
      return 'a directory, not a migration file';
    case 'broken-link':
      return 'a symbolic link to a missing file';
    case 'loop':
      return 'a loop of symbolic links';
    case 'missing':
      return 'no such file';
    case 'other':
      return 'not a regular file (a FIFO, socket or device)';
  }
}

/**
 * Reads a text file (following symbolic links). Throws `UnreadableFileError` for anything that is not a readable
 * regular file of at most `maxBytes`; `shown` is how messages name the file.
 */
export function readTextFile(file: string, shown = file, maxBytes = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UnreadableFileError(shown, describeFsError(error));
  }
  try {
    // fstat on the opened descriptor: the answer is about the file being read, not a path that may change.
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFileError(shown, 'is a directory');
    if (!stat.isFile()) throw new UnreadableFileError(shown, 'not a regular file');
    if (stat.size > maxBytes) throw new UnreadableFileError(shown, `larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return decodeText(bytes.subarray(0, read));
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(shown, describeFsError(error));
  } finally {
    fs.closeSync(fd);
  }
}
