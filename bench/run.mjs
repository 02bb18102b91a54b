#!/usr/bin/env node
// `npm run bench` (after `node scripts/build.mjs --if-needed`): measures the linter on a large generated migrations
// folder and prints a Markdown table (also written to bench/out/results.json). product.md §7: performance is
// measured here, not by timed tests.
//   --runs N     timed runs per command, each a fresh process; the median wall time is reported (default 3)
//   --profile    also CPU-profile the parse loop and one CLI lint, and print where the time goes (self time by
//                area and function, parse time by statement kind); profiles land in bench/out/profile/
//   --files N    corpus size (default 400 files, about 6,000 statements)
//   --only apply just the apply/status rows (bench/apply.mjs)
//   --only hostile  just the budgets on hostile input (bench/hostile.mjs): a 10 MB file of INSERTs, one 10 MB
//                INSERT, the server's peak memory editing a 1 MB file; they also run as the last rows of a full run
//   --peers      only the comparison with the peers (bench/peers.mjs): our lint cold, warm with --cache, warm with
//                one file changed, a one-file folder (start-up), squawk's and the Postgres Language Server's native
//                binaries and `node -e 0`, alternating runs (default 5), medians, ratios, peak memory
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureApply } from './apply.mjs';
import { generate } from './generate.mjs';
import { measureBudgets } from './hostile.mjs';
import { installPeers, printPeerTable, runPeerComparison } from './peers.mjs';
import { printSummary, summarize } from './profile.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const outDir = path.join(benchDir, 'out');
const corpusDir = path.join(outDir, 'migrations');
const args = process.argv.slice(2);
const option = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const PEERS = args.includes('--peers');
const RUNS = option('--runs', PEERS ? 5 : 3);
const FILES = option('--files', 400);
const SEED = 20240619;
const PROFILE = args.includes('--profile');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// ---- LSP latency hook -------------------------------------------------------------------------------------------
// Keystroke-to-diagnostics and completion latency through the LSP are measured by bench/lsp-latency.mjs, which the
// LSP work will add. Contract: `node bench/lsp-latency.mjs <migrationsDir>` prints one JSON object
// `{"rows":[{"measure","value","unit","notes"}]}` on stdout (it should start `node dist/server.js --stdio` itself
// and time real JSON-RPC round trips); its rows are appended to the table. Until that file exists nothing is printed
// for LSP latency: no placeholder numbers.
const LSP_BENCH = path.join(benchDir, 'lsp-latency.mjs');

const rows = [];
const row = (measure, value, unit, notes = '') => rows.push({ measure, value, unit, notes });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => (kb / 1024).toFixed(0);
const firstLine = (s) => (s || '').trim().split('\n').find((l) => l.trim()) ?? '';

/** The corpus is regenerated only when the generator's source or its parameters change. */
function ensureCorpus() {
  const key = crypto.createHash('sha256').update(fs.readFileSync(path.join(benchDir, 'generate.mjs'))).update(`${FILES}/${SEED}`).digest('hex');
  const stampFile = path.join(outDir, 'corpus.json');
  const stamp = fs.existsSync(stampFile) ? JSON.parse(fs.readFileSync(stampFile, 'utf8')) : undefined;
  const present = fs.existsSync(corpusDir) ? fs.readdirSync(corpusDir).filter((f) => f.endsWith('.sql')).length : 0;
  if (stamp?.key === key && present === stamp.manifest.files) return { ...stamp.manifest, cached: true };
  const manifest = generate({ dir: corpusDir, files: FILES, seed: SEED });
  fs.writeFileSync(stampFile, JSON.stringify({ key, manifest }, null, 2));
  return { ...manifest, cached: false };
}

/**
 * Runs a command RUNS times, each a fresh process. Wall time is taken around the spawn; peak RSS comes from
 * `/usr/bin/time -f %M` (which, for a wrapper that spawns a child, is the larger of the two).
 */
function timeCommand(command, commandArgs, { runs = RUNS, env, cwd = root, before } = {}) {
  const walls = [];
  const rss = [];
  let last;
  for (let i = 0; i < runs; i++) {
    // Set-up for a run (a fresh database directory) happens outside the timed spawn.
    before?.(i);
    const rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${i}`);
    const runArgs = typeof commandArgs === 'function' ? commandArgs(i) : commandArgs;
    let [cmd, cmdArgs] = [command, runArgs];
    if (TIME) [cmd, cmdArgs] = [TIME, ['-f', '%M', '-o', rssFile, command, ...runArgs]];
    // Without GNU time, a Node child reports its own peak RSS through a preloaded exit hook.
    else if (command === process.execPath) cmdArgs = ['--require', path.join(benchDir, 'report-rss.cjs'), ...runArgs];
    const start = performance.now();
    last = spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile } });
    walls.push(performance.now() - start);
    if (fs.existsSync(rssFile)) {
      const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      if (kb) rss.push(kb);
      fs.rmSync(rssFile);
    }
  }
  return { wallMs: median(walls), walls, rssKb: rss.length ? Math.max(...rss) : undefined, result: last };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Other work on the machine (a shared dev box, CI) skews wall times: say how busy it was.
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
}

function runParseThroughput(extra = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'parse-throughput.ts'), corpusDir, ...extra], { cwd: root, encoding: 'utf8' });
}

function measureParse(corpus) {
  const run = runParseThroughput();
  if (run.status !== 0) {
    row('parse throughput (in-process)', 'n/a', '', `parse-throughput.ts failed: ${firstLine(run.stderr)}`);
    return undefined;
  }
  const r = JSON.parse(run.stdout);
  row('parse: load parse.ts (builds the Ohm grammar)', r.moduleLoadMs.toFixed(0), 'ms', 'dynamic import via tsx, includes transpiling');
  row('parse: initParser() (libpg-query WASM)', r.initParserMs.toFixed(0), 'ms');
  row('parse throughput, cold', r.statementsPerSecond.toFixed(0), 'statements/s', `${r.statements} statements in ${(r.parseMs / 1000).toFixed(2)} s, one parseFile() per file, fresh process`);
  row('parse throughput, cold', r.mbPerSecond.toFixed(2), 'MB/s', `${(r.bytes / 1e6).toFixed(2)} MB; ${r.errors} syntax errors, ${r.fallbacks} Postgres fallbacks`);
  row('parse time per file p50 / p95 / max', `${r.fileMsP50.toFixed(1)} / ${r.fileMsP95.toFixed(1)} / ${r.slowestFile.ms.toFixed(1)}`, 'ms', `slowest: ${r.slowestFile.file} (the first files also pay JIT warm-up)`);
  row('parse peak RSS', mb(r.maxRssKb), 'MB', 'whole process, tsx included');
  if (r.statements !== corpus.statements) rows.at(-1).notes += `; NOTE: parser saw ${r.statements} statements, generator wrote ${corpus.statements}`;
  return r;
}

/** A second, profiled run (the profiler slows parsing, so the table's numbers come from the plain run). */
function profileParse() {
  const file = path.join(outDir, 'profile', 'parse.cpuprofile');
  const run = runParseThroughput(['--cpu-prof', file, '--by-kind']);
  if (run.status !== 0) return {};
  return { byKind: JSON.parse(run.stdout).byKind, summary: summarize(JSON.parse(fs.readFileSync(file, 'utf8'))) };
}

function measureCli(corpus) {
  const cli = path.join(root, 'dist/cli.js');
  const relDir = path.relative(root, corpusDir);
  if (!fs.existsSync(cli)) return row('CLI lint, cold', 'n/a', '', 'dist/cli.js missing (run `node scripts/build.mjs`)');
  const t = timeCommand(process.execPath, [cli, 'lint', '--dir', relDir, '--format', 'json']);
  let report;
  try {
    report = JSON.parse(t.result.stdout);
  } catch {
    return row('CLI lint, cold', 'n/a', '', `exit ${t.result.status}, no JSON report: ${firstLine(t.result.stderr)}`);
  }
  const by = (key) => Object.entries(report.diagnostics.reduce((m, d) => ({ ...m, [d[key]]: (m[d[key]] ?? 0) + 1 }), {}));
  const severities = by('severity').map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  const missed = corpus.mistakes.filter((m) => !report.diagnostics.some((d) => d.file.endsWith(`/${m.file}`) && d.code === m.code));
  const found = `planted mistakes reported ${corpus.mistakes.length - missed.length}/${corpus.mistakes.length}`;
  const missing = missed.length ? ` (missing: ${missed.map((m) => `${m.code} in ${m.file}`).join('; ')})` : '';
  row('CLI lint, cold (`lint --dir … --format json`)', (t.wallMs / 1000).toFixed(2), 's', `median of ${RUNS}: ${t.walls.map((w) => (w / 1000).toFixed(2)).join(', ')}; ${report.files} files; exit ${t.result.status}`);
  row('CLI lint diagnostics', report.diagnostics.length, 'diagnostics', `${severities}; ${found}${missing}`);
  if (t.rssKb) row('CLI lint peak RSS', mb(t.rssKb), 'MB', TIME ? '/usr/bin/time %M, max over runs' : 'process.resourceUsage().maxRSS');
  return { wallMs: t.wallMs, byCode: Object.fromEntries(by('code')) };
}

/** squawk's native binary, from its platform package, installed into bench/out/peers (see bench/peers.mjs). */
function squawkBinary() {
  const peers = path.join(outDir, 'peers');
  installPeers(peers);
  const exe = process.platform === 'win32' ? 'squawk.exe' : 'squawk';
  const bin = path.join(peers, 'node_modules', `@squawk-cli/${process.platform}-${process.arch}`, 'bin', exe);
  return fs.existsSync(bin) ? bin : undefined;
}

function measureSquawk(corpus, cliWallMs) {
  const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.sql')).sort().map((f) => path.relative(root, path.join(corpusDir, f)));
  const binary = squawkBinary();
  const version = binary ? spawnSync(binary, ['--version'], { encoding: 'utf8' }) : undefined;
  if (!version || version.status !== 0) {
    return row('squawk lint, cold', 'n/a', '', version ? `squawk does not run: ${firstLine(version.stderr)}` : 'squawk-cli could not be installed into bench/out/peers from the npm registry, or has no binary for this platform');
  }
  const peer = firstLine(version.stdout);
  const t = timeCommand(binary, ['--reporter', 'json', ...files]);
  let report;
  try {
    report = JSON.parse(t.result.stdout);
  } catch {
    return row(`${peer} lint, cold`, 'n/a', '', `exit ${t.result.status}, no JSON report: ${firstLine(t.result.stderr)}`);
  }
  const syntax = report.filter((d) => d.rule_name === 'syntax-error').length;
  const ratio = cliWallMs ? `; ours takes ${(cliWallMs / t.wallMs).toFixed(1)}× as long` : '';
  row(`${peer} lint, cold (native binary, \`squawk --reporter json <files>\`)`, (t.wallMs / 1000).toFixed(2), 's', `median of ${RUNS}${ratio}`);
  row(`${peer} diagnostics`, report.length, 'diagnostics', `${syntax} of them syntax-error (squawk does not know DDLX, and its rules are generic Postgres ones)`);
  if (t.rssKb) row(`${peer} peak RSS`, mb(t.rssKb), 'MB', '/usr/bin/time %M');
}

/** The grammar's work in rule applications: deterministic, so grammar changes can be compared across noisy runs. */
function measureRuleApplications() {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'rule-applications.ts'), corpusDir], { cwd: root, encoding: 'utf8' });
  try {
    const { characters, applications, evaluations } = JSON.parse(run.stdout);
    row('grammar: rule applications', applications, 'applications', `${(applications / characters).toFixed(2)} per character of compacted SQL; ${evaluations} not answered from the memo table`);
  } catch {
    row('grammar: rule applications', 'n/a', '', `rule-applications.ts failed: ${firstLine(run.stderr)}`);
  }
}

function measureLsp() {
  if (!fs.existsSync(LSP_BENCH)) return;
  const run = spawnSync(process.execPath, [LSP_BENCH, corpusDir], { cwd: root, encoding: 'utf8' });
  try {
    for (const r of JSON.parse(run.stdout).rows) row(r.measure, r.value, r.unit, r.notes ?? '');
  } catch {
    row('LSP latency', 'n/a', '', `bench/lsp-latency.mjs failed (exit ${run.status}): ${firstLine(run.stderr)}`);
  }
}

function profileCli() {
  const dir = path.join(outDir, 'profile', 'cli');
  fs.rmSync(dir, { recursive: true, force: true });
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'dist/cli.js', 'lint', '--dir', path.relative(root, corpusDir), '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  return file ? summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) : undefined;
}

function printByKind(byKind) {
  const kinds = Object.entries(byKind).sort((a, b) => b[1].ms - a[1].ms);
  const total = kinds.reduce((n, [, k]) => n + k.ms, 0);
  console.log('\n### Parse time by statement kind (second, uncached pass: JIT warm)\n');
  console.log('| kind | statements | ms | % | ms/statement | chars/ms |\n|---|---:|---:|---:|---:|---:|');
  for (const [kind, k] of kinds) {
    console.log(`| ${kind} | ${k.count} | ${k.ms.toFixed(0)} | ${((100 * k.ms) / total).toFixed(1)} | ${(k.ms / k.count).toFixed(2)} | ${(k.chars / k.ms).toFixed(0)} |`);
  }
}

fs.mkdirSync(path.join(outDir, 'profile'), { recursive: true });
const corpus = ensureCorpus();
const host = machine();
if (PEERS) {
  const comparison = runPeerComparison({ root, outDir, corpusDir, runs: RUNS });
  printPeerTable(comparison, { runs: RUNS, host, corpus });
  fs.writeFileSync(path.join(outDir, 'peers.json'), JSON.stringify({ date: new Date().toISOString(), machine: host, corpus, ...comparison }, null, 2));
  console.log(`\nResults: ${path.relative(root, path.join(outDir, 'peers.json'))}`);
  process.exit(0);
}
row('corpus', corpus.files, 'files', `${corpus.statements} statements, ${(corpus.bytes / 1e6).toFixed(2)} MB, ${corpus.tables} tables (${corpus.electrifiedTables} electrified), ${corpus.mistakes.length} planted mistakes; ${path.relative(root, corpusDir)}${corpus.cached ? ' (cached)' : ''}`);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
let cli;
if (!ONLY) {
  measureParse(corpus);
  measureRuleApplications();
  cli = measureCli(corpus);
  measureSquawk(corpus, cli?.wallMs);
  measureLsp();
}
if (!ONLY || ONLY === 'apply') {
  measureApply({ root, outDir, corpusDir, mistakes: corpus.mistakes, runs: RUNS, row, timeCommand });
}
if (!ONLY || ONLY === 'hostile') await measureBudgets({ root, outDir, timeCommand, row });

console.log(`Machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB RAM, ${host.os}, Node ${host.node}; load average ${host.loadAverage1m} at start\n`);
console.log('| measure | value | unit | notes |\n|---|---:|---|---|');
for (const r of rows) console.log(`| ${r.measure} | ${r.value} | ${r.unit} | ${String(r.notes).replace(/\|/g, '\\|')} |`);

const results = { date: new Date().toISOString(), machine: host, corpus, rows, cliDiagnosticsByCode: cli?.byCode };
if (PROFILE) {
  const parseProfile = profileParse();
  if (parseProfile.byKind) printByKind(parseProfile.byKind);
  if (parseProfile.summary) printSummary('Parse loop (parse-throughput.ts)', parseProfile.summary);
  results.parseByKind = parseProfile.byKind;
  results.parseProfile = parseProfile.summary;
  results.cliProfile = fs.existsSync(path.join(root, 'dist/cli.js')) ? profileCli() : undefined;
  if (results.cliProfile) printSummary('CLI lint, whole process (dist/cli.js, mapped to sources)', results.cliProfile);
}
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nResults: ${path.relative(root, path.join(outDir, 'results.json'))}`);
