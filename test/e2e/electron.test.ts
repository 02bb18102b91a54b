// The same extension test suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron, for machines
// that have it: VSCODE_EXECUTABLE names the `code` binary (or E2E_ELECTRON_DOWNLOAD=1 lets test-electron download
// one, where the network allows). There is no UI driver there, so the tests that need a user's hand (input boxes,
// quick picks, the palette, the status bar's text) report themselves skipped; code-server runs them
// (test/e2e/extension-host.test.ts). Run alone: `VSCODE_EXECUTABLE=/usr/bin/code npm test -- e2e/electron`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './support/codeServer';
import { makeRun, RESULTS, ROOT, withLock } from './support/toolchain';

const executable = process.env.VSCODE_EXECUTABLE;
const download = process.env.E2E_ELECTRON_DOWNLOAD === '1';
const skip = executable || download ? false : 'desktop VS Code tests skipped: set VSCODE_EXECUTABLE to a `code` binary (or E2E_ELECTRON_DOWNLOAD=1 to download one); code-server runs the same suite in extension-host.test.ts';
if (skip) console.log(`# ${skip}`);

test('extension tests in desktop VS Code (@vscode/test-electron)', { skip, timeout: 10 * 60_000 }, async () => {
  await withLock(async () => {
    const suite = await buildSuite();
    const run = makeRun('electron');
    try {
      const code = await runTests({
        ...(executable ? { vscodeExecutablePath: executable } : {}),
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: suite,
        extensionTestsEnv: { E2E_RUN_DIR: run.dir },
        launchArgs: [run.workspace, '--user-data-dir', run.userData, '--extensions-dir', path.join(run.dir, 'extensions'),
          '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--logsPath', path.join(RESULTS, 'electron-logs')],
      });
      assert.equal(code, 0, 'the suite passed (its result lines are in the output above)');
    } finally {
      run.cleanup();
    }
  });
});
