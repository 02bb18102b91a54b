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
