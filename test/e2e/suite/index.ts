/**
 * The extension's tests inside a real VS Code (the extension host runs `run()` when started with
 * extensionTestsPath): code-server's bundled VS Code server here (test/e2e/extension-host.test.ts), desktop VS Code
 * through @vscode/test-electron where there is one (test/e2e/electron.test.ts). The workspace is a fresh copy of
 * test/e2e/fixtures/workspace: 01 creates and electrifies `projects`, 02 creates `issues` referencing it.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log, runAll, Skip, test, ui, waitFor } from './harness';

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

test('completion after ALTER TABLE lists the tables of earlier migrations', async () => {
  const editor = await open(migration(DROP));
  const doc = editor.document;
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  await editor.edit((e) => e.insert(end, 'ALTER TABLE '));
  try {
    const position = doc.lineAt(doc.lineCount - 1).range.end;
    const list = await waitFor('a completion list with projects and issues', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
      const labels = l.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('projects') && labels.includes('issues') ? labels : undefined;
    }, 20_000);
    log(`completion: ${list.slice(0, 10).join(', ')}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.equal(doc.isDirty, false);
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

test('the status bar item shows the Electric version and the error count', async () => {
  const text = await waitFor('the status bar item', async () => {
    const items = await ui({ action: 'statusbar' });
    return /0\.12/.test(items) && /1/.test(items) ? items : undefined;
  }, 30_000);
  log(`status bar: ${text}`);
});

test('every contributed command is registered and has a test', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed commands that are not registered');
  assert.deepEqual(contributed.filter((c) => !commandTests.has(c)), [], 'contributed commands without a test in test/e2e/suite/index.ts');
  log(`commands: ${contributed.join(', ')}`);
});

// One test per command, in an order that makes sense for a user: the database-free ones, then applying.
commandTests.set('electricMigrations.showOutput', async () => {
  await vscode.commands.executeCommand('electricMigrations.showOutput');
});

commandTests.set('electricMigrations.restartLanguageServer', async () => {
  await vscode.commands.executeCommand('electricMigrations.restartLanguageServer');
  // After a restart the diagnostics come back from the new server.
  const uri = migration(DROP);
  await open(uri);
  await waitFor('diagnostics after the restart', () => vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'drop-electrified-table'), 30_000, () => describeDiagnostics(uri));
});

commandTests.set('electricMigrations.showSchemaAtCursor', async () => {
  const editor = await open(migration('02-create_issues.sql'));
  editor.selection = new vscode.Selection(editor.document.lineAt(editor.document.lineCount - 1).range.end, editor.document.lineAt(editor.document.lineCount - 1).range.end);
  await vscode.commands.executeCommand('electricMigrations.showSchemaAtCursor');
  const shown = await waitFor('the schema document', () => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && doc.uri.toString() !== editor.document.uri.toString() && /CREATE TABLE/i.test(doc.getText()) ? doc : undefined;
  }, 20_000);
  const text = shown.getText();
  assert.match(text, /CREATE TABLE[^;]*projects/i);
  assert.match(text, /CREATE TABLE[^;]*issues/i);
  assert.notEqual(shown.uri.scheme, 'file', 'a virtual document, not a file');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

commandTests.set('electricMigrations.showRuleDocumentation', async () => {
  const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
  const done = vscode.commands.executeCommand('electricMigrations.showRuleDocumentation', 'drop-electrified-table');
  await done;
  const tab = await waitFor('a documentation tab', () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    return tabs.length > before ? tabs.find((t) => /drop-electrified-table|rule|Electric/i.test(t.label)) ?? tabs[tabs.length - 1] : undefined;
  }, 20_000);
  log(`rule documentation: ${tab.label}`);
  await vscode.window.tabGroups.close(tab);
});

commandTests.set('electricMigrations.newMigration', async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const running = vscode.commands.executeCommand('electricMigrations.newMigration');
  await ui({ action: 'type', text: 'add tags' });
  await running;
  const created = migration('04-add_tags.sql');
  await waitFor('04-add_tags.sql', () => fs.existsSync(created.fsPath) || vscode.window.activeTextEditor?.document.uri.fsPath === created.fsPath, 20_000);
  assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, created.fsPath, 'the new migration is open');
  await vscode.commands.executeCommand('workbench.action.files.save');
  assert.ok(fs.existsSync(created.fsPath));
});

// Applying needs the error in 03 gone: the drop is the kind of migration Electric rejects.
async function removeDrop(): Promise<void> {
  if (fs.existsSync(migration(DROP).fsPath)) await vscode.workspace.fs.delete(migration(DROP));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The CLI, as a user runs it, against the PGlite directory the extension applied to. */
function cliStatus(pgliteDir: string): { applied: { name: string }[]; pending: { name: string }[] } {
  const out = cp.execFileSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'status', '--format', 'json', '--pglite', pgliteDir, '--dir', path.join(folder().uri.fsPath, 'db', 'migrations')], {
    cwd: folder().uri.fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return JSON.parse(out);
}

commandTests.set('electricMigrations.applyPendingMigrations', async () => {
  await removeDrop();
  const running = vscode.commands.executeCommand('electricMigrations.applyPendingMigrations');
  await ui({ action: 'button', text: 'Apply' });
  await running;
  const summary = await waitFor('the summary', async () => {
    const n = await ui({ action: 'notifications' });
    return /applied/i.test(n) ? n : undefined;
  }, 60_000);
  log(`apply summary: ${summary}`);
  const dirs = findPglite(folder().uri.fsPath);
  assert.ok(dirs.length === 1, `one PGlite directory: ${JSON.stringify(dirs)}`);
  const status = cliStatus(dirs[0]);
  assert.deepEqual(status.applied.map((a) => a.name), ['01-create_projects.sql', '02-create_issues.sql', '04-add_tags.sql']);
  assert.deepEqual(status.pending, []);
});

function findPglite(workspace: string): string[] {
  void workspace;
  throw new Skip('where the extension keeps PGlite is not known yet');
}

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
