/**
 * What the real-VS Code tests need and how they start it: the toolchain scripts/e2e-setup.sh installs (found through
 * the E2E_* variables it prints, or the env.sh it leaves in its cache), free ports, servers in their own process
 * group (always killed, even when the test process dies), a serialising lock (one VS Code + Chromium at a time on a
 * small machine), and a copy of the fixture workspace per run.
 *
 * Without the toolchain the tests skip with the reason; with E2E_REQUIRED=1 (as .ci/run sets) they fail instead.
 */
import * as cp from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Playwright } from './playwright';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const REQUIRED = process.env.E2E_REQUIRED === '1' || process.env.E2E_REQUIRED === 'true';

export interface Toolchain {
  node24: string;
  codeServer: string;
  vscodeServerMain: string;
  vscodeVersion: string;
  chromium: string;
  playwrightCore: string;
}

const VARS: Record<keyof Toolchain, string> = {
  node24: 'E2E_NODE24',
  codeServer: 'E2E_CODE_SERVER',
  vscodeServerMain: 'E2E_VSCODE_SERVER_MAIN',
  vscodeVersion: 'E2E_VSCODE_VERSION',
  chromium: 'E2E_CHROMIUM',
  playwrightCore: 'E2E_PLAYWRIGHT_CORE',
};

function cacheDir(): string {
  return process.env.ELECTRIC_MIGRATIONS_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'electric-migrations-e2e');
}

/** The toolchain, or why there is none. */
export function findToolchain(): Toolchain | { missing: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  if (!env.E2E_CODE_SERVER) {
    const file = path.join(env.E2E_CACHE ?? cacheDir(), 'env.sh');
    if (fs.existsSync(file)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^export (E2E_\w+)='([^']*)'$/gm)) env[m[1]] ??= m[2];
    }
  }
  const found = {} as Toolchain;
  for (const [key, name] of Object.entries(VARS) as [keyof Toolchain, string][]) {
    const value = env[name];
    if (!value) return { missing: `${name} is not set and scripts/e2e-setup.sh has not been run (no ${path.join(cacheDir(), 'env.sh')})` };
    if (key !== 'vscodeVersion' && !fs.existsSync(value)) return { missing: `${name}=${value} does not exist (run scripts/e2e-setup.sh)` };
    found[key] = value;
  }
  return found;
}

/**
 * The toolchain for a test file, or a skip: prints the reason and returns undefined (the caller passes
 * `{ skip }` to node:test). With E2E_REQUIRED=1 a missing toolchain throws.
 */
export function toolchainOrSkip(what: string): { toolchain?: Toolchain; skip: string | false } {
  const found = findToolchain();
  if ('missing' in found) {
    const reason = `${what} skipped: ${found.missing}. Run scripts/e2e-setup.sh to install code-server, Node 24, chromium and playwright-core (E2E_REQUIRED=1 makes this a failure).`;
    if (REQUIRED) throw new Error(`E2E_REQUIRED=1 but the e2e toolchain is missing: ${found.missing}`);
    console.log(`# ${reason}`);
    return { skip: reason };
  }
  return { toolchain: found, skip: false };
}

/** Loads playwright-core from the cache (it is not a dependency of the project). */
export function playwright(toolchain: Toolchain): Playwright {
  return require(toolchain.playwrightCore) as Playwright;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const groups = new Set<number>();
process.on('exit', () => {
  for (const pid of groups) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
});

export interface Started {
  pid: number;
  log: string;
  exited: Promise<number | null>;
  /** SIGTERM to the whole process group, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Starts a long-running program in its own process group (setsid), output to a log file. */
export function startGroup(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; log: string; cwd?: string }): Started {
  fs.mkdirSync(path.dirname(options.log), { recursive: true });
  const fd = fs.openSync(options.log, 'w');
  const child = cp.spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: options.env ?? process.env, cwd: options.cwd });
  fs.closeSync(fd);
  const pid = child.pid!;
  groups.add(pid);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const alive = () => { try { process.kill(-pid, 0); return true; } catch { return false; } };
  return {
    pid,
    log: options.log,
    exited,
    async stop() {
      try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 50 && alive(); i++) await sleep(100);
      if (alive()) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      groups.delete(pid);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `url` until it answers (any HTTP status), or throws with the server's log. */
export async function waitForHttp(url: string, server: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => { exited = true; });
  while (Date.now() < deadline && !exited) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch { await sleep(250); }
  }
  const log = fs.existsSync(server.log) ? fs.readFileSync(server.log, 'utf8').slice(-3000) : '';
  throw new Error(`${url} did not answer ${exited ? '(the server exited)' : `within ${timeoutMs} ms`}; log ${server.log}:\n${log}`);
}

/**
 * One real VS Code (+ Chromium) at a time across test files and processes: a lock directory holding the owner's
 * pid; a lock whose owner is gone is taken over.
 */
export async function withLock<T>(fn: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  const lock = path.join(os.tmpdir(), 'electric-migrations-e2e.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = NaN;
      try { owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      let ownerAlive = true;
      if (Number.isInteger(owner) && owner > 0) try { process.kill(owner, 0); } catch { ownerAlive = false; }
      if (!ownerAlive) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`the e2e lock ${lock} is held by pid ${owner}`);
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh copy of the fixture workspace, plus user data with deterministic settings. */
export function makeRun(name: string, settings: Record<string, unknown> = {}): { dir: string; workspace: string; userData: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `electric-e2e-${name}-`));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  return { dir, workspace, userData, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const USER_SETTINGS = {
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

/** The environment for VS Code's server: Node 24 first on PATH, config kept out of ~/.config. */
export function serverEnv(toolchain: Toolchain, dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, PATH: `${path.dirname(toolchain.node24)}:${process.env.PATH}`, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
  // What this test process was started with must not leak into the extension host's Node.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}
