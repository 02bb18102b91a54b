/**
 * Diagnostics through a real JSON-RPC client against the built server (dist/server.js --stdio).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as rpc from 'vscode-languageserver-protocol/node';
import { fileUri, startServer, type LspSession } from '../helpers/lspClient';

describe('language server diagnostics', () => {
  let workspace: string;
  let dir: string;
  let session: LspSession;
  const uri = (name: string) => fileUri(path.join(dir, name));
  const codes = (name: string) => (session.diagnostics.get(uri(name)) ?? []).map((d) => d.code);

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'em-lsp-'));
    dir = path.join(workspace, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-items.sql'), 'CREATE TABLE items (id uuid PRIMARY KEY, name text);\nALTER TABLE items ENABLE ELECTRIC;\n');
    fs.writeFileSync(path.join(dir, '02-more.sql'), 'CREATE INDEX items_name ON items (name);\n');
    fs.writeFileSync(path.join(dir, 'notes.sql'), 'SELECT 1;\n');
    session = await startServer(workspace);
  });

  after(async () => {
    assert.equal(await session.close(), 0);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('publishes diagnostics for every file of the migrations folder when one is opened', async () => {
    session.open(uri('01-items.sql'), fs.readFileSync(path.join(dir, '01-items.sql'), 'utf8'));
    await session.waitFor(() => ['01-items.sql', '02-more.sql', 'notes.sql'].every((f) => session.diagnostics.has(uri(f))), 'diagnostics for the folder');
    assert.deepEqual(codes('01-items.sql'), []);
    assert.deepEqual(codes('notes.sql'), ['migration-bad-filename']);
    const [bad] = session.diagnostics.get(uri('notes.sql'))!;
    assert.equal(bad.source, 'electric-migrations');
    assert.match(bad.codeDescription!.href, /#migration-bad-filename$/);
  });

  test('an edit shows a syntax error at the offending token, and fixing it clears it', async () => {
    session.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri('01-items.sql'), version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }, text: 'CRATE' }],
    });
    await session.waitFor(() => codes('01-items.sql').includes('syntax-error'), 'a syntax error');
    const error = session.diagnostics.get(uri('01-items.sql'))!.find((d) => d.code === 'syntax-error')!;
    assert.deepEqual(error.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    assert.equal(error.severity, rpc.DiagnosticSeverity.Error);
    assert.match(error.message as string, /^Expected/);
    session.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri('01-items.sql'), version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, text: 'CREATE' }],
    });
    await session.waitFor(() => codes('01-items.sql').length === 0, 'the error to clear');
  });

  test('an unsaved file joins the folder: a duplicate index is reported on both files', async () => {
    session.open(uri('02-duplicate.sql'), 'SELECT 2;\n');
    await session.waitFor(() => codes('02-more.sql').includes('migration-duplicate-index') && codes('02-duplicate.sql').includes('migration-duplicate-index'), 'duplicate index on both files');
  });

  test('hostile input gives diagnostics, not a crash', async () => {
    session.open(uri('03-garbage.sql'), '\u0000\u0001$$ unterminated \'quote "and /* comment' + '('.repeat(10000));
    await session.waitFor(() => codes('03-garbage.sql').includes('syntax-error'), 'diagnostics for garbage');
  });
});

describe('language server configuration file', () => {
  test('electric-migrations.json at the workspace root sets rule severities, as in the CLI', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'em-lsp-config-'));
    const dir = path.join(workspace, 'sql');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(workspace, 'electric-migrations.json'), JSON.stringify({ migrationsDirectory: 'sql', rules: { 'migration-bad-filename': 'info' } }));
    fs.writeFileSync(path.join(dir, '01-a.sql'), 'SELECT 1;\n');
    fs.writeFileSync(path.join(dir, 'notes.sql'), 'SELECT 2;\n');
    const session = await startServer(workspace);
    try {
      const notes = fileUri(path.join(dir, 'notes.sql'));
      session.open(fileUri(path.join(dir, '01-a.sql')), 'SELECT 1;\n');
      await session.waitFor(() => session.diagnostics.has(notes), 'diagnostics for the configured folder');
      assert.deepEqual(session.diagnostics.get(notes)!.map((d) => [d.code, d.severity]), [['migration-bad-filename', rpc.DiagnosticSeverity.Information]]);
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
