/**
 * The custom messages between the language server and its clients, declared once (vscode-eslint's
 * `customMessages.ts` style): one namespace per message with its method name, its parameter and result types, and
 * who sends it. Plain data and no imports, so that the VS Code client (client/src) and the server share the file
 * and any other LSP client can implement the same messages from this page alone.
 *
 * Positions are LSP positions (zero-based line, UTF-16 character); URIs are `file:` URIs.
 */

/** An LSP position. */
export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface ProtocolRange {
  start: ProtocolPosition;
  end: ProtocolPosition;
}

/**
 * The `electricMigrations` settings section (client → server through `workspace/configuration`, or pushed with
 * `workspace/didChangeConfiguration`). The names are the config file's keys; `electric-migrations.json` wins where
 * both say something. Every field is optional: a client that answers `null` gets the defaults.
 */
export interface ElectricMigrationsSettings {
  /** Relative to the workspace folder. Empty: the first of `db/migrations`, `migrations` that exists. */
  migrationsDirectory?: string;
  /** `0.6` … `0.12`. */
  electricVersion?: string;
  /** Rule id → `error` | `warning` | `info` | `off`. */
  rules?: Record<string, string>;
  /** `pg-migrations` | `dbmate` | `golang-migrate` | `prisma` | `drizzle`; empty: detected. */
  migrationFormat?: string;
  /** Folders (relative to the workspace folder) whose migrations build the schema first but are not linted by Electric's rules. */
  contextDirectories?: string[];
  /** Validate pending migrations on save against a throw-away PGlite (apply-failed diagnostics). */
  validateWithPglite?: boolean;
}

/**
 * Server → client, after every complete analysis of a workspace folder: what the status bar shows.
 */
export namespace FolderSummaryNotification {
  export const method = 'electricMigrations/folderSummary';
  export interface FolderSummary {
    /** The workspace folder (or, without a workspace, the folder of the opened migration). */
    folderUri: string;
    /** The migrations directory in use; absent when the folder has none. */
    migrationsDirectoryUri?: string;
    /** The config file in use, when there is one. */
    configFileUri?: string;
    /** A problem with the config file, reported once per change of the file. */
    configError?: string;
    electricVersion: string;
    migrationFormat: string;
    /** Migration files in the directory (context folders not counted). */
    files: number;
    errors: number;
    warnings: number;
  }
  export interface Params {
    folders: FolderSummary[];
  }
}

/**
 * Client → server: the schema as of a position, as a read-only SQL document ("what does my database look like
 * after 05?"): CREATE TABLE statements with columns, keys and constraints, then which tables are electrified (and
 * where), the assignments and the grants. `null` when the document is not a migration the server knows.
 */
export namespace SchemaAtRequest {
  export const method = 'electricMigrations/schemaAt';
  export interface Params {
    textDocument: { uri: string };
    position: ProtocolPosition;
  }
  export interface Result {
    /** A short title, e.g. `Schema as of 05-add_tags.sql:12`. */
    title: string;
    /** SQL text (comments explain what is not DDL). */
    content: string;
  }
}

/**
 * Client → server: where a new migration named `name` goes: the migrations directory of the folder, the next free
 * index and the layout's file name (pg-migrations: `NN-name.sql`, keeping the width of the existing indexes). The
 * client creates the file (with `content`) and opens it; the server does not write.
 */
export namespace NewMigrationRequest {
  export const method = 'electricMigrations/newMigration';
  export interface Params {
    /** The workspace folder; absent: the only one, or the folder of the active document. */
    folderUri?: string;
    /** What the user typed, e.g. `add tags`: made into a file-name slug (`add_tags`). */
    name: string;
  }
  export interface Result {
    uri: string;
    fileName: string;
    /** The initial text, e.g. a comment line. */
    content: string;
  }
}

/**
 * Where migrations are applied. The client keeps a URL (which may hold a password) in its secret storage and hands
 * it to the server in memory; the server never logs it, and prints it only with the password masked (`***`).
 */
export interface DatabaseTarget {
  kind: 'pglite' | 'postgres' | 'electric-proxy';
  /** For `postgres` and `electric-proxy`. */
  url?: string;
  /** For `pglite`: the data directory (the VS Code client uses its workspace storage); default `.electric-migrations/pglite` in the folder. */
  pgliteDirectory?: string;
}

/** Client → server: the folder's database changed (or was cleared: `null`). Code lenses and history diagnostics follow it. */
export namespace SetDatabaseNotification {
  export const method = 'electricMigrations/setDatabase';
  export interface Params {
    /** The workspace folder; absent: every folder. */
    folderUri?: string;
    target: DatabaseTarget | null;
  }
}

export interface ProtocolFileRef {
  name: string;
  uri: string;
}

/** Where a migration stands against the database's history. */
export type MigrationFileStateName = 'applied' | 'pending' | 'edited' | 'file-missing' | 'out-of-order' | 'duplicate-index';

/** Client → server: applied and pending migrations of a folder, from its database's history (read only). */
export namespace MigrationStatusRequest {
  export const method = 'electricMigrations/migrationStatus';
  export interface Params {
    folderUri?: string;
  }
  export interface Result {
    /** The target as messages show it (password masked). */
    description: string;
    target: DatabaseTarget['kind'];
    applied: { name: string; uri?: string; appliedAt: string }[];
    pending: ProtocolFileRef[];
    /**
     * Every file and every recorded migration whose file is gone, in migration order, with where it stands:
     * `applied` | `pending` | `edited` (since applied) | `file-missing` | `out-of-order` | `duplicate-index`
     * (the CLI's `status` prints the same states). Empty when the history could not be read.
     */
    files?: { name: string; uri: string; state: MigrationFileStateName; appliedAt?: string }[];
    /** History problems (edited, missing, out of order, duplicates); also published as diagnostics. */
    problems: number;
    /** Why the status could not be read (an unreachable database, a history it must not touch). */
    error?: string;
  }
}

/**
 * Client → server: apply the folder's pending migrations (or, with `dryRun`, validate them against a throw-away
 * PGlite), with `$/progress` on the request's `workDoneToken` (one report per file) and cancellation between files.
 * The client confirms with the user first (it lists the pending files from MigrationStatusRequest); the files are
 * read from disk, so the client saves open migrations before asking.
 */
export namespace ApplyPendingRequest {
  export const method = 'electricMigrations/applyPending';
  export interface Params {
    folderUri?: string;
    dryRun?: boolean;
    /** Apply despite error-level lint diagnostics in the pending files (history problems always refuse). */
    allowErrors?: boolean;
    workDoneToken?: string | number;
  }
  export interface Result {
    outcome: 'applied' | 'up-to-date' | 'refused' | 'declined' | 'failed' | 'cancelled';
    /** Why, for every outcome but applied and up-to-date. */
    reason?: string;
    description: string;
    applied: (ProtocolFileRef & { ms: number })[];
    pending: ProtocolFileRef[];
    skippedDdlx: { uri: string; range: ProtocolRange; statement: string }[];
    /** Error-level diagnostics the run produced (lint of the pending files, history problems, apply-failed); published too. */
    errors: number;
  }
}
