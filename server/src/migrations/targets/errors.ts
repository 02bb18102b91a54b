/**
 * Drivers' errors as the engine's `DatabaseError`. node-postgres and PGlite both report the fields of Postgres'
 * ErrorResponse (`code`, `position`, `internalPosition`, `internalQuery`, …), with positions as strings.
 */
import { DatabaseError } from '../target';

interface DriverError {
  message?: string;
  code?: unknown;
  detail?: unknown;
  hint?: unknown;
  position?: unknown;
  internalPosition?: unknown;
  internalQuery?: unknown;
}

/** SQLSTATE classes that mean the session is gone, not that a statement was rejected. */
const CONNECTION_CODES = /^(?:08|57P0[123])/;
/** Node's socket error codes. */
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function toDatabaseError(error: unknown, scrub: (text: string) => string = (t) => t): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const e = (error ?? {}) as DriverError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const isSqlState = code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  const message = scrub(typeof e.message === 'string' && e.message ? e.message : String(error));
  const connectionLost =
    (code !== undefined && (SOCKET_CODES.has(code) || (isSqlState && CONNECTION_CODES.test(code)))) ||
    /Connection terminated|Client was closed|not queryable/i.test(message);
  return new DatabaseError({
    message,
    code: isSqlState ? code : undefined,
    detail: typeof e.detail === 'string' ? scrub(e.detail) : undefined,
    hint: typeof e.hint === 'string' ? scrub(e.hint) : undefined,
    position: toNumber(e.position),
    internalPosition: toNumber(e.internalPosition),
    internalQuery: typeof e.internalQuery === 'string' ? e.internalQuery : undefined,
    connectionLost,
  });
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}
