// Summarises a V8 .cpuprofile: self time per function and per area (ohm-js, libpg-query, our sources, GC, …).
//   node bench/profile.mjs FILE.cpuprofile [TOP]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Frames in a bundle (dist/cli.js) all have the bundle's URL; its source map says which source each came from.
 * Returns (line, column) => source path, decoding only the generated column and source index of each segment.
 */
function sourceLookup(mapFile) {
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const lines = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const seg of line ? line.split(',') : []) {
      const values = [];
      for (let i = 0, shift = 0, value = 0; i < seg.length; i++) {
        const digit = B64.indexOf(seg[i]);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return (line, column) => {
    const segments = lines[line] ?? [];
    let found;
    for (const [col, src] of segments) if (col <= column) found = src;
    return found === undefined ? undefined : path.resolve(path.dirname(mapFile), map.sourceRoot ?? '', map.sources[found]);
  };
}

const lookups = new Map();
/** The source file a frame comes from, through the script's source map when it has one. */
function sourceOf({ url, lineNumber, columnNumber }) {
  if (!url || url.startsWith('wasm://') || url.startsWith('node:')) return url;
  const file = fileURLToPath(url.startsWith('file:') ? url : `file://${url}`);
  if (!lookups.has(file)) lookups.set(file, fs.existsSync(`${file}.map`) ? sourceLookup(`${file}.map`) : null);
  return lookups.get(file)?.(lineNumber, columnNumber) ?? file;
}

/** Which part of the stack a frame belongs to: a package, one of our source files, GC, … */
function area(file, functionName) {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)';
  if (file.startsWith('wasm://')) return 'libpg-query (wasm)';
  if (file.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

export function summarize(profile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time between sample i-1 and i; charge it to sample i's frame.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || '(anonymous)';
    const where = area(sourceOf(frame), name);
    const key = `${name}  ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    areas.set(where, (areas.get(where) ?? 0) + us);
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, functions: rank(fns), areas: rank(areas) };
}

export function printSummary(title, summary) {
  console.log(`\n### ${title} — self time (${summary.totalMs.toFixed(0)} ms sampled)\n`);
  console.log('| area | ms | % |\n|---|---:|---:|');
  for (const a of summary.areas) console.log(`| ${a.name} | ${a.ms.toFixed(0)} | ${a.pct.toFixed(1)} |`);
  console.log('\n| function | ms | % |\n|---|---:|---:|');
  for (const f of summary.functions) console.log(`| \`${f.name}\` | ${f.ms.toFixed(0)} | ${f.pct.toFixed(1)} |`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  printSummary(path.basename(file), summarize(JSON.parse(fs.readFileSync(file, 'utf8')), Number(process.argv[3] ?? 15)));
}
