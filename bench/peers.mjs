// `npm run bench -- --peers`: our lint against the Rust peers on the same generated folder, every command a fresh
// process, runs alternating (run i starts at command i, so no command always goes first on a busy machine), medians,
// ratios and peak memory. The peers (squawk-cli, @postgres-language-server/cli) run as their native binaries, found
// inside their platform packages — not through their Node wrappers. They are installed from the npm registry into
// bench/out/peers on the first run, not as devDependencies: npm writes lock entries only for this machine's platform
// packages, and `npm ci` then fails elsewhere (main's f95f7ea).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const firstLine = (s) => (s || '').trim().split('\n').find((l) => l.trim()) ?? '';

export const PEER_PACKAGES = ['squawk-cli@2.66.0', '@postgres-language-server/cli@0.25.5'];

/** Installs the peers into `dir` once (the ordinary npm client, the npm registry); later runs reuse them. */
export function installPeers(dir) {
  const stamp = path.join(dir, 'installed.json');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === JSON.stringify(PEER_PACKAGES)) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...PEER_PACKAGES], { cwd: dir, stdio: 'ignore' });
  if (run.status === 0) fs.writeFileSync(stamp, JSON.stringify(PEER_PACKAGES));
}

/** The first existing file among the candidates (platform packages are named per OS and CPU). */
function firstExisting(root, candidates) {
  return candidates.map((c) => path.join(root, 'node_modules', c)).find((p) => fs.existsSync(p));
}

function squawkBinary(root) {
  const exe = process.platform === 'win32' ? 'squawk.exe' : 'squawk';
  return firstExisting(root, [`@squawk-cli/${process.platform}-${process.arch}/bin/${exe}`]);
}

function postgresLanguageServerBinary(root) {
  const cpu = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  const systems = { linux: ['linux-gnu', 'linux-musl'], darwin: ['apple-darwin'], win32: ['windows-msvc'] }[process.platform] ?? [];
  const exe = process.platform === 'win32' ? 'postgres-language-server.exe' : 'postgres-language-server';
  return cpu ? firstExisting(root, systems.map((s) => `@postgres-language-server/cli-${cpu}-${s}/${exe}`)) : undefined;
}

/** One timed run: wall time around the spawn, peak RSS from GNU time (`%M`, KB). */
function timeOnce(root, command, args) {
  const rssFile = path.join(os.tmpdir(), `bench-peers-rss-${process.pid}`);
  const [cmd, cmdArgs] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const start = performance.now();
  const result = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  let rssKb;
  if (fs.existsSync(rssFile)) {
    rssKb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) || undefined;
    fs.rmSync(rssFile);
  }
  return { wallMs, rssKb, result };
}

/**
 * The newest migration gains a column on every other run, then loses it again: each run of the "one file changed"
 * row finds exactly one file different from what the cache holds (the schema after it changes too).
 */
function toggler(file) {
  const original = fs.readFileSync(file, 'utf8');
  const table = /create table (?:if not exists )?([a-z_][a-z0-9_]*)/i.exec(original)?.[1] ?? /alter table ([a-z_][a-z0-9_]*)/i.exec(original)?.[1] ?? 'bench_toggle_table';
  const edited = `${original.replace(/\s*$/, '\n')}ALTER TABLE ${table} ADD COLUMN bench_toggle text;\n`;
  let on = fs.readFileSync(file, 'utf8') === edited;
  return () => {
    on = !on;
    fs.writeFileSync(file, on ? edited : original);
  };
}

export function runPeerComparison({ root, outDir, corpusDir, runs }) {
  const peersDir = path.join(outDir, 'peers');
  installPeers(peersDir);
  const cli = path.join(root, 'dist/cli.js');
  const node = process.execPath;
  const rel = (p) => path.relative(root, p);
  const sqlFiles = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.sql')).sort();

  // A one-file folder (the start-up row) and a copy of the folder that the "one file changed" row edits.
  const oneDir = path.join(outDir, 'one-file', 'migrations');
  fs.rmSync(path.dirname(oneDir), { recursive: true, force: true });
  fs.mkdirSync(oneDir, { recursive: true });
  fs.copyFileSync(path.join(corpusDir, sqlFiles[0]), path.join(oneDir, sqlFiles[0]));
  const editDir = path.join(outDir, 'migrations-edit');
  fs.rmSync(editDir, { recursive: true, force: true });
  fs.cpSync(corpusDir, editDir, { recursive: true });
  const cacheDir = path.join(outDir, 'cache');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const warmCache = path.join(cacheDir, 'warm');
  const editCache = path.join(cacheDir, 'edit');
  const toggle = toggler(path.join(editDir, sqlFiles.at(-1)));

  const lint = (dir, extra = []) => [cli, 'lint', '--dir', rel(dir), '--format', 'json', ...extra];
  const squawk = squawkBinary(peersDir);
  const pls = postgresLanguageServerBinary(peersDir);
  const commands = [
    { id: 'floor', label: '`node -e 0` (the floor)', command: node, args: ['-e', '0'] },
    { id: 'startup', label: 'ours, start-up: lint of a one-file folder', command: node, args: lint(oneDir) },
    { id: 'cold', label: 'ours, cold (no cache)', command: node, args: lint(corpusDir) },
    { id: 'warm', label: 'ours, warm (`--cache`, nothing changed)', command: node, args: lint(corpusDir, ['--cache', '--cache-location', rel(warmCache)]) },
    {
      id: 'edit',
      label: 'ours, warm, one file changed (`--cache`; the newest migration gains a column)',
      command: node,
      args: lint(editDir, ['--cache', '--cache-location', rel(editCache)]),
      before: toggle,
    },
    squawk
      ? { id: 'squawk', label: `squawk ${firstLine(spawnSync(squawk, ['--version'], { encoding: 'utf8' }).stdout).replace(/^squawk\s*/, '')} (native binary, \`--reporter json <files>\`)`, command: squawk, args: ['--reporter', 'json', ...sqlFiles.map((f) => rel(path.join(corpusDir, f)))] }
      : { id: 'squawk', label: 'squawk', missing: `${PEER_PACKAGES[0]} could not be installed into bench/out/peers from the npm registry, or has no binary for this platform` },
    pls
      ? { id: 'pls', label: `Postgres Language Server ${firstLine(spawnSync(pls, ['--version'], { encoding: 'utf8' }).stdout).replace(/^Version:\s*/, '')} (native binary, \`check --disable-db <dir>\`)`, command: pls, args: ['check', '--disable-db', rel(corpusDir)] }
      : { id: 'pls', label: 'Postgres Language Server', missing: `${PEER_PACKAGES[1]} could not be installed into bench/out/peers from the npm registry, or has no binary for this platform` },
  ];
  const runnable = commands.filter((c) => !c.missing);

  // Prime the caches (and the file system's): not timed.
  for (const c of runnable) {
    c.before?.();
    const r = timeOnce(root, c.command, c.args).result;
    c.status = r.status;
    if (r.status !== 0 && r.status !== 1) c.failure = `exit ${r.status}: ${firstLine(r.stderr)}`;
  }
  const samples = new Map(runnable.map((c) => [c.id, { walls: [], rss: [] }]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < runnable.length; j++) {
      const c = runnable[(i + j) % runnable.length];
      c.before?.();
      const t = timeOnce(root, c.command, c.args);
      samples.get(c.id).walls.push(t.wallMs);
      if (t.rssKb) samples.get(c.id).rss.push(t.rssKb);
    }
  }
  // Leave the edited copy as it was generated.
  if (fs.readFileSync(path.join(editDir, sqlFiles.at(-1)), 'utf8') !== fs.readFileSync(path.join(corpusDir, sqlFiles.at(-1)), 'utf8')) toggle();

  const medians = Object.fromEntries([...samples].map(([id, s]) => [id, median(s.walls)]));
  const ratio = (a, b) => (medians[a] && medians[b] ? `${(medians[a] / medians[b]).toFixed(2)}×` : 'n/a');
  const rows = commands.map((c) => {
    if (c.missing) return { measure: c.label, median: 'n/a', runs: '', peakMb: '', notes: c.missing };
    const s = samples.get(c.id);
    const notes = [];
    if (c.failure) notes.push(c.failure);
    if (['cold', 'warm', 'edit', 'startup'].includes(c.id)) notes.push(`${ratio(c.id, 'floor')} the floor`);
    if (c.id === 'cold') notes.push(`${ratio('cold', 'pls')} the Postgres Language Server`, `${ratio('cold', 'squawk')} squawk`);
    if (c.id === 'warm' || c.id === 'edit') notes.push(`${ratio(c.id, 'squawk')} squawk`, `${ratio(c.id, 'cold')} our cold run`);
    return {
      measure: c.label,
      median: (medians[c.id] / 1000).toFixed(3),
      runs: s.walls.map((w) => (w / 1000).toFixed(2)).join(' '),
      peakMb: s.rss.length ? (Math.max(...s.rss) / 1024).toFixed(0) : 'n/a',
      notes: notes.join('; '),
    };
  });
  return { rows, medians, files: sqlFiles.length };
}

export function printPeerTable({ rows, files }, { runs, host, corpus }) {
  console.log(`\n### Lint speed against the peers (${files} files, ${corpus.statements} statements, ${(corpus.bytes / 1e6).toFixed(2)} MB; ${runs} alternating runs each)\n`);
  console.log(`Machine: ${host.cpus} cores (nproc) × ${host.cpuModel}, Node ${host.node}, ${host.os}; load average ${host.loadAverage1m} at start\n`);
  console.log('| command | median s | runs (s) | peak MB | ratio |\n|---|---:|---|---:|---|');
  for (const r of rows) console.log(`| ${r.measure} | ${r.median} | ${r.runs} | ${r.peakMb} | ${r.notes} |`);
}
