/**
 * A PostgreSQL server (or anything that speaks its protocol, such as Electric's migrations proxy) as a `Target`,
 * through node-postgres. One client, one session: the advisory lock and the per-file transactions live on it.
 */
import pg from 'pg';
import { ApplyStartError, DatabaseError, maskUrl, scrubSecret, type Target, type TargetKind } from '../target';
import { toDatabaseError } from './errors';

/** How long a connection attempt may take before the target counts as unreachable (libpq's `connect_timeout`). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * TCP keepalives on the client's socket: after this much silence the kernel starts probing, and Node's libuv
 * (1.46+) probes every second, ten times, so a connection whose network went away fails its running query within
 * about 20 s instead of waiting for the kernel default (two hours of silence, then 75 s × 9 probes).
 */
export const KEEPALIVE_IDLE_MS = 10_000;

/**
 * The same on the server's side of the session (`tcp_keepalives_*`, seconds): a session whose client vanished is
 * ended, its transaction rolled back and its advisory lock released, within about 25 s, so the next apply can run.
 */
const SERVER_KEEPALIVES = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3';

/**
 * The advisory lock key of appliers (any 64-bit number no other tool uses; advisory locks are per database).
 * Spelled as text: it is bound as a bigint parameter, and JavaScript numbers cannot hold every bigint.
 */
export const ADVISORY_LOCK_KEY = '7361582649082341907';

export interface PostgresOptions {
  /** Overrides the URL's `connect_timeout` (seconds), `PGCONNECT_TIMEOUT`, and the 10 s default. */
  connectTimeoutMs?: number;
  /** Server notices (e.g. the proxy's "Migration affecting electrified table"), already scrubbed of the password. */
  onNotice?: (message: string) => void;
}

/** Connects; a failure to connect (refused, unreachable, timeout, authentication) is `ApplyStartError('unavailable')`. */
export async function openPostgres(url: string, kind: Extract<TargetKind, 'postgres' | 'electric-proxy'>, options: PostgresOptions = {}): Promise<Target> {
  const shown = maskUrl(url);
  const secrets = passwordsIn(url);
  const scrub = (text: string) => secrets.reduce(scrubSecret, text);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? connectTimeoutOf(url),
    application_name: 'electric-migrations',
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  });
  // Without a listener an error on an idle connection (the server went away) would crash the process; the next
  // query fails instead, and says so.
  let lost: Error | undefined;
  client.on('error', (error) => {
    lost = error;
  });
  client.on('notice', (notice) => options.onNotice?.(scrub(notice.message ?? '')));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ApplyStartError('unavailable', `cannot connect to ${shown}: ${scrub(describeConnectError(error))}`);
  }

  // A killed applier's session would otherwise hold its transaction and the advisory lock until the statement
  // running then ends (a long pg_sleep, an index build): with this setting (Postgres 14+) the server checks the
  // socket every second and ends the session. Older servers and proxies that refuse it just keep the default.
  await client.query('SET client_connection_check_interval = 1000').catch(() => undefined);
  // Over a Unix socket (or through a proxy that refuses SET) these do not apply: the defaults stay.
  await client.query(SERVER_KEEPALIVES).catch(() => undefined);

  const run = async <Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    if (lost) throw new DatabaseError({ message: `the connection to ${shown} was lost: ${scrub(lost.message)}`, connectionLost: true });
    try {
      const result = await client.query<Row>(params ? { text: sql, values: [...params] } : sql);
      return result.rows ?? [];
    } catch (error) {
      throw toDatabaseError(error, scrub);
    }
  };

  return {
    kind,
    description: shown,
    exec: async (sql) => {
      await run(sql);
    },
    query: (sql, params) => run(sql, params ?? []),
    tryLock: async () => {
      const rows = await run<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [ADVISORY_LOCK_KEY]);
      return rows[0]?.locked === true;
    },
    close: async () => {
      await client.end().catch(() => undefined);
    },
  };
}

/** libpq's rule: `connect_timeout` in the URL (seconds), else PGCONNECT_TIMEOUT, else our default. */
function connectTimeoutOf(url: string): number {
  const fromUrl = /[?&]connect_timeout=(\d+)/.exec(url)?.[1];
  const seconds = Number(fromUrl ?? process.env.PGCONNECT_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_CONNECT_TIMEOUT_MS;
}

/** The password of a URL or key=value string, raw and percent-decoded, to scrub from driver messages. */
function passwordsIn(url: string): string[] {
  const found: string[] = [];
  const fromUrl = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^@/?#]+)@/i.exec(url)?.[1];
  if (fromUrl) {
    found.push(fromUrl);
    try {
      const decoded = decodeURIComponent(fromUrl);
      if (decoded !== fromUrl) found.push(decoded);
    } catch {
      // Not valid percent-encoding: the raw form is all there is.
    }
  }
  const fromKeyValue = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(url)?.[1];
  if (fromKeyValue) found.push(fromKeyValue.replace(/^'|'$/g, ''));
  if (process.env.PGPASSWORD) found.push(process.env.PGPASSWORD);
  return found.filter((s) => s.length > 0);
}

/** One line about why connecting failed, in the words a user acts on. */
function describeConnectError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { code?: string; errors?: Error[] };
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running, and on this port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case '28P01':
    case '28000':
      return e.message;
    case '3D000':
      return e.message;
  }
  const message = e?.message || (e?.errors?.map((x) => x.message).join('; ') ?? String(error));
  if (/timeout/i.test(message)) return 'no answer within the connect timeout';
  return message.split('\n')[0];
}
