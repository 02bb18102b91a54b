import fs from 'node:fs';
import path from 'node:path';

/**
 * The version from the project's package.json. Looked up at run time, walking up from this module, because the
 * module runs both from `server/src/cli` (tests, through tsx) and bundled as `dist/cli.js`.
 */
export function packageVersion(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    try {
      const manifest = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'electric-migrations' && manifest.version) return manifest.version;
    } catch {
      // Not there or not ours: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** Set by scripts/build.mjs (esbuild `define`): a hash of the sources the bundle was built from. */
declare const __ELECTRIC_MIGRATIONS_ENGINE__: string | undefined;

/**
 * What the lint cache is keyed by besides its inputs: the package version and, in a bundle, the hash of the
 * sources it was built from. Run from sources (tests, through tsx) there is no such hash: `source`.
 */
export function engineVersion(): string {
  const build = typeof __ELECTRIC_MIGRATIONS_ENGINE__ === 'string' ? __ELECTRIC_MIGRATIONS_ENGINE__ : 'source';
  return `${packageVersion()}+${build}`;
}
