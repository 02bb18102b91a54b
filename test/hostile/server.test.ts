/**
 * Issue 10 (hostile input), the language-server items, through a real JSON-RPC client against dist/server.js:
 * memory that plateaus while typing inside a 1 MB statement (1), malformed notifications (6), UTF-16 files on disk
 * (11), and a second initialize with bad params (14).
 */
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as rpc from 'vscode-languageserver-protocol/node';
import { fileUri, SERVER, startServer } from '../helpers/lspClient';

function tempWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'em-hostile-')));
  fs.mkdirSync(path.join(root, 'db', 'migrations'), { recursive: true });
  return root;
}

/** Resident memory of a process in MB, from /proc (Linux); undefined elsewhere. */
function residentMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const codes = (list: rpc.Diagnostic[] | undefined) => (list ?? []).map((d) => String(d.code));

describe('hostile input: the language server', { concurrency: 2 }, () => {
  test('item 1: memory plateaus while typing inside a 1 MB statement (caches are bounded by bytes)', { skip: residentMb(process.pid) === undefined && 'no /proc' }, async () => {
    const root = tempWorkspace();
    const session = await startServer(root);
    try {
      const uri = fileUri(path.join(root, 'db', 'migrations', '01-big.sql'));
      const body = `${'x'.repeat(99)}\n`.repeat(10_000);
      session.open(uri, `CREATE FUNCTION f() RETURNS text AS $$\n${body}$$ LANGUAGE sql;\nCRATE TABLE marker (id int);\n`);
      await session.waitFor(() => codes(session.diagnostics.get(uri)).includes('syntax-error'), 'the first diagnostics');
      const samples: number[] = [];
      for (let version = 2; version <= 451; version++) {
        // One keystroke inside the dollar-quoted body: the statement's text (its cache key) changes every time.
        const position = { line: 1 + (version % 5000), character: 10 };
        session.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: position, end: position }, text: 'y' }],
        });
        // A request that needs the analysed document: the server parses this version before answering.
        await session.connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });
        if (version % 150 === 0) samples.push(residentMb(session.pid)!);
      }
      // Without a byte bound the server grew by about 1 MB per keystroke, 150 MB per 150 keystrokes, with no end. With
      // one, the heap fills up to the cache's budget and V8's own slack and then stays: the last 150 keystrokes may
      // add at most half of what unbounded growth would (resident memory also moves with V8's collection timing).
      const growth = samples[samples.length - 1] - samples[samples.length - 2];
      assert.ok(growth < 75, `resident memory grew ${growth.toFixed(0)} MB over keystrokes 300–450 (${samples.map((s) => s.toFixed(0)).join(' → ')} MB)`);
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('item 6: malformed notifications are logged and ignored; diagnostics keep being published', async () => {
    const root = tempWorkspace();
    const session = await startServer(root);
    try {
      const uri = fileUri(path.join(root, 'db', 'migrations', '01-a.sql'));
      session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 42, text: null } });
      session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, text: null, version: 'x' } });
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ range: { start: -1 }, text: 3 }] });
      session.connection.sendNotification('textDocument/didClose', { textDocument: null });
      session.open(uri, 'CRATE TABLE a (id uuid);\n');
      await session.waitFor(() => codes(session.diagnostics.get(uri)).includes('syntax-error'), 'diagnostics after the malformed notifications');
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, text: 'CREATE' }] });
      await session.waitFor(() => (session.diagnostics.get(uri) ?? ['pending']).length === 0, 'an edit after them is still analysed');
      assert.ok(session.logs.some((l) => /malformed/.test(l)), 'the malformed ones were logged');
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('item 11: a UTF-16 migration on disk is decoded by its BOM, as the CLI and VS Code decode it', async () => {
    const root = tempWorkspace();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CREATE TABLE p (id uuid PRIMARY KEY);\nALTER TABLE p ENABLE ELECTRIC;\n', 'utf16le')]);
    fs.writeFileSync(path.join(root, 'db', 'migrations', '01-utf16.sql'), le);
    const session = await startServer(root);
    try {
      const uri = fileUri(path.join(root, 'db', 'migrations', '02-drop.sql'));
      session.open(uri, 'DROP TABLE p;\n');
      await session.waitFor(() => codes(session.diagnostics.get(uri)).includes('drop-electrified-table'), 'the UTF-16 file electrified p');
      assert.deepEqual(codes(session.diagnostics.get(fileUri(path.join(root, 'db', 'migrations', '01-utf16.sql')))), []);
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('item 14: initialize with bad params still initializes; a second initialize is a clear error response', async () => {
    const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout!), new rpc.StreamMessageWriter(child.stdin!));
    connection.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const bad = { processId: 'x', rootUri: 7, workspaceFolders: 42, capabilities: 'none', initializationOptions: [1] };
      const first = (await connection.sendRequest('initialize', bad)) as rpc.InitializeResult;
      assert.ok(first.capabilities.textDocumentSync, 'bad params are read as absent ones');
      await assert.rejects(connection.sendRequest('initialize', { capabilities: null, workspaceFolders: [{ uri: 5 }] }), (error: rpc.ResponseError<unknown>) => {
        assert.equal(error.code, rpc.ErrorCodes.InvalidRequest);
        assert.match(error.message, /already initialized/);
        assert.doesNotMatch(error.message, /TypeError|undefined/);
        return true;
      });
      await connection.sendRequest(rpc.ShutdownRequest.type);
      connection.sendNotification(rpc.ExitNotification.type);
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
