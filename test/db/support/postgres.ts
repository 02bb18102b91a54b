/**
 * Real PostgreSQL servers for the database tests: the one in DATABASE_URL when it answers (CI starts one), else a
 * throw-away cluster from scripts/postgres-ci.sh, stopped when the test file ends. Every test gets its own
 * database (`freshDatabase`), so tests never see each other's tables or history.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import pg from 'pg';

const root = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(root, 'scripts/postgres-ci.sh');

export interface PostgresServer {
  /** A URL for the server's `postgres` database (administration: CREATE DATABASE). */
  adminUrl: string;
  /** The cluster directory of a server started here (server.log is in it); undefined for DATABASE_URL. */
  dir?: string;
}

/** A query on a fresh connection (tests inspect what the CLI did in another process). */
export async function sql<Row extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await sql(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let shared: Promise<PostgresServer> | undefined;

/** The server of this test file: DATABASE_URL's when it answers, else one started here (once per file). */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= (async () => {
    const fromEnv = process.env.DATABASE_URL;
    if (fromEnv && (await answers(fromEnv))) return { adminUrl: withDatabase(fromEnv, 'postgres') };
    return startPostgres();
  })();
  return shared;
}

/** A new, empty database on `server`, dropped when the test that asked for it ends; returns its URL. */
export async function freshDatabase(server: PostgresServer, label = 'apply'): Promise<string> {
  const name = `em_${label.replace(/\W+/g, '_').slice(0, 30)}_${crypto.randomBytes(4).toString('hex')}`.toLowerCase();
  await sql(server.adminUrl, `CREATE DATABASE "${name}"`);
  after(async () => {
    await sql(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  });
  return withDatabase(server.adminUrl, name);
}

export interface StartOptions {
  /** Require this password on TCP connections (scram-sha-256). */
  password?: string;
  /** Extra server settings, e.g. `['log_statement=all']`. */
  settings?: string[];
}

const started: string[] = [];

/**
 * Stops the servers this process started. Register it at the top level of a test file (`after(stopStartedServers)`):
 * an `after` registered inside a hook would run when that hook ends.
 */
export async function stopStartedServers(): Promise<void> {
  await Promise.all(
    started.splice(0).map(
      (dir) => new Promise<void>((resolve) => execFile('bash', [SCRIPT, 'stop', dir], { timeout: 60_000 }, () => resolve())),
    ),
  );
}

/** Starts a throw-away cluster (scripts/postgres-ci.sh); `stopStartedServers` stops it. About 1–2 s. */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (options.password) env.PGCI_PASSWORD = options.password;
  if (options.settings?.length) env.PGCI_SERVER_OPTIONS = options.settings.map((s) => `-c ${s}`).join(' ');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('bash', [SCRIPT, 'start'], { env, timeout: 120_000 }, (error, out, err) => {
      if (error) reject(new Error(`postgres-ci.sh start failed: ${err || error.message}`));
      else resolve(out);
    });
  });
  const dir = /PGCI_DIR=(\S+)/.exec(stdout)?.[1];
  const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  if (!dir || !url) throw new Error(`postgres-ci.sh printed no PGCI_DIR/DATABASE_URL: ${stdout}`);
  started.push(dir);
  return { adminUrl: withDatabase(url, 'postgres'), dir };
}

/** The server log of a cluster started here (with `log_statement=all`, every statement it ran). */
export function serverLog(server: PostgresServer): string {
  if (!server.dir) throw new Error('not a server started by the tests');
  return fs.readFileSync(path.join(server.dir, 'server.log'), 'utf8');
}
