/**
 * The folders the server serves: one per workspace folder of the client (multi-root: each its own migrations), and
 * folders made on demand for migration files opened outside all of them — the single-file mode of a client that
 * sends no workspace root (`nvim 03-x.sql`, `code file.sql`), where the file's own directory is the migrations
 * directory when its name looks like a migration.
 */
import path from 'node:path';
import type { MigrationService } from '../language/service';
import { MigrationFolder } from './folder';

/** Migration file names of the common tools: `01-x.sql`, `20230924100310_x.sql`, `1_x.up.sql`, Prisma's `migration.sql`. */
export function looksLikeMigration(file: string): boolean {
  const name = path.basename(file);
  return /^\d+[-_].*\.sql$/.test(name) || name === 'migration.sql';
}

export class FolderSet {
  private roots: MigrationFolder[] = [];
  private readonly adHoc = new Map<string, MigrationFolder>();

  constructor(
    private readonly service: MigrationService,
    private readonly log: (message: string) => void,
  ) {}

  addRoot(root: string): MigrationFolder {
    const existing = this.roots.find((f) => f.root === root);
    if (existing) return existing;
    const folder = new MigrationFolder(root, 'workspace', this.service, this.log);
    // Deepest first, so a nested folder wins over the one that contains it.
    this.roots = [...this.roots, folder].sort((a, b) => b.root.length - a.root.length);
    return folder;
  }

  removeRoot(root: string): MigrationFolder | undefined {
    const folder = this.roots.find((f) => f.root === root);
    this.roots = this.roots.filter((f) => f !== folder);
    return folder;
  }

  /**
   * The folder a `.sql` file belongs to; with `create`, a folder is made for a migration-like file outside every
   * workspace folder (or in one that has no migrations directory). Other SQL files of a project are not ours.
   */
  folderFor(file: string, create = false): MigrationFolder | undefined {
    const owner = this.roots.find((f) => f.owns(file)) ?? [...this.adHoc.values()].find((f) => f.owns(file));
    if (owner) return owner;
    const container = this.roots.find((f) => f.contains(file));
    if (container?.directory && !looksLikeMigration(file)) return undefined;
    if (container?.directory && path.dirname(file) !== container.directory) return undefined;
    if (!create) return undefined;
    const migrationLike = looksLikeMigration(file);
    const key = migrationLike ? path.dirname(file) : file;
    let folder = this.adHoc.get(key);
    if (!folder) {
      folder = new MigrationFolder(path.dirname(file), 'file', this.service, this.log, migrationLike ? undefined : file);
      this.adHoc.set(key, folder);
    }
    return folder;
  }

  /** Forgets a folder made for opened files once none of them is open. */
  release(folder: MigrationFolder): boolean {
    if (folder.origin !== 'file' || folder.openFiles > 0) return false;
    for (const [key, f] of this.adHoc) if (f === folder) this.adHoc.delete(key);
    return true;
  }

  all(): MigrationFolder[] {
    return [...this.roots, ...this.adHoc.values()];
  }

  workspaceFolders(): MigrationFolder[] {
    return [...this.roots];
  }
}
