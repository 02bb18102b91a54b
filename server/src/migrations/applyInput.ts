/**
 * What an apply reads from disk, for the CLI and the language server alike: a pg-migrations folder's numbered files
 * with their exact text (a byte-order mark kept: the history compares this text, as pg-migrations does). Only
 * pg-migrations folders are applied; another layout is refused with the tool to use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { judgeLayout } from './applyLayout';
import { isIgnoredMigrationName, isSqlFileName, migrationIndex } from './naming';
import type { MigrationSource } from './plan';
import { describeFsError, pathKind } from './readText';

/** A folder that cannot be applied, or a file that cannot be read: one line for the user. */
export class ApplyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplyInputError';
  }
}

export interface ApplyInput {
  files: MigrationSource[];
  /** The directory as the files' paths write it. */
  directory: string;
  /** The files' texts by display path (without a byte-order mark), to place diagnostics at lines and columns. */
  texts: Map<string, string>;
}

/** Reads the migrations of `directory` (absolute); `shown` writes an absolute path as diagnostics name it. */
export function readApplyInput(directory: string, shown: (absolute: string) => string): ApplyInput {
  const shownDirectory = shown(directory);
  const entries = listEntries(directory, shownDirectory || '.');
  const verdict = judgeLayout(entries, shownDirectory || '.');
  if (verdict.kind === 'refused') throw new ApplyInputError(verdict.message);
  const files: MigrationSource[] = [];
  const texts = new Map<string, string>();
  for (const entry of entries) {
    if (entry.isDirectory || !isSqlFileName(entry.name) || isIgnoredMigrationName(entry.name)) continue;
    const index = migrationIndex(entry.name);
    if (index === undefined) continue;
    const absolute = path.join(directory, entry.name);
    const display = shown(absolute);
    const kind = pathKind(absolute);
    if (kind !== 'file') throw new ApplyInputError(`cannot read ${display}: ${kind === 'broken-link' ? 'a broken symbolic link' : kind === 'loop' ? 'too many levels of symbolic links' : kind === 'missing' ? 'no such file' : 'not a regular file'}`);
    let script: string;
    try {
      script = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new ApplyInputError(`cannot read ${display}: ${describeFsError(error)}`);
    }
    files.push({ path: display, name: entry.name, index, script });
    texts.set(display, script.replace(/^\uFEFF/, ''));
  }
  return { files, directory: shownDirectory, texts };
}

/**
 * The directory's entries as pg-migrations sees them: it stats every name, so a symbolic link counts as what it
 * points to. A link that cannot be followed counts as a file, so that reading it reports the problem.
 */
function listEntries(directory: string, shown: string): Array<{ name: string; isDirectory: boolean }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new ApplyInputError(`cannot read ${shown}: ${describeFsError(error)}`);
  }
  return entries.flatMap((e) => {
    if (e.isFile() || e.isDirectory()) return [{ name: e.name, isDirectory: e.isDirectory() }];
    if (!e.isSymbolicLink()) return [];
    try {
      const stat = fs.statSync(path.join(directory, e.name));
      return stat.isFile() || stat.isDirectory() ? [{ name: e.name, isDirectory: stat.isDirectory() }] : [];
    } catch {
      return [{ name: e.name, isDirectory: false }];
    }
  });
}

