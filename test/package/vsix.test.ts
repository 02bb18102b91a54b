/**
 * The VSIX that `npm run package` writes (its packaging step, scripts/package.mjs, run on the dist/ that `npm test`
 * just built): what it ships, and how big it is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { zipEntries } from '../helpers/zipEntries';

const root = path.join(__dirname, '..', '..');
/** Most of it is PGlite (its Postgres in WASM and the file-system image, about 5 MB compressed), which must ship. */
const MAX_VSIX_BYTES = 8 * 1024 * 1024;

test('npm run package writes a VSIX with the bundles, grammar, rule docs, manifest, README and LICENSE, and nothing else', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> };
  assert.equal(manifest.scripts.package, 'node scripts/build.mjs && node scripts/package.mjs');

  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'electric-migrations-vsix-'));
  try {
    // stdin closed: a question from vsce would fail the run instead of waiting.
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/package.mjs'), '--out', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(`${run.stdout}${run.stderr}`, /WARNING|Couldn't detect the repository/i);

    const vsix = path.join(out, `${manifest.name}-${manifest.version}.vsix`);
    const names = zipEntries(vsix).map((e) => e.name).sort();
    assert.deepEqual(names, [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/initdb.wasm',
      'extension/dist/libpg-query.wasm',
      'extension/dist/pglite.data',
      'extension/dist/pglite.wasm',
      'extension/dist/server.js',
      'extension/package.json',
      // The README is also the rule documentation the diagnostics link to (vsce lower-cases its name).
      'extension/readme.md',
      'extension/syntaxes/ddlx.injection.tmLanguage.json',
    ]);
    for (const name of names) assert.doesNotMatch(name, /\.map$|\.ts$|node_modules|\/test\/|\/client\/|\/server\//, name);

    // PGlite runs in the server; the extension bundle must not carry it.
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8'), /pglite\.wasm|@electric-sql\/pglite/);

    const size = fs.statSync(vsix).size;
    console.log(`VSIX: ${(size / 1024 / 1024).toFixed(2)} MiB, ${names.length} entries`);
    assert.ok(size <= MAX_VSIX_BYTES, `the VSIX is ${size} bytes, over ${MAX_VSIX_BYTES}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
