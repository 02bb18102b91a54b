// Budgets on hostile input (issue 10, item 16), as benchmark rows rather than timed tests:
//   - a 10 MB file of INSERTs through the CLI: wall time ≤ 10 s, peak RSS ≤ 500 MB
//   - one 10 MB INSERT through the CLI: the same budgets
//   - the language server while editing a 1 MB file: peak RSS ≤ 300 MB
// Each row says its budget and whether the measurement met it. Inputs are generated under bench/out/hostile/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));
const rpc = require('vscode-languageserver-protocol/node');

const TEN_MB = 10 * 1024 * 1024;

/** A migrations folder holding one file `name` with `text`, under `dir`. */
function project(dir, name, text) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'db', 'migrations', name), text);
  return dir;
}

function manyInserts(bytes) {
  const lines = ['CREATE TABLE items (id uuid PRIMARY KEY, title text, n int);'];
  let size = lines[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `INSERT INTO items (id, title, n) VALUES ('00000000-0000-4000-8000-${String(i).padStart(12, '0')}', 'item number ${i}', ${i});`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function oneInsert(bytes) {
  const head = 'CREATE TABLE items (id uuid PRIMARY KEY, title text, n int);\nINSERT INTO items (id, title, n) VALUES\n';
  const rows = [];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const row = `  ('00000000-0000-4000-8000-${String(i).padStart(12, '0')}', 'item number ${i}', ${i})`;
    rows.push(row);
    size += row.length + 2;
  }
  return `${head}${rows.join(',\n')};\n`;
}

const verdict = (value, budget) => (value <= budget ? `within budget (≤ ${budget})` : `OVER budget (≤ ${budget})`);

/** Peak resident memory (VmHWM) of a live process, in KB, from /proc. */
function peakKb(pid) {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

/** Opens a 1 MB migration in the server and types 50 characters into it, each followed by a request that needs the analysis. */
async function serverEditingPeak(root, dir) {
  const file = path.join(dir, 'db', 'migrations', '01-big.sql');
  const text = manyInserts(1024 * 1024);
  project(dir, '01-big.sql', text);
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  connection.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(() => {});
  connection.listen();
  const uri = pathToFileURL(file).href;
  const start = performance.now();
  await connection.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }], capabilities: {} });
  connection.sendNotification(rpc.InitializedNotification.type, {});
  connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version: 1, text } });
  await connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });
  const lines = text.split('\n').length;
  for (let version = 2; version <= 51; version++) {
    const position = { line: Math.floor((lines * version) / 60), character: 60 };
    connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: 'x' }] });
    await connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });
  }
  const wallMs = performance.now() - start;
  const kb = peakKb(child.pid);
  await connection.sendRequest(rpc.ShutdownRequest.type);
  connection.sendNotification(rpc.ExitNotification.type);
  connection.dispose();
  return { kb, wallMs };
}

/** Adds the budget rows; `timeCommand` and `row` are bench/run.mjs's. */
export async function measureBudgets({ root, outDir, timeCommand, row }) {
  const base = path.join(outDir, 'hostile');
  const cli = path.join(root, 'dist', 'cli.js');
  const cases = [
    ['10 MB file of INSERTs', 'inserts', manyInserts(TEN_MB)],
    ['one 10 MB INSERT', 'one-insert', oneInsert(TEN_MB)],
  ];
  for (const [label, name, text] of cases) {
    const dir = project(path.join(base, name), '01-data.sql', text);
    const timed = timeCommand(process.execPath, [cli, 'lint', '--dir', path.join(dir, 'db', 'migrations'), '--format', 'json'], { runs: 1 });
    const codes = timed.result.stdout ? [...new Set(JSON.parse(timed.result.stdout).diagnostics.map((d) => d.code))].join(', ') || 'none' : `exit ${timed.result.status}`;
    row(`budget: CLI lint, ${label}`, (timed.wallMs / 1000).toFixed(1), 's', `${verdict(timed.wallMs / 1000, 10)} s; diagnostics: ${codes}`);
    if (timed.rssKb) row(`budget: CLI peak RSS, ${label}`, (timed.rssKb / 1024).toFixed(0), 'MB', `${verdict(timed.rssKb / 1024, 500)} MB`);
  }
  const server = await serverEditingPeak(root, path.join(base, 'server'));
  if (server.kb) row('budget: server peak RSS editing a 1 MB file', (server.kb / 1024).toFixed(0), 'MB', `${verdict(server.kb / 1024, 300)} MB; open, then 50 keystrokes each followed by documentSymbol (${(server.wallMs / 1000).toFixed(1)} s)`);
}
