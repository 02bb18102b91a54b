/**
 * The narrow interface the apply engine talks to a database through, and the errors that end a run before any
 * file is applied. The adapters in `targets/` implement it for PGlite, PostgreSQL and Electric's migrations proxy;
 * they are the only code here that does IO.
 */
import type { DatabaseErrorFields } from './errorPosition';

/** Where migrations go (product.md §6). */
export type TargetKind = 'pglite' | 'postgres' | 'electric-proxy';
export const TARGET_KINDS: readonly TargetKind[] = ['pglite', 'postgres', 'electric-proxy'];

/** How to reach a target. URLs may carry a password: show them only through `maskUrl`. */
export type TargetSpec =
  /** An embedded PGlite whose data lives in `dataDir` (absolute; created when an apply needs it). */
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string }
  /** Electric's migrations proxy: a Postgres URL, e.g. postgresql://postgres:proxy_password@localhost:65432/app. */
  | { kind: 'electric-proxy'; url: string };

/** One open session on a target. Statements of a migration go through `exec`, one at a time. */
export interface Target {
  readonly kind: TargetKind;
  /** How messages name it: the masked URL or the data directory. */
  readonly description: string;
  /**
   * Sends one statement as a simple-protocol query, as psql and pg-migrations send migration text (Electric's proxy
   * parses DDLX only from such queries). Rejects with `DatabaseError`.
   */
  exec(sql: string): Promise<void>;
  /** A parameterised (extended-protocol) query; rejects with `DatabaseError`. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Takes the session's advisory lock that serialises appliers (`pg_try_advisory_lock`); false when another
   * session holds it. Released when the session ends, however it ends.
   */
  tryLock(): Promise<boolean>;
  /** Ends the session (and releases what it holds). Never rejects. */
  close(): Promise<void>;
}

/** An error the database reported for a statement, with the fields that place it. */
export class DatabaseError extends Error implements DatabaseErrorFields {
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: number;
  readonly internalPosition?: number;
  readonly internalQuery?: string;
  /** True when the session is gone (connection lost), not a statement the database rejected. */
  readonly connectionLost: boolean;

  constructor(fields: DatabaseErrorFields & { connectionLost?: boolean }) {
    super(fields.message);
    this.name = 'DatabaseError';
    this.code = fields.code;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.internalPosition = fields.internalPosition;
    this.internalQuery = fields.internalQuery;
    this.connectionLost = fields.connectionLost ?? false;
  }
}

/** Why a run could not start; nothing was written. */
export type StartFailure =
  /** No database: unreachable, refused, bad credentials, a data directory that cannot be opened (CLI exit 2). */
  | 'unavailable'
  /** History tables this engine must not read or write (CLI exit 2). */
  | 'history'
  /** Another applier holds the lock (CLI exit 1). */
  | 'locked';

/** A run that ended before applying anything; `message` is one line, safe to show (no password). */
export class ApplyStartError extends Error {
  constructor(
    readonly reason: StartFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ApplyStartError';
  }
}

/** How messages name a target before it is opened: the data directory, or the URL with its password masked. */
export function describeTargetSpec(spec: TargetSpec): string {
  return spec.kind === 'pglite' ? `PGlite in ${spec.dataDir}` : maskUrl(spec.url);
}

import { maskUrl } from './maskUrl';

export { maskUrl };

/** `text` with every occurrence of `secret` replaced by `***` (a driver message must never carry a password). */
export function scrubSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
