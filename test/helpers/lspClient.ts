/**
 * A real JSON-RPC client for the built language server (dist/server.js over stdio): what any LSP editor does.
 * Tests wait for published diagnostics with a predicate and a timeout; nothing sleeps.
 */
import * as cp from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-languageserver-protocol/node';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export interface LspSession {
  connection: rpc.ProtocolConnection;
  diagnostics: Map<string, rpc.Diagnostic[]>;
  logs: string[];
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  open(uri: string, text: string, version?: number): void;
  /** Replaces a document's whole text. */
  change(uri: string, text: string, version: number): void;
  /** Notifications of a method the server sent, in order. */
  notifications: Map<string, unknown[]>;
  /** What the server answered to `initialize`. */
  initialized: rpc.InitializeResult;
  /** The server process, for tests that watch its memory (/proc/<pid>/status). */
  pid: number;
  close(): Promise<number | null>;
}

export interface StartOptions {
  capabilities?: rpc.ClientCapabilities;
  /** Send no workspace root at all (as Neovim without a root, or `code file.sql`). */
  noRoot?: boolean;
  /** Answer `workspace/configuration` with these settings (default `null`, as a client without settings). */
  settings?: unknown;
  /** Extra workspace folders (multi-root). */
  folders?: string[];
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Starts the server on `workspace` and completes the initialize handshake. */
export async function startServer(workspace: string, options: StartOptions | rpc.ClientCapabilities = {}): Promise<LspSession> {
  const { capabilities = {}, noRoot = false, settings = null, folders = [workspace] } = ('capabilities' in options || 'noRoot' in options || 'settings' in options || 'folders' in options ? options : { capabilities: options }) as StartOptions;
  const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout!), new rpc.StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, rpc.Diagnostic[]>();
  const logs: string[] = [];
  const notifications = new Map<string, unknown[]>();
  const waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  const settle = () => {
    for (const w of [...waiters]) if (w.predicate()) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    settle();
  });
  connection.onNotification('window/logMessage', (p: rpc.LogMessageParams) => {
    logs.push(p.message);
  });
  connection.onUnhandledNotification((message) => {
    notifications.set(message.method, [...(notifications.get(message.method) ?? []), message.params]);
    settle();
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => settings));
  connection.onRequest('window/showMessageRequest', () => null);
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const initialized = await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: noRoot ? null : fileUri(workspace),
    workspaceFolders: noRoot ? null : folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, ...capabilities },
  });
  connection.sendNotification(rpc.InitializedNotification.type, {});

  return {
    connection,
    diagnostics,
    logs,
    notifications,
    initialized,
    pid: child.pid!,
    waitFor(predicate, what, timeoutMs = 15000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve: () => { clearTimeout(timer); resolve(); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...diagnostics]).slice(0, 2000)}; log: ${logs.join('\n')}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    open(uri, text, version = 1) {
      connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'sql', version, text } });
    },
    change(uri, text, version) {
      connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async close() {
      await connection.sendRequest(rpc.ShutdownRequest.type);
      connection.sendNotification(rpc.ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
