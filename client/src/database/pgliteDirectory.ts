/**
 * Where the embedded PGlite keeps a folder's database: in the extension's workspace storage (so that nothing is
 * written into the project), one directory per workspace folder, named so a person can tell them apart.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export function pgliteDirectoryFor(storageDirectory: string, folderUri: string, folderName: string): string {
  const slug = folderName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'folder';
  const hash = createHash('sha256').update(folderUri).digest('hex').slice(0, 8);
  return path.join(storageDirectory, 'pglite', `${slug}-${hash}`);
}
