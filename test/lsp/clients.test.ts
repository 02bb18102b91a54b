/**
 * The server with the clients it must work for, not only VS Code: no workspace root (Neovim without a root,
 * `code file.sql`), no dynamic registration, configuration or watched files (Neovim 0.7), multi-root, files on disk
 * with a BOM, CRLF and astral characters, an invalid config file (reported once), fast edits (the last publication
 * matches the last text), and cross-file effects (an edit in 01 changes 03).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as rpc from 'vscode-languageserver-protocol/node';
import { fileUri, startServer } from '../helpers/lspClient';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const codes = (diagnostics: rpc.Diagnostic[] | undefined) => (diagnostics ?? []).map((d) => d.code);

describe('LSP clients', () => {
  test('no workspace root: a migration-like file gets diagnostics with its own folder as the migrations directory', async () => {
    const dir = tempDir('em-noroot-');
    fs.writeFileSync(path.join(dir, '01-items.sql'), 'CREATE TABLE items (id uuid PRIMARY KEY, name text);\nALTER TABLE items ENABLE ELECTRIC;\n');
    const session = await startServer(dir, { noRoot: true });
    try {
      const second = fileUri(path.join(dir, '02-drop.sql'));
      session.open(second, 'ALTER TABLE items DROP COLUMN name;\n');
      await session.waitFor(() => codes(session.diagnostics.get(second)).includes('drop-electrified-column'), 'the electrified table from 01 is known');
      // Beside migrations, another name is a misnamed migration; elsewhere, a file is linted on its own.
      const misnamed = fileUri(path.join(dir, 'scratch.sql'));
      session.open(misnamed, 'SELECT 1;\n');
      await session.waitFor(() => codes(session.diagnostics.get(misnamed)).includes('migration-bad-filename'), 'a misnamed file of the folder');
      fs.mkdirSync(path.join(dir, 'elsewhere'));
      const loose = fileUri(path.join(dir, 'elsewhere', 'scratch.sql'));
      session.open(loose, 'ALTER TABLE nothing_here ADD COLUMN x text;\n');
      await session.waitFor(() => codes(session.diagnostics.get(loose)).includes('unknown-table'), 'a standalone file is linted');
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a client like Neovim 0.7 (no configuration, no dynamic registration, no watched files) gets every feature', async () => {
    const root = tempDir('em-plain-');
    const dir = path.join(root, 'migrations');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '01-a.sql'), 'CREATE TABLE a (id uuid PRIMARY KEY);\n');
    const session = await startServer(root, { capabilities: { workspace: { configuration: false, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: false } } } });
    try {
      const uri = fileUri(path.join(dir, '02-b.sql'));
      session.open(uri, 'ALTER TABLE a ADD COLUMN b text;\n');
      await session.waitFor(() => session.diagnostics.has(uri), 'diagnostics');
      const hover = await session.connection.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 12 } });
      assert.match((hover!.contents as rpc.MarkupContent).value, /public\.a/);
      // A file created on disk is noticed when a document is opened or saved (no file watcher needed).
      fs.writeFileSync(path.join(dir, '03-c.sql'), 'ALTER TABLE a DROP COLUMN nope;\n');
      session.connection.sendNotification(rpc.DidSaveTextDocumentNotification.type, { textDocument: { uri } });
      await session.waitFor(() => codes(session.diagnostics.get(fileUri(path.join(dir, '03-c.sql')))).includes('unknown-column'), 'the new file is analysed');
      // Settings pushed with didChangeConfiguration are honoured without a configuration request.
      session.connection.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { electricMigrations: { rules: { 'unknown-column': 'off' } } } });
      await session.waitFor(() => !codes(session.diagnostics.get(fileUri(path.join(dir, '03-c.sql')))).includes('unknown-column'), 'the rule is switched off');
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('multi-root: each folder has its own migrations', async () => {
    const first = tempDir('em-root1-');
    const second = tempDir('em-root2-');
    for (const root of [first, second]) fs.mkdirSync(path.join(root, 'db', 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(first, 'db', 'migrations', '01-a.sql'), 'CREATE TABLE only_in_first (id uuid PRIMARY KEY);\n');
    const session = await startServer(first, { folders: [first, second] });
    try {
      const inFirst = fileUri(path.join(first, 'db', 'migrations', '02-x.sql'));
      const inSecond = fileUri(path.join(second, 'db', 'migrations', '01-x.sql'));
      session.open(inFirst, 'ALTER TABLE only_in_first ADD COLUMN b text;\n');
      session.open(inSecond, 'ALTER TABLE only_in_first ADD COLUMN b text;\n');
      await session.waitFor(() => session.diagnostics.has(inFirst) && session.diagnostics.has(inSecond), 'both folders');
      assert.deepEqual(codes(session.diagnostics.get(inFirst)), []);
      assert.deepEqual(codes(session.diagnostics.get(inSecond)), ['unknown-table']);
    } finally {
      assert.equal(await session.close(), 0);
      for (const root of [first, second]) fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('positions are right for closed files with a BOM, CRLF line ends and astral characters', async () => {
    const root = tempDir('em-encoding-');
    const dir = path.join(root, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-bom.sql'), '\uFEFFCRATE TABLE a (id uuid);\n');
    fs.writeFileSync(path.join(dir, '02-crlf.sql'), '-- 🚀 rocket\r\nCREATE TABLE b (id uuid PRIMARY KEY);\r\nALTER TABLE b ENABLE ELECTRIC;\r\n-- 🚀\r\nALTER TABLE b DROP COLUMN id;\r\n');
    fs.writeFileSync(path.join(dir, '03-utf16.sql'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CRATE TABLE c (id uuid);\n', 'utf16le')]));
    const session = await startServer(root);
    try {
      session.open(fileUri(path.join(dir, '04-open.sql')), 'SELECT 1;\n');
      const bom = fileUri(path.join(dir, '01-bom.sql'));
      const crlf = fileUri(path.join(dir, '02-crlf.sql'));
      const utf16 = fileUri(path.join(dir, '03-utf16.sql'));
      await session.waitFor(() => [bom, crlf, utf16].every((u) => session.diagnostics.has(u)), 'diagnostics of the closed files');
      assert.deepEqual(session.diagnostics.get(bom)![0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
      const drop = session.diagnostics.get(crlf)!.find((d) => d.code === 'drop-electrified-column')!;
      assert.deepEqual(drop.range, { start: { line: 4, character: 26 }, end: { line: 4, character: 28 } });
      // UTF-16 is decoded by its byte-order mark, as VS Code does: the error is the misspelt keyword, not a garbled byte.
      assert.deepEqual(session.diagnostics.get(utf16)![0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an invalid electric-migrations.json is reported once, not on every edit', async () => {
    const root = tempDir('em-badconfig-');
    const dir = path.join(root, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(root, 'electric-migrations.json'), JSON.stringify({ rules: { 'no-such-rule': 'off' } }));
    const session = await startServer(root);
    try {
      const uri = fileUri(path.join(dir, '01-a.sql'));
      session.open(uri, 'SELECT 1;\n');
      for (let version = 2; version <= 5; version++) session.change(uri, `SELECT ${version};\n`, version);
      await session.waitFor(() => {
        const summaries = session.notifications.get('electricMigrations/folderSummary') as { folders: { configError?: string }[] }[] | undefined;
        return summaries?.some((s) => s.folders[0]?.configError?.includes('no-such-rule')) === true;
      }, 'the summary carries the config error');
      await session.waitFor(() => session.diagnostics.get(uri)?.length === 0, 'analysis after the edits');
      const messages = (session.notifications.get('window/showMessage') ?? []) as { message: string }[];
      assert.equal(messages.filter((m) => m.message.includes('no-such-rule')).length, 1);
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('fast edits: the last publication matches the last text; an edit in 01 changes 03', async () => {
    const root = tempDir('em-fast-');
    const dir = path.join(root, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-a.sql'), 'CREATE TABLE a (id uuid PRIMARY KEY, b text);\nALTER TABLE a ENABLE ELECTRIC;\n');
    fs.writeFileSync(path.join(dir, '02-b.sql'), 'SELECT 1;\n');
    fs.writeFileSync(path.join(dir, '03-c.sql'), 'ALTER TABLE a DROP COLUMN b;\n');
    const session = await startServer(root);
    try {
      const first = fileUri(path.join(dir, '01-a.sql'));
      const third = fileUri(path.join(dir, '03-c.sql'));
      session.open(first, fs.readFileSync(path.join(dir, '01-a.sql'), 'utf8'));
      await session.waitFor(() => codes(session.diagnostics.get(third)).includes('drop-electrified-column'), '03 sees the electrified table');
      // Twenty edits in a row; the last one removes the electrification, so 03 becomes clean.
      for (let version = 2; version < 22; version++) session.change(first, `CREATE TABLE a (id uuid PRIMARY KEY, b text);\n${version % 2 === 0 ? '' : 'ALTER TABLE a ENABLE ELECTRIC;\n'}-- ${version}\n`, version);
      session.change(first, 'CREATE TABLE a (id uuid PRIMARY KEY, b text);\n', 22);
      await session.waitFor(() => (session.diagnostics.get(third) ?? ['pending']).length === 0, '03 is clean once 01 no longer electrifies');
      const position = { line: 0, character: 13 };
      const hover = await session.connection.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: first }, position });
      assert.match((hover!.contents as rpc.MarkupContent).value, /not electrified/);
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('malformed notifications are ignored and later ones still work', async () => {
    const root = tempDir('em-malformed-');
    fs.mkdirSync(path.join(root, 'db', 'migrations'), { recursive: true });
    const session = await startServer(root);
    try {
      session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 42, text: null } });
      session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.sql' }, contentChanges: 'nope' });
      session.connection.sendNotification('textDocument/didOpen', null);
      const uri = fileUri(path.join(root, 'db', 'migrations', '01-a.sql'));
      session.open(uri, 'CRATE TABLE a (id uuid);\n');
      await session.waitFor(() => codes(session.diagnostics.get(uri)).includes('syntax-error'), 'diagnostics after the malformed notifications');
    } finally {
      assert.equal(await session.close(), 0);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
