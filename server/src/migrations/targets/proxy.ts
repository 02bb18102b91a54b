/**
 * Electric's migrations proxy (0.7+) as a `Target`. It speaks the Postgres protocol, so this is the PostgreSQL
 * adapter under another name; what differs is what the engine sends: DDLX statements verbatim (the proxy rewrites
 * them into `electric.*` calls), which it skips for every other target. The history insert reaches the proxy as the
 * parameterised INSERT pg-migrations sends, from which it takes the migration version (history.ts).
 *
 * No Electric server runs in this project's tests; they check the exact statements this target sends against a
 * PostgreSQL that logs every statement.
 */
import type { Target } from '../target';
import { openPostgres, type PostgresOptions } from './postgres';

export function openElectricProxy(url: string, options: PostgresOptions = {}): Promise<Target> {
  return openPostgres(url, 'electric-proxy', options);
}
