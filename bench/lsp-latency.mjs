#!/usr/bin/env node
// Editor latency through the LSP: a real JSON-RPC client drives dist/server.js over stdio on a copy of the benchmark
// folder, and times round trips: the first complete diagnostics, keystroke → diagnostics of the edited file (the
// server's short pause after typing included), completion and hover requests — in a middle file of the folder and in
// a generated 2,000-statement file. Also the server's resident memory with the workspace open.
//   node bench/lsp-latency.mjs <migrationsDir>   → prints {"rows":[{measure,value,unit,notes}]}
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const rpc = require('vscode-languageserver-protocol/node');

const EDITS = 40;
const REQUESTS = 60;

const source = process.argv[2];
if (!source) {
  console.error('usage: node bench/lsp-latency.mjs <migrationsDir>');
  process.exit(2);
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'em-lsp-bench-'));
const dir = path.join(workspace, 'db', 'migrations');
fs.mkdirSync(dir, { recursive: true });
const names = fs.readdirSync(source).filter((f) => f.endsWith('.sql')).sort();
for (const f of names) fs.copyFileSync(path.join(source, f), path.join(dir, f));
const target = names[Math.floor(names.length / 2)];
const uri = pathToFileURL(path.join(dir, target)).href;
const original = fs.readFileSync(path.join(dir, target), 'utf8');

// A long file: 2,000 statements appended after the folder (tables, indexes, electrification, column changes).
const bigName = `${String(names.length + 1).padStart(3, '0')}-big.sql`;
const bigLines = [];
for (let i = 0; bigLines.length < 2000; i++) {
  bigLines.push(`CREATE TABLE big_${i} (\n  id uuid PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL\n);`);
  bigLines.push(`CREATE INDEX big_${i}_name ON big_${i} (name);`);
  bigLines.push(`ALTER TABLE big_${i} ENABLE ELECTRIC;`);
  bigLines.push(`ALTER TABLE big_${i} ADD COLUMN note text;`);
}
const bigText = `${bigLines.join('\n')}\n`;
fs.writeFileSync(path.join(dir, bigName), bigText);
const bigUri = pathToFileURL(path.join(dir, bigName)).href;

const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const published = new Map();
let waiting;
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  published.set(params.uri, params.diagnostics);
  if (waiting) waiting.check();
});
connection.onNotification('window/logMessage', () => {});
connection.onRequest('client/registerCapability', () => null);
connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
connection.listen();

/** Resolves when `predicate()` holds after a publication, with the milliseconds since `start`. */
function until(predicate, start) {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve(performance.now() - start);
    const timer = setTimeout(() => reject(new Error('no diagnostics within 60 s')), 60_000);
    waiting = {
      check() {
        if (!predicate()) return;
        clearTimeout(timer);
        waiting = undefined;
        resolve(performance.now() - start);
      },
    };
  });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (xs) => `${pct(xs, 0.5).toFixed(1)} / ${pct(xs, 0.95).toFixed(1)}`;

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return undefined;
  }
}

/** Types edits that alternately break and mend the file, timing each until its diagnostics say so. */
async function keystrokes(documentUri, text, version0) {
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const breakIt = i % 2 === 0;
    const next = breakIt ? `CRATE TABLE oops (id uuid);\n${text}` : text;
    const start = performance.now();
    published.delete(documentUri);
    connection.sendNotification('textDocument/didChange', { textDocument: { uri: documentUri, version: version0 + i }, contentChanges: [{ text: next }] });
    times.push(await until(() => published.has(documentUri) && published.get(documentUri).some((x) => x.code === 'syntax-error') === breakIt, start));
  }
  return times;
}

async function requests(method, params) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await connection.sendRequest(method, params);
    times.push(performance.now() - start);
  }
  return times;
}

try {
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
    // As VS Code's client declares it: completion lists may share their edit range.
    capabilities: { textDocument: { completion: { completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } } },
  });
  let start = performance.now();
  connection.sendNotification('initialized', {});
  const fileCount = names.length + 1;
  const firstMs = await until(() => published.size >= fileCount, start);

  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text: original } });
  const folderKeys = await keystrokes(uri, original, 2);

  // Completion and hover in the middle file: `ALTER TABLE |` (tables) and a column list (columns).
  const table = /CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/i.exec(original)?.[1] ?? 'x';
  const probe = `${original}\nALTER TABLE ${table} ALTER COLUMN `;
  connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1000 }, contentChanges: [{ text: probe }] });
  const lines = probe.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const tableAt = { line: lines.length - 1, character: 12 };
  const completion = await requests('textDocument/completion', { textDocument: { uri }, position: end });
  const completionTables = await requests('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: 12 } });
  const hover = await requests('textDocument/hover', { textDocument: { uri }, position: tableAt });
  const memory = rssMb(child.pid);

  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'sql', version: 1, text: bigText } });
  const bigKeys = await keystrokes(bigUri, bigText, 2);
  const bigEnd = bigText.split('\n').length - 1;
  connection.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: 1000 }, contentChanges: [{ text: `${bigText}ALTER TABLE big_3 ALTER COLUMN ` }] });
  const bigCompletion = await requests('textDocument/completion', { textDocument: { uri: bigUri }, position: { line: bigEnd, character: 30 } });
  const bigHover = await requests('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: 0, character: 14 } });
  const memoryAfter = rssMb(child.pid);

  const rows = [
    { measure: 'LSP: first complete diagnostics after initialized', value: Math.round(firstMs), unit: 'ms', notes: `${fileCount} files analysed and published, cold` },
    { measure: 'LSP: keystroke → diagnostics, p50 / p95', value: fmt(folderKeys), unit: 'ms', notes: `${EDITS} edits of ${target} in the ${fileCount}-file folder, the server's pause after typing included` },
    { measure: 'LSP: completion, p50 / p95', value: fmt(completion), unit: 'ms', notes: 'columns after ALTER COLUMN, same file' },
    { measure: 'LSP: completion of tables, p50 / p95', value: fmt(completionTables), unit: 'ms', notes: 'after ALTER TABLE' },
    { measure: 'LSP: hover, p50 / p95', value: fmt(hover), unit: 'ms', notes: 'on a table name' },
    { measure: 'LSP: keystroke → diagnostics in a 2,000-statement file, p50 / p95', value: fmt(bigKeys), unit: 'ms', notes: `${EDITS} edits at the top of ${bigName}` },
    { measure: 'LSP: completion / hover in the 2,000-statement file, p95', value: `${pct(bigCompletion, 0.95).toFixed(1)} / ${pct(bigHover, 0.95).toFixed(1)}`, unit: 'ms', notes: '' },
    ...(memory ? [{ measure: 'LSP: server memory (RSS) with the workspace open', value: `${memory} / ${memoryAfter}`, unit: 'MB', notes: 'after the folder edits / after the 2,000-statement file too' }] : []),
  ];
  console.log(JSON.stringify({ rows }));
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
} catch (error) {
  console.error(error.message);
  child.kill();
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
