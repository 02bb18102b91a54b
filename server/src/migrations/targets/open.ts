/**
 * Opens a `TargetSpec`. The adapters are imported on first use: PGlite is large, and neither it nor node-postgres
 * is needed to lint.
 */
import type { Target, TargetSpec } from '../target';
import type { PostgresOptions } from './postgres';

export async function openTarget(spec: TargetSpec, options: PostgresOptions = {}): Promise<Target> {
  switch (spec.kind) {
    case 'pglite':
      return (await import('./pglite')).openPgliteDirectory(spec.dataDir);
    case 'postgres':
      return (await import('./postgres')).openPostgres(spec.url, 'postgres', options);
    case 'electric-proxy':
      return (await import('./proxy')).openElectricProxy(spec.url, options);
  }
}

/** A throw-away in-memory PGlite (dry runs). */
export async function openScratchDatabase(): Promise<Target> {
  return (await import('./pglite')).openPgliteMemory();
}

/** See `pgliteScratchDatabases`: throw-away databases restored from one snapshot. */
export function scratchDatabases(): { open(): Promise<Target> } {
  let factory: Promise<{ open(): Promise<Target> }> | undefined;
  return {
    open: async () => {
      factory ??= import('./pglite').then((m) => m.pgliteScratchDatabases());
      return (await factory).open();
    },
  };
}

/** False when the target certainly holds no history yet and opening it would create it (a missing PGlite directory). */
export async function targetExists(spec: TargetSpec): Promise<boolean> {
  if (spec.kind !== 'pglite') return true;
  return (await import('./pglite')).pgliteDirectoryExists(spec.dataDir);
}
