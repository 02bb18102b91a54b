/**
 * Applying from the editor, through a real JSON-RPC client against the built server, on an embedded PGlite: the
 * status request, an apply with work-done progress per file, code lenses from the live history, `apply-failed` at
 * the failing statement, `migration-edited` after a saved edit, and validation on save against a throw-away PGlite.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as rpc from 'vscode-languageserver-protocol/node';
import { fileUri, startServer, type LspSession } from '../helpers/lspClient';

interface StatusResult {
  description: string;
  applied: { name: string; appliedAt: string }[];
  pending: { name: string }[];
  problems: number;
  files?: { name: string; uri: string; state: string; appliedAt?: string }[];
  error?: string;
}

interface ApplyResult {
  outcome: string;
  reason?: string;
  applied: { name: string }[];
  pending: { name: string }[];
  skippedDdlx: { statement: string; range: rpc.Range }[];
  errors: number;
}

describe('applying from the editor (PGlite)', { timeout: 240_000 }, () => {
  let root: string;
  let dir: string;
  let session: LspSession;
  const uri = (name: string) => fileUri(path.join(dir, name));
  const codes = (name: string) => (session.diagnostics.get(uri(name)) ?? []).map((d) => d.code);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'em-lsp-apply-'));
    dir = path.join(root, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-items.sql'), 'CREATE TABLE items (id uuid PRIMARY KEY, name text);\nALTER TABLE items ENABLE ELECTRIC;\n');
    fs.writeFileSync(path.join(dir, '02-more.sql'), 'ALTER TABLE items ADD COLUMN note text;\n');
    session = await startServer(root, { capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    session.connection.onRequest('workspace/codeLens/refresh', () => null);
    session.open(uri('02-more.sql'), fs.readFileSync(path.join(dir, '02-more.sql'), 'utf8'));
    await session.waitFor(() => session.diagnostics.has(uri('01-items.sql')), 'the first analysis');
    session.connection.sendNotification('electricMigrations/setDatabase', { folderUri: fileUri(root), target: { kind: 'pglite', pgliteDirectory: path.join(root, 'pglite') } });
  });

  after(async () => {
    assert.equal(await session.close(), 0);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const status = () => session.connection.sendRequest('electricMigrations/migrationStatus', { folderUri: fileUri(root) }) as Promise<StatusResult>;
  const lenses = async (name: string) => ((await session.connection.sendRequest(rpc.CodeLensRequest.type, { textDocument: { uri: uri(name) } })) ?? []).map((l) => l.command?.title ?? '');

  test('status lists the pending files; a code lens says so', async () => {
    const before = await status();
    assert.deepEqual(before.pending.map((p) => p.name), ['01-items.sql', '02-more.sql']);
    assert.deepEqual(before.applied, []);
    assert.match((await lenses('02-more.sql'))[0], /^pending · Apply to PGlite in /);
    assert.deepEqual(before.files?.map((f) => [f.name, f.state, f.uri]), [['01-items.sql', 'pending', uri('01-items.sql')], ['02-more.sql', 'pending', uri('02-more.sql')]]);
  });

  test('apply reports progress per file, applies both, and the lenses say when', async () => {
    const token = 'apply-1';
    const reports: unknown[] = [];
    session.connection.onProgress(rpc.WorkDoneProgress.type, token, (value) => {
      reports.push(value);
    });
    const result = (await session.connection.sendRequest('electricMigrations/applyPending', { folderUri: fileUri(root), workDoneToken: token })) as ApplyResult;
    assert.equal(result.outcome, 'applied', result.reason);
    assert.deepEqual(result.applied.map((a) => a.name), ['01-items.sql', '02-more.sql']);
    assert.deepEqual(result.skippedDdlx.map((s) => s.statement), ['ALTER TABLE items ENABLE ELECTRIC']);
    const kinds = reports.map((r) => (r as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(reports.filter((r) => (r as { kind: string }).kind === 'report').length >= 2, 'one report per file');
    const after = await status();
    assert.deepEqual(after.applied.map((a) => a.name), ['01-items.sql', '02-more.sql']);
    assert.match((await lenses('02-more.sql'))[0], /^applied \d{4}-\d\d-\d\d \d\d:\d\d · PGlite/);
  });

  test('a saved edit of an applied file is migration-edited; undoing it clears that', async () => {
    const original = fs.readFileSync(path.join(dir, '02-more.sql'), 'utf8');
    fs.writeFileSync(path.join(dir, '02-more.sql'), `${original}-- a comment\n`);
    session.change(uri('02-more.sql'), `${original}-- a comment\n`, 2);
    session.connection.sendNotification(rpc.DidSaveTextDocumentNotification.type, { textDocument: { uri: uri('02-more.sql') } });
    await session.waitFor(() => codes('02-more.sql').includes('migration-edited'), 'migration-edited');
    assert.match((await lenses('02-more.sql'))[0], /^edited since applied/);
    assert.deepEqual((await status()).files?.map((f) => [f.name, f.state]), [['01-items.sql', 'applied'], ['02-more.sql', 'edited']]);
    fs.writeFileSync(path.join(dir, '02-more.sql'), original);
    session.change(uri('02-more.sql'), original, 3);
    session.connection.sendNotification(rpc.DidSaveTextDocumentNotification.type, { textDocument: { uri: uri('02-more.sql') } });
    await session.waitFor(() => !codes('02-more.sql').includes('migration-edited'), 'the edit undone');
  });

  test('a statement the database rejects: apply-failed on its line, nothing of the file applied', async () => {
    fs.writeFileSync(path.join(dir, '03-bad.sql'), 'ALTER TABLE items ADD COLUMN ok text;\nINSERT INTO items (id, name) VALUES (42, \'x\');\n');
    session.open(uri('03-bad.sql'), fs.readFileSync(path.join(dir, '03-bad.sql'), 'utf8'));
    const result = (await session.connection.sendRequest('electricMigrations/applyPending', { folderUri: fileUri(root) })) as ApplyResult;
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(result.pending.map((p) => p.name), ['03-bad.sql']);
    await session.waitFor(() => codes('03-bad.sql').includes('apply-failed'), 'apply-failed');
    const failed = session.diagnostics.get(uri('03-bad.sql'))!.find((d) => d.code === 'apply-failed')!;
    assert.equal(failed.range.start.line, 1);
    assert.match((await lenses('03-bad.sql'))[0], /^pending/);
  });

  test('validation on save runs the pending files on a throw-away PGlite and changes nothing', async () => {
    session.connection.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { electricMigrations: { validateWithPglite: true } } });
    fs.writeFileSync(path.join(dir, '03-bad.sql'), 'ALTER TABLE items ADD COLUMN ok text;\nALTER TABLE items ADD COLUMN ok text;\n');
    session.change(uri('03-bad.sql'), fs.readFileSync(path.join(dir, '03-bad.sql'), 'utf8'), 5);
    session.connection.sendNotification(rpc.DidSaveTextDocumentNotification.type, { textDocument: { uri: uri('03-bad.sql') } });
    await session.waitFor(() => (session.diagnostics.get(uri('03-bad.sql')) ?? []).some((d) => d.code === 'apply-failed' && d.range.start.line === 1), 'validation found the duplicate column', 60_000);
    const now = await status();
    assert.deepEqual(now.pending.map((p) => p.name), ['03-bad.sql'], `validation applied nothing: ${JSON.stringify(now)}`);
  });
});
