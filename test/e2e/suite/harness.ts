/**
 * A small test harness for the extension host (what mocha is for most extensions, in forty lines): tests run one
 * after another, each with a timeout; every result is printed as one console line that the runner reads — in
 * code-server the extension host's console goes to the page, where Playwright listens, and the host exits 0 even
 * when a test fails, so the lines are the result. `run()` also rejects on a failure (what @vscode/test-electron reads).
 *
 * Lines: `[electric-e2e] PASS <name> (<ms> ms)`, `[electric-e2e] FAIL <name>: <message>`,
 * `[electric-e2e] SKIP <name>: <reason>`, and last `[electric-e2e] DONE <json>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TAG = '[electric-e2e]';

type Body = () => Promise<void>;
interface Test { name: string; body: Body; timeoutMs: number }

const tests: Test[] = [];

export function test(name: string, body: Body, timeoutMs = 60_000): void {
  tests.push({ name, body, timeoutMs });
}

export class Skip extends Error {}

export function log(message: string): void {
  console.log(`${TAG} LOG ${message}`);
}

export async function runAll(): Promise<void> {
  const passed: string[] = [];
  const failed: { name: string; message: string }[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const t of tests) {
    const start = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        t.body(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs); }),
      ]);
      passed.push(t.name);
      console.log(`${TAG} PASS ${t.name} (${Date.now() - start} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        skipped.push({ name: t.name, reason: error.message });
        console.log(`${TAG} SKIP ${t.name}: ${error.message}`);
      } else {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failed.push({ name: t.name, message });
        console.log(`${TAG} FAIL ${t.name}: ${message.replace(/\n/g, ' | ')}`);
        if (hasUiDriver()) await ui({ action: 'screenshot', text: `fail-${tests.indexOf(t) + 1}` }, 10_000).catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${TAG} DONE ${JSON.stringify({ passed, failed, skipped })}`);
  if (failed.length) throw new Error(`${failed.length} of ${tests.length} extension tests failed: ${failed.map((f) => f.name).join(', ')}`);
}

/** Waits until `probe` returns a truthy value; the last value and what was awaited go into the error. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000, describe?: () => string, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The UI driver: actions only a user can do (type into an input box, pick from a quick pick, click a button of a
 * modal dialog, read the status bar). In code-server the runner performs them in the page with Playwright: the
 * request is a console line, the answer a file in E2E_UI_DIR. Elsewhere (@vscode/test-electron) there is no driver.
 */
export interface UiRequest {
  action: 'type' | 'pick' | 'button' | 'palette' | 'statusbar' | 'notifications' | 'count' | 'frameText' | 'screenshot';
  /**
   * type: the text entered (then Enter); pick: the item's label; button: the button's label; palette: a command's
   * title, run from F1; count: a CSS selector (the answer is how many match); frameText: text looked for in the
   * webviews' frames (the answer is how many have it); screenshot: a name.
   */
  text?: string;
}

let nextUiId = 1;

/** Skips the test where no UI driver answers (before starting a command that would wait for a user). */
export function requireUi(): void {
  if (!hasUiDriver()) throw new Skip('no UI driver here (it runs in code-server through Playwright)');
}

export function hasUiDriver(): boolean {
  return !!process.env.E2E_UI_DIR;
}

export async function ui(request: UiRequest, timeoutMs = 30_000): Promise<string> {
  const dir = process.env.E2E_UI_DIR;
  if (!dir) throw new Skip('no UI driver here (it runs in code-server through Playwright)');
  const id = nextUiId++;
  console.log(`${TAG} UI ${JSON.stringify({ id, ...request })}`);
  const file = path.join(dir, `${id}.json`);
  const answer = await waitFor(`the UI driver to ${request.action} ${request.text ?? ''}`, () => fs.existsSync(file) && fs.readFileSync(file, 'utf8'), timeoutMs);
  const parsed = JSON.parse(answer) as { ok: boolean; value?: string; error?: string };
  if (!parsed.ok) throw new Error(`UI ${request.action} ${request.text ?? ''}: ${parsed.error}`);
  return parsed.value ?? '';
}
