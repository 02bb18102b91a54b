#!/usr/bin/env node
// `npm run package` (after the build): writes electric-migrations-<version>.vsix with @vscode/vsce, offline and
// without a question.
//   --out DIR   write the VSIX into DIR instead of the repository root (the packaging test uses a temp dir)
// The flags, and why:
//   --no-dependencies              everything the extension runs is bundled into dist/ by esbuild (no node_modules)
//   --allow-missing-repository     the project has no public repository URL to name, and a made-up one is not allowed
//   --no-rewrite-relative-links    vsce would rewrite the README's relative links (LICENSE) against that repository;
//                                  they stay relative and resolve inside the installed extension, where LICENSE ships
// What goes in is .vscodeignore's allow-list.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1] ?? '.') : root;
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(outDir, `${name}-${version}.vsix`);

for (const bundle of ['dist/extension.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(root, bundle))) {
    console.error(`${bundle} is missing: run npm run build first (npm run package does)`);
    process.exit(2);
  }
}
fs.mkdirSync(outDir, { recursive: true });
const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(vsix);
