// The extension's test suite (test/e2e/suite) in a real VS Code: code-server's bundled VS Code server, its
// workbench in headless Chromium, the extension loaded from this repository (extensionDevelopmentPath) and the
// suite run by the extension host (extensionTestsPath). Each test of the suite is reported here as a subtest.
// Skips (with the reason) when scripts/e2e-setup.sh has not installed the toolchain, unless E2E_REQUIRED=1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSuiteInCodeServer } from './support/codeServer';
import { toolchainOrSkip, withLock } from './support/toolchain';

const { toolchain, skip } = toolchainOrSkip('the real-VS Code extension tests');

test('extension tests in code-server\'s VS Code (extensionTestsPath)', { skip, timeout: 10 * 60_000 }, async (t) => {
  const result = await withLock(() => runSuiteInCodeServer(toolchain!));
  for (const line of result.lines.filter((l) => / LOG /.test(l))) t.diagnostic(line);
  const all = [...result.passed.map((name) => ({ name })), ...result.failed, ...result.skipped];
  assert.ok(all.length > 0, `the suite reported no test; console:\n${result.lines.join('\n')}`);
  for (const name of result.passed) await t.test(name, () => {});
  for (const s of result.skipped) await t.test(s.name, { skip: s.reason }, () => {});
  for (const f of result.failed) await t.test(f.name, () => { assert.fail(f.message); });
});
