/**
 * The editor features through a real JSON-RPC client against the built server (dist/server.js --stdio), with
 * cursor markers: `|` in the text of the edited migration is where the cursor is.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as rpc from 'vscode-languageserver-protocol/node';
import { fileUri, startServer, type LspSession } from '../helpers/lspClient';

const PROJECTS = `CREATE TABLE projects (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  owner_id uuid NOT NULL
);
ALTER TABLE projects ENABLE ELECTRIC;
`;
const ISSUES = `CREATE TABLE issues (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id),
  title text
);
CREATE INDEX issues_project ON issues (project_id);
ALTER TABLE issues ENABLE ELECTRIC;
ELECTRIC ASSIGN 'projects:member' TO issues.project_id;
`;

describe('language server features', () => {
  let workspace: string;
  let dir: string;
  let session: LspSession;
  let version = 1;
  const uri = (name: string) => fileUri(path.join(dir, name));
  const EDITED = '03-edit.sql';

  /** Puts `text` (with one `|`) into 03-edit.sql and returns the cursor position. */
  function edit(marked: string): rpc.Position {
    const offset = marked.indexOf('|');
    assert.ok(offset >= 0, 'the text has a | cursor marker');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    session.change(uri(EDITED), text, ++version);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  }

  async function complete(marked: string): Promise<rpc.CompletionItem[]> {
    const position = edit(marked);
    const result = await session.connection.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri(EDITED) }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  async function assertCompletion(marked: string, expected: string[], kind?: rpc.CompletionItemKind): Promise<rpc.CompletionItem[]> {
    const items = await complete(marked);
    const labels = items.filter((i) => kind === undefined || i.kind === kind).map((i) => i.label);
    for (const label of expected) assert.ok(labels.includes(label), `${JSON.stringify(marked)}: expected ${label} among ${JSON.stringify(labels.slice(0, 40))}`);
    return items;
  }

  async function hover(marked: string): Promise<string> {
    const position = edit(marked);
    const result = await session.connection.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: uri(EDITED) }, position });
    return (result?.contents as rpc.MarkupContent | undefined)?.value ?? '';
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'em-lsp-features-'));
    dir = path.join(workspace, 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-projects.sql'), PROJECTS);
    fs.writeFileSync(path.join(dir, '02-issues.sql'), ISSUES);
    fs.writeFileSync(path.join(dir, EDITED), '');
    session = await startServer(workspace);
    session.open(uri(EDITED), '', version);
    await session.waitFor(() => session.diagnostics.has(uri('01-projects.sql')), 'the first analysis');
  });

  after(async () => {
    assert.equal(await session.close(), 0);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('announces every capability statically (no dynamic registration needed)', () => {
    const c = session.initialized.capabilities;
    for (const key of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider'] as const) {
      assert.equal(c[key], true, key);
    }
    assert.equal(c.completionProvider?.resolveProvider, true);
    assert.deepEqual(c.semanticTokensProvider?.legend.tokenTypes, ['table', 'column', 'role', 'type', 'keyword']);
    assert.deepEqual(c.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll'] });
    assert.ok(c.codeLensProvider);
  });

  test('tables after ALTER TABLE, REFERENCES, CREATE INDEX … ON, INSERT INTO, DROP TABLE and ENABLE ELECTRIC positions', async () => {
    for (const text of ['ALTER TABLE |', 'CREATE TABLE x (id uuid REFERENCES |', 'CREATE INDEX i ON |', 'INSERT INTO |', 'DROP TABLE |', 'ELECTRIC GRANT READ ON |', 'ELECTRIC ENABLE |']) {
      await assertCompletion(text, ['projects', 'issues'], rpc.CompletionItemKind.Struct);
    }
  });

  test('columns of the right table: t.|, column lists, ALTER COLUMN, DROP COLUMN, ASSIGN … TO t.|', async () => {
    await assertCompletion('ALTER TABLE projects ALTER COLUMN |', ['id', 'name', 'owner_id'], rpc.CompletionItemKind.Field);
    await assertCompletion('ALTER TABLE issues DROP COLUMN |', ['project_id', 'title'], rpc.CompletionItemKind.Field);
    await assertCompletion('CREATE INDEX i ON projects (|', ['name', 'owner_id'], rpc.CompletionItemKind.Field);
    await assertCompletion('CREATE TABLE x (id uuid REFERENCES issues (|', ['id', 'project_id'], rpc.CompletionItemKind.Field);
    await assertCompletion("ELECTRIC ASSIGN 'owner' TO projects.|", ['owner_id'], rpc.CompletionItemKind.Field);
    await assertCompletion('ELECTRIC GRANT SELECT (|) ON issues TO \'member\';', ['title'], rpc.CompletionItemKind.Field);
    const items = await complete('ALTER TABLE projects ALTER COLUMN |');
    assert.ok(!items.some((i) => i.label === 'project_id'), 'only the altered table’s columns');
  });

  test('types after a column name: Electric-synced first, unsupported marked', async () => {
    const items = await assertCompletion('ALTER TABLE projects ADD COLUMN budget |', ['uuid', 'text', 'jsonb', 'json'], rpc.CompletionItemKind.TypeParameter);
    const json = items.find((i) => i.label === 'json')!;
    const text = items.find((i) => i.label === 'text')!;
    assert.deepEqual(json.tags, [rpc.CompletionItemTag.Deprecated]);
    assert.match(json.detail ?? '', /not synced/);
    assert.ok(text.sortText! < json.sortText!, 'synced types sort first');
  });

  test("roles in GRANT … TO '|' and ASSIGN '|', scoped forms and the built-in ones", async () => {
    const items = await assertCompletion("ELECTRIC GRANT READ ON issues TO '|", ["'projects:member'", "'AUTHENTICATED'", "'ANYONE'"]);
    const role = items.find((i) => i.label === "'projects:member'")!;
    assert.equal((role.textEdit as rpc.TextEdit).newText, "'projects:member'");
    await assertCompletion('ELECTRIC ASSIGN |', ["'projects:member'"]);
  });

  test('keywords the grammar expects and DDLX snippets with tab stops at a statement start', async () => {
    await assertCompletion('ALTER TABLE projects |', ['ADD', 'DROP', 'ENABLE', 'RENAME'], rpc.CompletionItemKind.Keyword);
    const items = await complete('|');
    const enable = items.find((i) => i.label === 'ALTER TABLE … ENABLE ELECTRIC');
    assert.ok(enable, 'an ENABLE ELECTRIC snippet');
    assert.equal(enable.insertTextFormat, rpc.InsertTextFormat.Snippet);
    assert.match((enable.textEdit as rpc.TextEdit).newText, /\$\{1:/);
  });

  test('completion inside a comment offers nothing; documentation is resolved lazily', async () => {
    assert.deepEqual(await complete('-- ALTER TABLE |'), []);
    const [item] = (await complete('ALTER TABLE |')).filter((i) => i.label === 'projects');
    assert.equal(item.documentation, undefined);
    const resolved = await session.connection.sendRequest(rpc.CompletionResolveRequest.type, item);
    assert.match((resolved.documentation as rpc.MarkupContent).value, /owner_id/);
  });

  test('hover on a table, a column, a role, a DDLX keyword and a type', async () => {
    const table = await hover('ALTER TABLE proj|ects ADD COLUMN x text;');
    assert.match(table, /public\.projects/);
    assert.match(table, /electrified in `01-projects\.sql:6`/);
    assert.match(table, /owner_id/);
    const column = await hover('ALTER TABLE projects ALTER COLUMN na|me SET NOT NULL;');
    assert.match(column, /\*\*Column\*\* `public\.projects\.name` `text`/);
    assert.match(column, /NOT NULL/);
    assert.match(column, /syncs this type/);
    const role = await hover("ELECTRIC GRANT READ ON issues TO 'projects:mem|ber';");
    assert.match(role, /Assigned: to `public\.issues\.project_id`/);
    const keyword = await hover("ELECTRIC GR|ANT READ ON issues TO 'x';");
    assert.match(keyword, /rejected by the 0\.7–0\.12 proxy by default/);
    const type = await hover('ALTER TABLE projects ADD COLUMN meta js|on;');
    assert.match(type, /\| json \| ✗ \| ✗/);
  });

  test('hover on what a statement removes describes it as it was just before (DROP TABLE, DROP COLUMN)', async () => {
    const dropped = await hover('DROP TABLE proj|ects;');
    assert.match(dropped, /public\.projects/);
    assert.match(dropped, /owner_id/);
    assert.doesNotMatch(dropped, /No earlier statement creates it/);
    const column = await hover('ALTER TABLE projects DROP COLUMN na|me;');
    assert.match(column, /\*\*Column\*\* `public\.projects\.name` `text`/);
  });

  test('definition and references across files, highlights in the file', async () => {
    const position = edit('ALTER TABLE projects ADD COLUMN archived boolean;\nCREATE INDEX p ON pro|jects (archived);');
    const definition = await session.connection.sendRequest(rpc.DefinitionRequest.type, { textDocument: { uri: uri(EDITED) }, position });
    const [location] = definition as rpc.Location[];
    assert.equal(location.uri, uri('01-projects.sql'));
    assert.deepEqual(location.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 21 } });
    const references = (await session.connection.sendRequest(rpc.ReferencesRequest.type, { textDocument: { uri: uri(EDITED) }, position, context: { includeDeclaration: false } }))!;
    const files = references.map((r) => path.basename(new URL(r.uri).pathname)).sort();
    assert.deepEqual(files, ['01-projects.sql', '02-issues.sql', '03-edit.sql', '03-edit.sql']);
    const highlights = (await session.connection.sendRequest(rpc.DocumentHighlightRequest.type, { textDocument: { uri: uri(EDITED) }, position }))!;
    assert.equal(highlights.length, 2);
    const column = edit('ALTER TABLE projects ADD COLUMN archived boolean;\nCREATE INDEX p ON projects (arch|ived);');
    const columnDefinition = (await session.connection.sendRequest(rpc.DefinitionRequest.type, { textDocument: { uri: uri(EDITED) }, position: column })) as rpc.Location[];
    assert.equal(columnDefinition[0].uri, uri(EDITED));
    assert.equal(columnDefinition[0].range.start.line, 0);
  });

  test('document symbols: statements, tables with columns, electrified tables marked; workspace symbols: tables and roles', async () => {
    edit('|');
    const symbols = (await session.connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri: uri('02-issues.sql') } })) as rpc.DocumentSymbol[] | null;
    assert.deepEqual(symbols, [], 'a file that is not open gets an empty answer');
    session.open(uri('02-issues.sql'), ISSUES, 1);
    const outline = (await session.connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri: uri('02-issues.sql') } })) as rpc.DocumentSymbol[];
    assert.deepEqual(outline.map((s) => s.name), ['issues', 'issues_project', 'issues', "'projects:member'"]);
    assert.match(outline[0].detail ?? '', /electrified in 02-issues\.sql/);
    assert.deepEqual(outline[0].children!.map((c) => c.name), ['id', 'project_id', 'title']);
    const found = (await session.connection.sendRequest(rpc.WorkspaceSymbolRequest.type, { query: '' })) as rpc.SymbolInformation[];
    const names = found.map((s) => s.name);
    for (const name of ['public.projects', 'public.issues', "'projects:member'"]) assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);
    const filtered = (await session.connection.sendRequest(rpc.WorkspaceSymbolRequest.type, { query: 'iss' })) as rpc.SymbolInformation[];
    assert.deepEqual(filtered.map((s) => s.name), ['public.issues']);
  });

  test('folding ranges, selection ranges and semantic tokens', async () => {
    const folds = (await session.connection.sendRequest(rpc.FoldingRangeRequest.type, { textDocument: { uri: uri('02-issues.sql') } }))!;
    assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === 4), JSON.stringify(folds));
    const [selection] = (await session.connection.sendRequest(rpc.SelectionRangeRequest.type, { textDocument: { uri: uri('02-issues.sql') }, positions: [{ line: 2, character: 4 }] }))!;
    const chain: rpc.Range[] = [];
    for (let s: rpc.SelectionRange | undefined = selection; s; s = s.parent) chain.push(s.range);
    assert.deepEqual(chain[0], { start: { line: 2, character: 2 }, end: { line: 2, character: 12 } }, 'the word first');
    assert.ok(chain.length >= 3);
    const tokens = (await session.connection.sendRequest(rpc.SemanticTokensRequest.type, { textDocument: { uri: uri('02-issues.sql') } }))!;
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    // The first token is the table name `issues` on line 0, character 13, a declaration.
    assert.deepEqual(tokens.data.slice(0, 5), [0, 13, 6, 0, 1]);
  });

  test('a code lens above each CREATE TABLE: references and where it is electrified', async () => {
    session.open(uri('01-projects.sql'), PROJECTS, 1);
    const lenses = (await session.connection.sendRequest(rpc.CodeLensRequest.type, { textDocument: { uri: uri('01-projects.sql') } }))!;
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command!.title, /^\d+ references? · electrified in 01-projects\.sql$/);
    assert.equal(lenses[0].command!.command, 'electricMigrations.showReferences');
  });

  test('code actions: a quick fix, suppressions, documentation, and source.fixAll', async () => {
    const text = 'CREATE TABLE read (id uuid PRIMARY KEY, price varchar(20));\nALTER TABLE read ENABLE ELECTRIC;\nELECTRIC GRANT ALL PRIVILEGES ON read TO \'x\';\n';
    session.change(uri(EDITED), text, ++version);
    await session.waitFor(() => (session.diagnostics.get(uri(EDITED)) ?? []).some((d) => d.code === 'ddlx-reserved-word'), 'reserved-word diagnostics');
    const diagnostics = session.diagnostics.get(uri(EDITED))!;
    const typeProblem = diagnostics.find((d) => d.code === 'electrify-unsupported-type')!;
    const actions = (await session.connection.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri: uri(EDITED) }, range: typeProblem.range, context: { diagnostics: [typeProblem] } })) as rpc.CodeAction[];
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title.startsWith('Use text'));
    assert.ok(fix, JSON.stringify(titles));
    assert.equal(fix.edit!.changes![uri(EDITED)][0].newText, 'text');
    assert.ok(titles.includes('Ignore electrify-unsupported-type for this statement'));
    assert.ok(titles.includes('Ignore electrify-unsupported-type in this file'));
    const docs = actions.find((a) => a.title === 'Show documentation for electrify-unsupported-type')!;
    assert.deepEqual(docs.command, { title: docs.title, command: 'electricMigrations.showRuleDocumentation', arguments: ['electrify-unsupported-type'] });
    const all = (await session.connection.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri: uri(EDITED) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })) as rpc.CodeAction[];
    assert.equal(all.length, 1);
    const edits = all[0].edit!.changes![uri(EDITED)].map((e) => e.newText).sort();
    // The two DDLX statements name `read` (a DDLX keyword); CREATE TABLE is Postgres and needs no quotes.
    assert.deepEqual(edits, ['"read"', '"read"', 'ALL'].sort());
  });

  test('Show Schema at Cursor and New Migration (custom requests)', async () => {
    const position = edit('ALTER TABLE projects ADD COLUMN archived boolean;\n|');
    const schema = (await session.connection.sendRequest('electricMigrations/schemaAt', { textDocument: { uri: uri(EDITED) }, position })) as { title: string; content: string };
    assert.match(schema.title, /03-edit\.sql:2/);
    assert.match(schema.content, /CREATE TABLE projects \(\n  id uuid,\n  name text NOT NULL,\n  owner_id uuid NOT NULL,\n  archived bool,/);
    assert.match(schema.content, /ALTER TABLE issues ENABLE ELECTRIC; -- 02-issues\.sql/);
    assert.match(schema.content, /ELECTRIC ASSIGN 'projects:member' TO issues\.project_id/);
    const next = (await session.connection.sendRequest('electricMigrations/newMigration', { folderUri: fileUri(workspace), name: 'Add tags!' })) as { fileName: string; uri: string };
    assert.equal(next.fileName, '04-add_tags.sql');
    assert.equal(next.uri, uri('04-add_tags.sql'));
  });

  test('the folder summary notification counts errors and warnings', async () => {
    session.change(uri(EDITED), 'ALTER TABLE projects DROP COLUMN name;\n', ++version);
    await session.waitFor(() => {
      const summaries = session.notifications.get('electricMigrations/folderSummary') as { folders: { errors: number; electricVersion: string }[] }[] | undefined;
      return summaries?.at(-1)?.folders[0]?.errors === 1;
    }, 'a summary with one error');
    const [summary] = (session.notifications.get('electricMigrations/folderSummary')!.at(-1) as { folders: { electricVersion: string; files: number; migrationsDirectoryUri: string }[] }).folders;
    assert.equal(summary.electricVersion, '0.12');
    assert.equal(summary.files, 3);
    assert.equal(summary.migrationsDirectoryUri, fileUri(dir));
  });

  test('requests for unknown documents and out-of-range positions get empty answers, not errors', async () => {
    const unknown = { textDocument: { uri: fileUri(path.join(dir, 'nope.sql')) }, position: { line: 0, character: 0 } };
    assert.equal(await session.connection.sendRequest(rpc.HoverRequest.type, unknown), null);
    assert.deepEqual(await session.connection.sendRequest(rpc.DefinitionRequest.type, unknown), []);
    const far = { textDocument: { uri: uri(EDITED) }, position: { line: 9999, character: 9999 } };
    assert.equal(await session.connection.sendRequest(rpc.HoverRequest.type, far), null);
    assert.ok(await session.connection.sendRequest(rpc.CompletionRequest.type, far));
  });
});
