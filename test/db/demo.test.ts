/** `npm run demo`, the README's first command: it must show lint, apply, the refusal and the status, and exit 0. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

test('npm run demo lints, applies the clean examples to PGlite, stops at 05-… with the reason, prints the status, exits 0', async () => {
  const root = path.resolve(__dirname, '../..');
  const { status, stdout } = await new Promise<{ status: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, 'scripts/demo.mjs')], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
      (error, out, err) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout: out + err }));
  });
  assert.equal(status, 0, stdout);
  assert.match(stdout, /05-rename_project_name\.sql:8:34 drop-electrified-column/);
  for (const name of ['01-create_projects', '02-create_issues', '03-create_comments', '04-add_issue_assignee']) {
    assert.match(stdout, new RegExp(`^applied ${name}\\.sql \\(`, 'm'));
  }
  assert.match(stdout, /^Not applied: 1 error in the pending migrations/m);
  assert.match(stdout, /^pending 05-rename_project_name\.sql$/m);
  assert.match(stdout, /^4 applied, 1 pending\.$/m);
});
