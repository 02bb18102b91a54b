/**
 * What the status bar item says, as a pure function of the server's state, the folder summary the server sent and
 * what is known of the folder's database, so that it can be tested without VS Code.
 */
import type { FolderSummaryNotification } from '../../server/src/lsp/protocol';

export type FolderSummary = FolderSummaryNotification.FolderSummary;

export type ServerState =
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'restarting'; crashes: number; maxRestarts: number }
  | { kind: 'stopped'; reason: string };

/** The folder's database as the last migration status (or apply) reported it. */
export interface DatabaseView {
  description: string;
  pending: number;
  /** Why the status could not be read. */
  error?: string;
}

/** What clicking the item does. */
export type StatusAction = 'showProblems' | 'applyPending' | 'restartServer' | 'showOutput';

export interface StatusView {
  text: string;
  tooltip: string;
  action: StatusAction;
  /** Drawn with the status bar's error or warning colours. */
  emphasis: 'error' | 'warning' | 'none';
}

export interface StatusInput {
  server: ServerState;
  /** The folder the status is about (the active editor's, else the first with migrations). */
  summary?: FolderSummary;
  /** The summaries of every folder, for the tooltip of a multi-root workspace. */
  allSummaries: readonly FolderSummary[];
  database?: DatabaseView;
  /** Shows a `file:` URI as a path. */
  displayPath: (uri: string) => string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeStatus(input: StatusInput): StatusView {
  const { server, summary, database } = input;
  if (server.kind === 'starting') return { text: '$(sync~spin) Electric', tooltip: 'ElectricSQL Migrations: the language server is starting', action: 'showOutput', emphasis: 'none' };
  if (server.kind === 'restarting') {
    return {
      text: '$(sync~spin) Electric: restarting',
      tooltip: `ElectricSQL Migrations: the language server stopped unexpectedly and is being restarted (crash ${server.crashes} of at most ${server.maxRestarts + 1} in 3 minutes). Click to show its log.`,
      action: 'showOutput',
      emphasis: 'warning',
    };
  }
  if (server.kind === 'stopped') {
    return { text: '$(error) Electric: server stopped', tooltip: `ElectricSQL Migrations: ${server.reason}. Click to restart the language server.`, action: 'restartServer', emphasis: 'error' };
  }
  if (!summary) return { text: '$(database) Electric', tooltip: 'ElectricSQL Migrations: no migrations directory found in this workspace yet', action: 'showProblems', emphasis: 'none' };

  const canApply = database !== undefined && database.error === undefined && database.pending > 0;
  let text = `$(database) Electric ${summary.electricVersion} $(error) ${summary.errors} $(warning) ${summary.warnings}`;
  if (database && database.error === undefined) text += database.pending > 0 ? ` $(arrow-up) ${database.pending} pending` : ' $(check) up to date';
  else if (database?.error !== undefined) text += ' $(debug-disconnect)';

  const lines = [`ElectricSQL ${summary.electricVersion} rules · ${summary.migrationFormat} layout`];
  lines.push(...folderLines(summary, input.displayPath));
  if (summary.configError) lines.push(`Config problem: ${summary.configError}`);
  if (database) lines.push(database.error !== undefined ? `Database: ${database.description}: ${database.error}` : `Database: ${database.description} · ${plural(database.pending, 'pending migration')}`);
  else lines.push('Database: none set (Apply Pending Migrations uses an embedded PGlite)');
  const others = input.allSummaries.filter((s) => s.folderUri !== summary.folderUri);
  for (const other of others) lines.push(`Also ${input.displayPath(other.folderUri)}: ${plural(other.errors, 'error')}, ${plural(other.warnings, 'warning')}`);
  lines.push(canApply ? 'Click to apply the pending migrations.' : 'Click to show the Problems panel.');

  return {
    text,
    tooltip: lines.join('\n'),
    action: canApply ? 'applyPending' : 'showProblems',
    emphasis: summary.configError ? 'warning' : 'none',
  };
}

function folderLines(summary: FolderSummary, displayPath: (uri: string) => string): string[] {
  const lines = [`Folder: ${displayPath(summary.folderUri)}`];
  lines.push(summary.migrationsDirectoryUri ? `Migrations: ${displayPath(summary.migrationsDirectoryUri)} (${plural(summary.files, 'file')}, ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')})` : 'Migrations: no migrations directory');
  lines.push(summary.configFileUri ? `Config: ${displayPath(summary.configFileUri)}` : 'Config: none (editor settings and defaults)');
  return lines;
}
