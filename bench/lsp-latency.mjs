#!/usr/bin/env node
// Keystroke-to-diagnostics latency through the LSP: a real JSON-RPC client drives dist/server.js over stdio on a copy
// of the benchmark folder, opens a migration in the middle of it, types edits, and times each edit until the server
// publishes the edited file's diagnostics. The server waits LINT_DEBOUNCE_MS after the last change before linting;
// the table reports the time after that pause too, which is what the linter itself costs.
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

const DEBOUNCE_MS = 20; // server/src/lsp/server.ts ANALYSIS_DEBOUNCE_MS
const EDITS = 15;

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

const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
let waiting;
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (waiting && params.uri === uri) waiting.check(params);
});
connection.onNotification('window/logMessage', () => {});
connection.onRequest('client/registerCapability', () => null);
connection.listen();

/** Resolves when the target's diagnostics satisfy `predicate`, with the milliseconds since `start`. */
function until(predicate, start) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no diagnostics within 60 s')), 60_000);
    waiting = {
      check(params) {
        if (!predicate(params.diagnostics)) return;
        clearTimeout(timer);
        waiting = undefined;
        resolve(performance.now() - start);
      },
    };
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

try {
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
    capabilities: {},
  });
  connection.sendNotification('initialized', {});

  // Opening: the first lint of the whole folder (every file parsed, cold).
  let start = performance.now();
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text: original } });
  const firstMs = await until(() => true, start);

  // Keystrokes: alternately add a broken statement at the top and remove it; each edit changes the diagnostics.
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const breakIt = i % 2 === 0;
    const text = breakIt ? `CRATE TABLE oops (id uuid);\n${original}` : original;
    start = performance.now();
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ text }],
    });
    times.push(await until((d) => d.some((x) => x.code === 'syntax-error') === breakIt, start));
  }
  const lintOnly = times.map((t) => Math.max(0, t - DEBOUNCE_MS));
  const rows = [
    { measure: 'LSP: open a file, first diagnostics (whole folder, cold)', value: Math.round(firstMs), unit: 'ms', notes: `${names.length} files linted and published, ${DEBOUNCE_MS} ms pause included` },
    { measure: 'LSP: keystroke to diagnostics, median / p95', value: `${Math.round(median(times))} / ${Math.round(p95(times))}`, unit: 'ms', notes: `${EDITS} edits of ${target}; includes the ${DEBOUNCE_MS} ms pause after typing` },
    { measure: 'LSP: lint after the pause, median / p95', value: `${Math.round(median(lintOnly))} / ${Math.round(p95(lintOnly))}`, unit: 'ms', notes: 're-lint of the whole folder (one statement re-parsed), diagnostics for every file published' },
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
