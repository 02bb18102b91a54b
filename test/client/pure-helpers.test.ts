/**
 * The VS Code client's pure parts (no `vscode` import): rule links and the rendered rule docs, the status bar's
 * words, the crash budget, the apply command's words, database URL checks and masking, PGlite's directory.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { confirmation, logLines, progressIncrement, summarize, type ApplyResult, type StatusResult } from '../../client/src/apply/applyText';
import { CrashBudget } from '../../client/src/crashBudget';
import { databaseUrlProblem, maskUrl } from '../../client/src/database/databaseUrl';
import { pgliteDirectoryFor } from '../../client/src/database/pgliteDirectory';
import { ruleDocumentationCommandUri, ruleIdOfDocumentationLink } from '../../client/src/ruleDocs/ruleLinks';
import { listRules, renderRuleMarkdown, ruleSection } from '../../client/src/ruleDocs/ruleMarkdown';
import { describeStatus, type FolderSummary } from '../../client/src/statusText';
import { RULE_LIST } from '../../server/src/rules/registry';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('rule documentation', () => {
  test('a README link with a rule fragment names the rule; anything else does not', () => {
    assert.equal(ruleIdOfDocumentationLink('file:///ext/README.md#drop-electrified-column'), 'drop-electrified-column');
    assert.equal(ruleIdOfDocumentationLink('file:///home/u/.vscode/extensions/x/readme.md#do-block'), 'do-block');
    assert.equal(ruleIdOfDocumentationLink('file:///ext/README.md'), undefined);
    assert.equal(ruleIdOfDocumentationLink('https://example.com/README.md#do-block'), undefined);
    assert.equal(ruleIdOfDocumentationLink('file:///ext/other.md#do-block'), undefined);
    assert.equal(ruleIdOfDocumentationLink('file:///ext/README.md#%3Cscript%3E'), undefined);
  });

  test('the command URI carries the rule id as a JSON argument list', () => {
    const uri = ruleDocumentationCommandUri('add-column-default');
    assert.match(uri, /^command:electricMigrations\.showRuleDocumentation\?/);
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))), ['add-column-default']);
  });

  test('the shipped README lists every rule of the registry, with its default severity', () => {
    const listed = listRules(readme);
    assert.deepEqual(listed.map((r) => r.id).sort(), RULE_LIST.map((r) => r.id).sort());
    for (const rule of RULE_LIST) assert.equal(listed.find((r) => r.id === rule.id)?.severity, rule.severity, rule.id);
  });

  test('a rule section runs from its heading to the next heading of its level or above', () => {
    const section = ruleSection(readme, 'drop-electrified-column');
    assert.ok(section);
    assert.match(section, /^#### drop-electrified-column\n/);
    assert.doesNotMatch(section.split('\n').slice(1).join('\n'), /^#{1,4} /m);
    assert.equal(ruleSection(readme, 'no-such-rule'), undefined);
    for (const rule of RULE_LIST) assert.ok(ruleSection(readme, rule.id), rule.id);
  });

  test('rendering escapes raw HTML, turns rule anchors into command links and drops relative links', () => {
    const html = renderRuleMarkdown('#### x\n\nSee [that](#do-block), [gone](#nowhere), [licence](LICENSE), [web](https://electric-sql.com).\n\n<script>alert(1)</script>\n\n```sql\nDO $$ $$;\n```', new Set(['do-block']));
    assert.match(html, /<h4>x<\/h4>/);
    assert.ok(html.includes(`href="${ruleDocumentationCommandUri('do-block')}"`), html);
    assert.match(html, /href="https:\/\/electric-sql\.com"/);
    assert.doesNotMatch(html, /href="(#nowhere|LICENSE)"/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /<pre><code class="language-sql">DO \$\$ \$\$;/);
  });
});

const summary = (over: Partial<FolderSummary> = {}): FolderSummary => ({
  folderUri: 'file:///w/app',
  migrationsDirectoryUri: 'file:///w/app/db/migrations',
  electricVersion: '0.12',
  migrationFormat: 'pg-migrations',
  files: 5,
  errors: 1,
  warnings: 2,
  ...over,
});
const displayPath = (uri: string) => uri.replace('file:///w/', '');

describe('status bar words', () => {
  test('version and counts; the tooltip names folder, migrations directory and config; click shows Problems', () => {
    const view = describeStatus({ server: { kind: 'running' }, summary: summary({ configFileUri: 'file:///w/app/electric-migrations.json' }), allSummaries: [summary()], displayPath });
    assert.equal(view.text, '$(database) Electric 0.12 $(error) 1 $(warning) 2');
    assert.equal(view.action, 'showProblems');
    assert.match(view.tooltip, /Folder: app/);
    assert.match(view.tooltip, /Migrations: app\/db\/migrations \(5 files, 1 error, 2 warnings\)/);
    assert.match(view.tooltip, /Config: app\/electric-migrations\.json/);
  });

  test('with a database and pending migrations: the count, and click applies', () => {
    const view = describeStatus({ server: { kind: 'running' }, summary: summary(), allSummaries: [summary()], database: { description: 'PGlite in /s', pending: 2 }, displayPath });
    assert.match(view.text, /\$\(arrow-up\) 2 pending$/);
    assert.equal(view.action, 'applyPending');
    assert.match(view.tooltip, /Database: PGlite in \/s · 2 pending migrations/);
  });

  test('an unreachable database does not offer to apply', () => {
    const view = describeStatus({ server: { kind: 'running' }, summary: summary(), allSummaries: [summary()], database: { description: 'postgres://u:***@h/db', pending: 3, error: 'connection refused' }, displayPath });
    assert.equal(view.action, 'showProblems');
    assert.match(view.tooltip, /connection refused/);
  });

  test('a crashed server says it is restarting, then that it stopped (click restarts)', () => {
    const restarting = describeStatus({ server: { kind: 'restarting', crashes: 2, maxRestarts: 4 }, summary: summary(), allSummaries: [], displayPath });
    assert.match(restarting.text, /restarting/);
    assert.equal(restarting.emphasis, 'warning');
    const stopped = describeStatus({ server: { kind: 'stopped', reason: 'it crashed 5 times' }, summary: summary(), allSummaries: [], displayPath });
    assert.match(stopped.text, /server stopped/);
    assert.equal(stopped.action, 'restartServer');
    assert.equal(stopped.emphasis, 'error');
  });

  test('other folders of a multi-root workspace are in the tooltip', () => {
    const other = summary({ folderUri: 'file:///w/api', errors: 0, warnings: 1 });
    const view = describeStatus({ server: { kind: 'running' }, summary: summary(), allSummaries: [summary(), other], displayPath });
    assert.match(view.tooltip, /Also api: 0 errors, 1 warning/);
  });
});

test('the crash budget restarts four times within three minutes, then stops until reset', () => {
  let now = 0;
  const budget = new CrashBudget(4, 180_000, () => now);
  for (let i = 1; i <= 4; i++) assert.equal(budget.recordCrash().restart, true, `crash ${i}`);
  assert.deepEqual(budget.recordCrash(), { restart: false, crashes: 5, maxRestarts: 4 });
  now += 180_000;
  assert.equal(budget.recordCrash().restart, true, 'old crashes leave the window');
  for (let i = 0; i < 5; i++) budget.recordCrash();
  budget.reset();
  assert.equal(budget.recordCrash().crashes, 1);
});

describe('apply command words', () => {
  const status: StatusResult = {
    description: 'PGlite in /storage/pglite/app-1234',
    target: 'pglite',
    applied: [],
    pending: [{ name: '01-a.sql', uri: 'file:///w/app/db/migrations/01-a.sql' }, { name: '02-b.sql', uri: 'file:///w/app/db/migrations/02-b.sql' }],
    problems: 0,
  };

  test('the confirmation lists the pending files and the target; lint errors change the first choice', () => {
    const clean = confirmation(status, 0);
    assert.equal(clean.title, 'Apply 2 pending migrations to PGlite in /storage/pglite/app-1234');
    assert.equal(clean.items[0].choice, 'apply');
    assert.equal(clean.items[0].detail, '01-a.sql, 02-b.sql');
    assert.equal(clean.items.at(-1)?.choice, 'cancel');
    const withErrors = confirmation(status, 3);
    assert.deepEqual(withErrors.items.map((i) => i.choice), ['applyDespiteErrors', 'showProblems', 'cancel']);
    assert.match(withErrors.items[0].label, /3 errors/);
  });

  const result = (over: Partial<ApplyResult>): ApplyResult => ({
    outcome: 'applied',
    description: 'postgres://app:***@localhost/app',
    applied: [{ name: '01-a.sql', uri: 'file:///w/app/db/migrations/01-a.sql', ms: 12 }],
    pending: [],
    skippedDdlx: [],
    errors: 0,
    ...over,
  });

  test('summaries: applied with time and skipped DDLX, failures offer Show Problems', () => {
    const applied = summarize(result({ skippedDdlx: [{ uri: 'file:///w/app/db/migrations/01-a.sql', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 30 } }, statement: 'ALTER TABLE a ENABLE ELECTRIC' }] }), false);
    assert.equal(applied.level, 'info');
    assert.match(applied.message, /^Applied 1 migration to postgres:\/\/app:\*\*\*@localhost\/app in 12 ms \(1 DDLX statement not sent/);
    const failed = summarize(result({ outcome: 'failed', applied: [], reason: '02-b.sql: column "x" does not exist', errors: 1 }), false);
    assert.equal(failed.level, 'error');
    assert.equal(failed.showProblems, true);
    assert.match(failed.message, /column "x" does not exist/);
    assert.match(summarize(result({ outcome: 'cancelled', pending: [{ name: '02-b.sql', uri: 'u' }] }), false).message, /^Cancelled after 1 migration applied; 1 file still pending/);
    assert.match(summarize(result({}), true).message, /would apply cleanly/);
  });

  test('the log names each skipped DDLX statement with its line, and the outcome', () => {
    const lines = logLines(result({ skippedDdlx: [{ uri: 'file:///w/app/db/migrations/01-a.sql', range: { start: { line: 4, character: 0 }, end: { line: 5, character: 1 } }, statement: 'ELECTRIC GRANT ALL\n  ON a TO ANYONE' }] }), false, displayPath);
    assert.deepEqual(lines, [
      'skipped DDLX (not sent to postgres://app:***@localhost/app) app/db/migrations/01-a.sql:5: ELECTRIC GRANT ALL ON a TO ANYONE',
      'apply on postgres://app:***@localhost/app: applied; 1 file applied, 0 files pending, 0 errors',
    ]);
  });

  test('work-done percentages become increments that never go backwards', () => {
    assert.deepEqual(progressIncrement(0, 50), { increment: 50, next: 50 });
    assert.deepEqual(progressIncrement(50, 40), { increment: 0, next: 50 });
    assert.deepEqual(progressIncrement(50, undefined), { increment: 0, next: 50 });
    assert.deepEqual(progressIncrement(90, 150), { increment: 10, next: 100 });
  });
});

describe('database URLs', () => {
  test('only Postgres URLs with a host are accepted', () => {
    assert.equal(databaseUrlProblem('postgresql://postgres:proxy_password@localhost:65432/app'), undefined);
    assert.equal(databaseUrlProblem('postgres://localhost/app'), undefined);
    assert.equal(databaseUrlProblem('postgresql:///app?host=/var/run/postgresql'), undefined);
    assert.ok(databaseUrlProblem(''));
    assert.ok(databaseUrlProblem('mysql://localhost/app'));
    assert.ok(databaseUrlProblem('postgresql://'));
  });

  test('passwords are shown as ***', () => {
    assert.equal(maskUrl('postgresql://postgres:proxy_password@localhost:65432/app'), 'postgresql://postgres:***@localhost:65432/app');
    assert.equal(maskUrl('postgresql://postgres@localhost/app'), 'postgresql://postgres@localhost/app');
  });
});

test('each folder gets its own PGlite directory in the workspace storage', () => {
  const a = pgliteDirectoryFor('/storage', 'file:///w/app', 'My App');
  const b = pgliteDirectoryFor('/storage', 'file:///x/app', 'My App');
  assert.match(a, /^\/storage\/pglite\/my-app-[0-9a-f]{8}$/);
  assert.notEqual(a, b);
  assert.equal(pgliteDirectoryFor('/storage', 'file:///w/app', 'My App'), a);
});
