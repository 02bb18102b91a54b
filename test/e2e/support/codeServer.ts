/**
 * Runs the extension test suite (test/e2e/suite) inside code-server's bundled VS Code server, the way
 * @vscode/test-electron runs it in desktop VS Code: the server is started with the smoke-test driver enabled, and the
 * workbench is opened in Chromium with a payload naming the extension under development (this repository) and the
 * tests' entry. The extension host's console reaches the page, where the result lines are read; the page also
 * performs the suite's UI requests (harness.ts `ui()`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from './playwright';
import { CHROMIUM_ARGS, freePort, makeRun, playwright, RESULTS, ROOT, serverEnv, startGroup, type Toolchain, waitForHttp } from './toolchain';

export interface SuiteResult {
  passed: string[];
  failed: { name: string; message: string }[];
  skipped: { name: string; reason: string }[];
  lines: string[];
}

const TAG = '[electric-e2e]';

/** Runs in the page: each status bar item's id, its text with the codicons back as $(name), its accessible label. */
const STATUS_ITEMS_IN_PAGE = `(elements) => {
  const render = (node) => {
    if (node.nodeType === 3) return node.textContent || '';
    const cls = typeof node.className === 'string' ? node.className.replace(/codicon-modifier-[\\w-]+/g, '') : '';
    const icon = /codicon-([\\w-]+)/.exec(cls);
    if (icon) return '$(' + icon[1] + ')';
    return Array.from(node.childNodes).map(render).join('');
  };
  return elements.map((e) => ({ id: e.id, text: render(e).replace(/\\s+/g, ' ').trim(), label: (e.querySelector('a') && e.querySelector('a').getAttribute('aria-label')) || '' }));
}`;

/** Bundles the suite (it runs in the extension host, which cannot load TypeScript). */
export async function buildSuite(): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(ROOT, 'out', 'e2e', 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'e2e', 'suite', 'index.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning',
  });
  return outfile;
}

/** Performs one UI request of the suite in the page; returns the value for the answer file. */
export async function performUi(page: Page, request: { action: string; text?: string }): Promise<string> {
  const quickInput = page.locator('.quick-input-widget');
  switch (request.action) {
    case 'type': {
      await quickInput.waitFor({ state: 'visible', timeout: 20_000 });
      const input = quickInput.locator('input').first();
      await input.fill(request.text ?? '');
      await input.press('Enter');
      return '';
    }
    case 'pick': {
      await quickInput.waitFor({ state: 'visible', timeout: 20_000 });
      const row = quickInput.locator('.monaco-list-row', { hasText: request.text ?? '' }).first();
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      return '';
    }
    case 'button': {
      const button = page.locator('.monaco-dialog-box .monaco-button, .notification-toast .monaco-button', { hasText: request.text ?? '' }).first();
      await button.waitFor({ state: 'visible', timeout: 20_000 });
      await button.click();
      return '';
    }
    case 'statusbar': {
      // The text as the extension set it: codicons back as $(name).
      // A string, not a function: the test runner's TypeScript transform would add helpers the page does not have.
      const items = await page.evaluate<{ id: string; text: string; label: string }[]>(`(${STATUS_ITEMS_IN_PAGE})(Array.from(document.querySelectorAll('.statusbar-item')))`);
      return JSON.stringify(items.filter((i) => i.text || i.label));
    }
    case 'palette': {
      await page.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible', timeout: 20_000 });
      const input = quickInput.locator('input').first();
      await input.fill(`>${request.text ?? ''}`);
      const row = quickInput.locator('.monaco-list-row', { hasText: request.text ?? '' }).first();
      await row.waitFor({ timeout: 20_000 });
      await input.press('Enter');
      return '';
    }
    case 'count':
      return String(await page.locator(request.text ?? '').count());
    case 'frameText': {
      // Webviews only: the workbench's own frame shows the editor and the Problems panel, which would always match.
      let n = 0;
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const html = await frame.content().catch(() => '');
        if (html.includes(request.text ?? '')) n++;
      }
      return String(n);
    }
    case 'notifications': {
      // One line per notification: the toasts, else the notification center (under the extension test runner the
      // workbench sends notifications there without a toast), opened and closed again with the bell.
      let toasts = await page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
      if (toasts.length === 0) {
        const bell = page.locator('.statusbar-item[id="status.notifications"]');
        await bell.click();
        const center = page.locator('.notifications-center');
        await center.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
        toasts = await page.locator('.notifications-center .notification-list-item').allInnerTexts();
        if (await center.isVisible()) await bell.click();
      }
      return toasts.map((t) => t.replace(/\s+/g, ' ').trim()).join('\n');
    }
    case 'screenshot': {
      fs.mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, `${request.text ?? 'shot'}.png`) });
      return '';
    }
    default:
      throw new Error(`unknown UI action ${request.action}`);
  }
}

export interface RunOptions {
  timeoutMs?: number;
  /** Called after VS Code stopped and before the run's directory is removed (to look at what the suite left). */
  inspect?: (lines: string[]) => Promise<void>;
}

export async function runSuiteInCodeServer(toolchain: Toolchain, options: RunOptions = {}): Promise<SuiteResult> {
  const timeoutMs = options.timeoutMs ?? 8 * 60_000;
  const suite = await buildSuite();
  const run = makeRun('exthost', { 'electricMigrations.trace.server': 'messages' });
  const uiDir = path.join(run.dir, 'ui');
  fs.mkdirSync(uiDir);
  fs.mkdirSync(RESULTS, { recursive: true });
  const port = await freePort();
  const server = startGroup(toolchain.node24, [
    toolchain.vscodeServerMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-workspace-trust', '--disable-telemetry',
    '--user-data-dir', run.userData, '--server-data-dir', path.join(run.dir, 'server-data'),
    '--extensions-dir', path.join(run.dir, 'extensions'),
  ], { env: serverEnv(toolchain, run.dir, { E2E_UI_DIR: uiDir, E2E_RUN_DIR: run.dir }), log: path.join(RESULTS, 'exthost-server.log') });
  const { chromium } = playwright(toolchain);
  const profile = path.join(run.dir, 'chromium');
  let context: BrowserContext | undefined;
  const lines: string[] = [];
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, server);
    context = await chromium.launchPersistentContext(profile, { executablePath: toolchain.chromium, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 } });
    const page = context.pages()[0] ?? (await context.newPage());
    const host = `127.0.0.1:${port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${host}${suite}`],
    ]);
    let uiQueue = Promise.resolve();
    const result = new Promise<SuiteResult>((resolve) => {
      page.on('console', (message) => {
        const raw = message.text();
        const at = raw.indexOf(TAG);
        if (at < 0) return;
        const line = raw.slice(at).replace(/%c/g, '').trim();
        lines.push(line);
        const body = line.slice(TAG.length + 1);
        if (body.startsWith('UI ')) {
          const request = JSON.parse(body.slice(3)) as { id: number; action: string; text?: string };
          uiQueue = uiQueue.then(async () => {
            let answer: { ok: boolean; value?: string; error?: string };
            try { answer = { ok: true, value: await performUi(page, request) }; } catch (error) { answer = { ok: false, error: String(error).split('\n')[0] }; }
            const file = path.join(uiDir, `${request.id}.json`);
            fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
            fs.renameSync(`${file}.tmp`, file);
          });
        } else if (body.startsWith('DONE ')) {
          resolve({ ...(JSON.parse(body.slice(5)) as Omit<SuiteResult, 'lines'>), lines });
        }
      });
    });
    await page.goto(`http://${host}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${timeoutMs} ms; last lines:\n${lines.slice(-15).join('\n')}`)), timeoutMs);
    });
    try {
      const done = await Promise.race([result, timeout]);
      await page.screenshot({ path: path.join(RESULTS, 'exthost-end.png') }).catch(() => undefined);
      return done;
    } catch (error) {
      await page.screenshot({ path: path.join(RESULTS, 'exthost-timeout.png') }).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    fs.writeFileSync(path.join(RESULTS, 'exthost-console.log'), lines.join('\n') + '\n');
    // VS Code's own logs (the extension host's, the output channels', the language server trace) for a post-mortem.
    copyLogs(run.dir, path.join(RESULTS, 'exthost-logs'));
    await context?.close().catch(() => undefined);
    await server.stop();
    try {
      await options.inspect?.(lines);
    } finally {
      run.cleanup();
    }
  }
}

/** Copies every *.log under `from` (VS Code's logs, wherever this version keeps them) to `to`, keeping their paths. */
export function copyLogs(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== 'node_modules' && entry.name !== 'workspace') walk(p); } else if (entry.name.endsWith('.log')) {
        const target = path.join(to, path.relative(from, p));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(p, target);
      }
    }
  };
  if (fs.existsSync(from)) walk(from);
}
