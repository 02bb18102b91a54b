/**
 * The extension's tests inside a real VS Code (the extension host runs `run()` when started with
 * extensionTestsPath): code-server's bundled VS Code server here (test/e2e/extension-host.test.ts), desktop VS Code
 * through @vscode/test-electron where there is one (test/e2e/electron.test.ts). The workspace is a fresh copy of
 * test/e2e/fixtures/workspace: 01 creates and electrifies `projects`, 02 creates `issues` referencing it.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log, requireUi, runAll, Skip, test, ui, waitFor } from './harness';

const EXTENSION_ID = 'electric-migrations.electric-migrations';

function folder(): vscode.WorkspaceFolder {
  const [first] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(first, 'a workspace folder is open');
  return first;
}

function migration(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, 'db', 'migrations', name);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

function describeDiagnostics(uri: vscode.Uri): string {
  return `diagnostics of ${path.basename(uri.fsPath)}: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${vscode.DiagnosticSeverity[d.severity]}`))}`;
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** The position of the `occurrence`-th `needle` in a document, `offset` characters into it. */
function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, occurrence = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

const repoRoot = (): string => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.extensionPath;
};

/** Contributed commands: each one must have a test below; a new command without one fails "every command". */
const commandTests = new Map<string, () => Promise<void>>();
const DROP = '03-drop_projects.sql';

// ---------------------------------------------------------------------------------------------------------------

test('the extension activates on a migrations folder', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  log(`VS Code ${vscode.version}, remote ${vscode.env.remoteName ?? 'none'}, extension ${ext.packageJSON.version} at ${ext.extensionPath}`);
  assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'the test profile turns autoSave off');
  await open(migration('01-create_projects.sql'));
  await waitFor('activation', () => ext.isActive, 30_000);
});

test('diagnostics: DROP TABLE of an electrified table is drop-electrified-table, an error', async () => {
  const uri = migration(DROP);
  await writeFile(uri, 'DROP TABLE projects;\n');
  await open(uri);
  const d = await waitFor('drop-electrified-table', () => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'drop-electrified-table'), 30_000, () => describeDiagnostics(uri));
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(d.range.start.line, 0);
  assert.match(d.message, /projects/);
  // The other files are clean.
  assert.deepEqual(vscode.languages.getDiagnostics(migration('02-create_issues.sql')).map(codeOf), []);
});

test('a setting change re-validates: electricMigrations.rules turns the rule into a warning, then off', async () => {
  const uri = migration(DROP);
  const config = () => vscode.workspace.getConfiguration('electricMigrations', folder().uri);
  const find = () => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'drop-electrified-table');
  try {
    await config().update('rules', { 'drop-electrified-table': 'warning' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('the rule as a warning', () => find()?.severity === vscode.DiagnosticSeverity.Warning, 30_000, () => describeDiagnostics(uri));
    await config().update('rules', { 'drop-electrified-table': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('the rule off', () => !find(), 30_000, () => describeDiagnostics(uri));
  } finally {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor('the rule back as an error', () => find()?.severity === vscode.DiagnosticSeverity.Error, 30_000, () => describeDiagnostics(uri));
});

/** The labels VS Code's completion gives at the end of `file` after typing `typed` (the edit is reverted). */
async function completionAtEnd(file: string, typed: string, expect: (labels: string[]) => boolean): Promise<string[]> {
  const editor = await open(migration(file));
  const doc = editor.document;
  await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, typed));
  try {
    const position = doc.lineAt(doc.lineCount - 1).range.end;
    let labels: string[] = [];
    return await waitFor(`completion in ${file}`, async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
      labels = l.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return expect(labels) ? labels : undefined;
    }, 20_000, () => `at ${position.line}:${position.character} of ${JSON.stringify(doc.getText())}: ${labels.length} items: ${labels.slice(0, 20).join(', ')}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
  }
}

test('completion after ALTER TABLE lists the tables of earlier migrations, as of the cursor', async () => {
  // In 02: projects (from 01) and issues (02 itself).
  const labels = await completionAtEnd('02-create_issues.sql', '\nALTER TABLE ', (l) => l.includes('projects') && l.includes('issues'));
  log(`completion in 02: ${labels.slice(0, 10).join(', ')}`);
  // In 03, after DROP TABLE projects: only issues.
  await completionAtEnd(DROP, 'ALTER TABLE ', (l) => l.includes('issues') && !l.includes('projects'));
});

test('hover on a table shows its columns and where it was electrified', async () => {
  const doc = (await open(migration('02-create_issues.sql'))).document;
  const text = await waitFor('a hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'REFERENCES projects', 'REFERENCES pro'.length));
    return hoverText(hovers) || undefined;
  }, 20_000);
  assert.match(text, /public\.projects/);
  assert.match(text, /name/);
  assert.match(text, /electrified in `?01-create_projects\.sql/);
});

test('go to definition crosses files: projects in 02 is defined in 01', async () => {
  const doc = (await open(migration('02-create_issues.sql'))).document;
  const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'REFERENCES projects', 'REFERENCES pro'.length));
  assert.ok(locations.length > 0, 'a definition');
  const first = locations[0];
  const uri = 'targetUri' in first ? first.targetUri : first.uri;
  const range = 'targetUri' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
  assert.equal(path.basename(uri.fsPath), '01-create_projects.sql');
  assert.equal(range.start.line, 0);
});

interface StatusItem { id: string; text: string; label: string; icons: string[] }

/** Our status bar item, as the page shows it (text with the codicons as $(name), its accessible label). */
async function statusItem(): Promise<StatusItem | undefined> {
  const items = JSON.parse(await ui({ action: 'statusbar' })) as StatusItem[];
  return items.find((i) => i.id.includes('electricMigrations.status'));
}

async function waitForStatus(what: string, accept: (item: StatusItem) => boolean, timeoutMs = 30_000): Promise<StatusItem> {
  let last: StatusItem | undefined;
  return waitFor(what, async () => {
    last = await statusItem();
    return last && accept(last) ? last : undefined;
  }, timeoutMs, () => `status bar item: ${JSON.stringify(last)}; ${allDiagnostics()}`, 500);
}

function allDiagnostics(): string {
  return `diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics().filter(([, d]) => d.length).map(([uri, d]) => [path.basename(uri.fsPath), d.map((x) => `${codeOf(x)}@${x.range.start.line}: ${x.message.slice(0, 80)}`)]))}`;
}

test('the status bar item shows the Electric version and the error and warning counts', async () => {
  // 03 (DROP TABLE of an electrified table) is the one error of the set.
  const item = await waitForStatus('Electric 0.12, 1 error, 0 warnings', (i) => /Electric 0\.12 \$\(error\) 1 \$\(warning\) 0/.test(i.text));
  log(`status bar: ${item.text}`);
});

test('every contributed command is registered and has a test', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
  assert.ok(contributed.length >= 10, `contributed commands: ${contributed.join(', ')}`);
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed commands that are not registered');
  assert.deepEqual(contributed.filter((c) => !commandTests.has(c)), [], 'contributed commands without a test in test/e2e/suite/index.ts');
  log(`commands: ${contributed.join(', ')}`);
});

// One test per command, in an order that makes sense for a user: the database-free ones, then the database.
commandTests.set('electricMigrations.showOutput', async () => {
  await vscode.commands.executeCommand('electricMigrations.showOutput');
  await waitFor('the output channel in the panel', async () => Number(await ui({ action: 'count', text: '.panel .output-view, .panel [id="workbench.panel.output"]' })) > 0, 20_000, undefined, 500);
  await vscode.commands.executeCommand('workbench.action.closePanel');
});

commandTests.set('electricMigrations.restartLanguageServer', async () => {
  const uri = migration(DROP);
  await open(uri);
  await vscode.commands.executeCommand('electricMigrations.restartLanguageServer');
  // The new server publishes the diagnostics again, and the status bar says it runs.
  await waitFor('diagnostics after the restart', () => vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'drop-electrified-table'), 30_000, () => describeDiagnostics(uri));
  await waitForStatus('the status after the restart', (i) => /Electric 0\.12 \$\(error\) 1/.test(i.text));
});

commandTests.set('electricMigrations.showSchemaAtCursor', async () => {
  const editor = await open(migration('02-create_issues.sql'));
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  await vscode.commands.executeCommand('electricMigrations.showSchemaAtCursor');
  const shown = await waitFor('the schema document', () => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && doc.uri.toString() !== editor.document.uri.toString() && /CREATE TABLE/i.test(doc.getText()) ? doc : undefined;
  }, 20_000);
  const text = shown.getText();
  assert.match(text, /CREATE TABLE[^;]*projects/i);
  assert.match(text, /CREATE TABLE[^;]*issues/i);
  assert.match(text, /name text NOT NULL/i);
  assert.notEqual(shown.uri.scheme, 'file', 'a virtual document, not a file');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

commandTests.set('electricMigrations.showReferences', async () => {
  // What the "N references" code lens above CREATE TABLE runs.
  const doc = (await open(migration('01-create_projects.sql'))).document;
  const lenses = await waitFor('the references code lens', async () => {
    const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    return all.find((l) => l.command?.command === 'electricMigrations.showReferences') ?? undefined;
  }, 20_000);
  log(`code lens: ${lenses.command!.title}`);
  assert.match(lenses.command!.title, /reference/);
  await vscode.commands.executeCommand(lenses.command!.command, ...(lenses.command!.arguments ?? []));
  await waitFor('the references peek view', async () => Number(await ui({ action: 'count', text: '.peekview-widget' })) > 0, 20_000, undefined, 500);
  await vscode.commands.executeCommand('closeReferenceSearch');
});

commandTests.set('electricMigrations.showRuleDocumentation', async () => {
  const label = 'Rule: drop-electrified-table';
  await vscode.commands.executeCommand('electricMigrations.showRuleDocumentation', 'drop-electrified-table');
  const tab = await waitFor('the rule documentation tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === label), 20_000);
  assert.ok(tab.input instanceof vscode.TabInputWebview, 'a webview');
  await waitFor('the rule text in the webview', async () => Number(await ui({ action: 'frameText', text: 'only supports additive' })) > 0, 20_000, undefined, 500);
  await vscode.window.tabGroups.close(tab);
});

commandTests.set('electricMigrations.newMigration', async () => {
  requireUi();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const running = vscode.commands.executeCommand<vscode.Uri | undefined>('electricMigrations.newMigration');
  await ui({ action: 'type', text: 'add tags' });
  const created = await running;
  // 03 exists (the DROP): the next free index is 04.
  assert.equal(created && path.basename(created.fsPath), '04-add_tags.sql');
  assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, migration('04-add_tags.sql').fsPath, 'the new migration is open');
  assert.ok(fs.existsSync(migration('04-add_tags.sql').fsPath), 'written to disk');
  const editor = vscode.window.activeTextEditor!;
  await editor.edit((e) => e.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, '\nALTER TABLE projects ADD COLUMN tags text;\n'));
  await editor.document.save();
});

commandTests.set('electricMigrations.selectDatabaseTarget', async () => {
  requireUi();
  const running = vscode.commands.executeCommand('electricMigrations.selectDatabaseTarget');
  await ui({ action: 'pick', text: 'PGlite (embedded)' });
  await running;
  // The status bar now knows the database: 01, 02, 03, 04 pending.
  await waitForStatus('4 pending', (i) => /\$\(arrow-up\) 4 pending/.test(i.text));
});

const FAKE_URL = 'postgresql://e2e:not-the-password@127.0.0.1:1/e2e';

commandTests.set('electricMigrations.setDatabaseUrl', async () => {
  requireUi();
  const url = process.env.DATABASE_URL || FAKE_URL;
  const running = vscode.commands.executeCommand('electricMigrations.setDatabaseUrl');
  await ui({ action: 'pick', text: 'PostgreSQL' });
  await ui({ action: 'type', text: url });
  await running;
  // A reachable database (CI starts one) has all four pending; an unreachable one shows as disconnected.
  await waitForStatus(process.env.DATABASE_URL ? '4 pending on PostgreSQL' : 'a disconnected database', (i) =>
    process.env.DATABASE_URL ? /\$\(arrow-up\) 4 pending/.test(i.text) : /\$\(debug-disconnect\)/.test(i.text), 40_000);
});

commandTests.set('electricMigrations.refreshMigrationStatus', async () => {
  await vscode.commands.executeCommand('electricMigrations.refreshMigrationStatus');
  const item = await waitForStatus('the refreshed status', (i) => /Electric 0\.12/.test(i.text));
  assert.ok(!JSON.stringify(item).includes('not-the-password'), 'the password is never shown');
});

commandTests.set('electricMigrations.clearDatabaseUrl', async () => {
  await vscode.commands.executeCommand('electricMigrations.clearDatabaseUrl');
  await waitForStatus('no database', (i) => !/pending|debug-disconnect|up to date/.test(i.text));
});

// Applying needs 03 fixed: Electric would reject the DROP, and the confirmation would offer "Apply despite 1 error".
// (Fixed in the editor and saved, as a user does. Deleting the file instead leaves its diagnostics while VS Code
// keeps the closed document in memory: see the report of this suite.)
const FIXED_03 = 'CREATE INDEX issues_project_id ON issues (project_id);\n';

async function fixDrop(): Promise<void> {
  const editor = await open(migration(DROP));
  await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)), FIXED_03));
  assert.ok(await editor.document.save(), 'saved');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitForStatus('no errors', (i) => /\$\(error\) 0 /.test(i.text));
}

interface CliStatus { applied: string[]; pending: string[] }

/** The CLI, as a user runs it, against a PGlite directory. */
function cliStatus(pgliteDir: string): CliStatus {
  const out = cp.execFileSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'status', '--format', 'json', '--pglite', pgliteDir, '--dir', path.join(folder().uri.fsPath, 'db', 'migrations')], {
    cwd: folder().uri.fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return JSON.parse(out) as CliStatus;
}

/** Where the extension keeps the folder's PGlite: `<workspace storage>/pglite/<folder name>-<hash of its URI>`, found under the run's data. */
function pgliteDirectory(): string {
  const f = folder();
  const slug = f.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'folder';
  const name = `${slug}-${createHash('sha256').update(f.uri.toString()).digest('hex').slice(0, 8)}`;
  const roots = (process.env.E2E_RUN_DIR ?? '').split(path.delimiter).filter(Boolean);
  if (roots.length === 0) throw new Skip('E2E_RUN_DIR (where the runner keeps VS Code\'s data) is not set');
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const p = path.join(dir, entry.name);
      if (entry.name === name && path.basename(dir) === 'pglite') found.push(p);
      else if (entry.name !== 'node_modules' && entry.name !== 'workspace') walk(p, depth + 1);
    }
  };
  for (const root of roots) walk(root, 0);
  assert.equal(found.length, 1, `one PGlite directory named ${name} under ${roots.join(', ')}: ${JSON.stringify(found)}`);
  return found[0];
}

/** 01, 02, 03 and (after New Migration) 04. */
function migrationsOnDisk(): string[] {
  return fs.readdirSync(path.join(folder().uri.fsPath, 'db', 'migrations')).filter((f) => /^\d+-.*\.sql$/.test(f)).sort();
}

interface ApplyResult { outcome: string; applied: { name: string }[]; pending: { name: string }[]; skippedDdlx: unknown[] }

commandTests.set('electricMigrations.validatePendingMigrations', async () => {
  await fixDrop();
  const result = await vscode.commands.executeCommand<ApplyResult | undefined>('electricMigrations.validatePendingMigrations');
  assert.equal(result?.outcome, 'applied', JSON.stringify(result));
  assert.deepEqual(result.applied.map((a) => a.name), migrationsOnDisk());
  let seen = '';
  await waitFor('the validation summary', async () => new RegExp(`${migrationsOnDisk().length} pending migrations would apply cleanly`).test(seen = await ui({ action: 'notifications' })), 20_000, () => `notifications: ${seen}`, 300);
});

commandTests.set('electricMigrations.applyPendingMigrations', async () => {
  requireUi();
  // From the palette, as a user does: confirmation, progress notification, summary.
  const running = ui({ action: 'palette', text: 'ElectricSQL: Apply Pending Migrations' });
  await running;
  await ui({ action: 'pick', text: 'Apply 4 migrations' });
  let seen = '';
  const progress = await waitFor('the progress notification', async () => {
    seen = await ui({ action: 'notifications' });
    return /applying the pending migrations of workspace/.test(seen) ? seen : undefined;
  }, 60_000, () => `notifications: ${seen}`, 200);
  log(`apply progress: ${progress}`);
  await ui({ action: 'screenshot', text: 'apply-progress' });
  const summary = await waitFor('the summary', async () => {
    seen = await ui({ action: 'notifications' });
    return /Applied 4 migrations to PGlite/.test(seen) ? seen : undefined;
  }, 90_000, () => `notifications: ${seen}`, 300);
  log(`apply summary: ${summary}`);
  const dir = pgliteDirectory();
  const status = cliStatus(dir);
  assert.deepEqual(status.applied, ['01-create_projects.sql', '02-create_issues.sql', '03-drop_projects.sql', '04-add_tags.sql']);
  // The runner opens this database after the run and checks its tables (test/e2e/extension-host.test.ts).
  console.log(`[electric-e2e] PGLITE ${dir}`);
  assert.deepEqual(status.pending, []);
  await waitForStatus('up to date', (i) => /\$\(check\) up to date/.test(i.text));
});

// One test per command, in the order above. A command the manifest does not contribute fails its test.
for (const [command, body] of commandTests) {
  test(`command ${command}`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(contributed.includes(command), `${command} is contributed in package.json`);
    await body();
  }, 90_000);
}

export async function run(): Promise<void> {
  await runAll();
}
