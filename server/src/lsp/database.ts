/**
 * The folders' databases, for the editor: applying pending migrations (and validating them on a throw-away PGlite)
 * through the apply engine, the history's problems as diagnostics, and a code lens on each migration saying where it
 * stands (applied when, pending, edited since applied, file missing). The client owns the database URL (secret
 * storage) and hands it over in memory; nothing here logs it. Status is read when the target is set, after each
 * apply, on save and on request — never by polling.
 */
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { ApplyReport, StatusReport } from '../migrations/apply';
import { readApplyInput } from '../migrations/applyInput';
import { applyFolder, describeEngineError, folderStatus, resolveTarget, validateFolder, type EngineFolder, type FolderEvent } from '../migrations/engine';
import { appliedAtOf, FILE_STATE_LABELS, type MigrationFileStatus } from '../migrations/plan';
import { describeTargetSpec, type Target, type TargetSpec } from '../migrations/target';
import { scratchDatabases } from '../migrations/targets/open';
import type { Diagnostic } from '../rules/types';
import type { MigrationService } from '../language/service';
import { toRange } from './convert';
import type { MigrationFolder } from './folder';
import type { OpenDocuments } from './documents';
import type { FolderSet } from './folders';
import { ApplyPendingRequest, type DatabaseTarget, MigrationStatusRequest, SetDatabaseNotification } from './protocol';
import { folderResolver } from './publish';
import { describeError, type Logger, runSafe, safeHandler } from './runSafe';
import { pathToUri, uriToPath } from './uris';

/** The rules only a database can report: the analysis of the texts never produces them. */
const DATABASE_RULES = new Set(['apply-failed', 'migration-edited', 'migration-missing', 'migration-out-of-order']);

interface FolderDatabase {
  target?: DatabaseTarget;
  status?: StatusReport;
  statusError?: string;
  /** Database work queued for the folder: one operation at a time (PGlite allows one session per directory). */
  queue: Promise<void>;
}

export interface DatabaseContext {
  connection: Connection;
  logger: Logger;
  documents: OpenDocuments;
  folders: FolderSet;
  service: MigrationService;
  /** Re-analyses and publishes a folder (after its external diagnostics changed). */
  republish(folder: MigrationFolder): void;
  /** Whether the client can refresh code lenses on request (`workspace/codeLens/refresh`). */
  codeLensRefresh(): boolean;
}

export interface FileLens {
  title: string;
  command?: { command: string; arguments: unknown[] };
}

/** The client commands a lens runs (the VS Code client registers them). */
export const APPLY_COMMAND = 'electricMigrations.applyPendingMigrations';
export const REFRESH_STATUS_COMMAND = 'electricMigrations.refreshMigrationStatus';

export class Databases {
  private readonly state = new Map<MigrationFolder, FolderDatabase>();
  private scratch?: { open(): Promise<Target> };

  constructor(private readonly ctx: DatabaseContext) {
    const { connection, logger } = ctx;
    connection.onNotification(
      SetDatabaseNotification.method,
      safeHandler(logger, 'setDatabase', async (params: SetDatabaseNotification.Params) => {
        const target = validTarget(params?.target);
        for (const folder of this.foldersOf(params?.folderUri)) {
          this.stateOf(folder).target = target ?? undefined;
          await this.refreshStatus(folder);
        }
      }),
    );
    connection.onRequest(MigrationStatusRequest.method, (params: MigrationStatusRequest.Params, token) =>
      runSafe(logger, 'migrationStatus', null as MigrationStatusRequest.Result | null, async () => {
        const [folder] = this.foldersOf(params?.folderUri);
        if (!folder) return null;
        await this.refreshStatus(folder);
        return this.statusResult(folder);
      }, token),
    );
    connection.onRequest(ApplyPendingRequest.method, (params: ApplyPendingRequest.Params, token) =>
      runSafe(logger, 'applyPending', null as ApplyPendingRequest.Result | null, async () => {
        const [folder] = this.foldersOf(params?.folderUri);
        if (!folder) return null;
        const progress = connection.window.attachWorkDoneProgress(params?.workDoneToken);
        return this.apply(folder, params?.dryRun === true, params?.allowErrors === true, token, progress);
      }),
    );
  }

  private foldersOf(uri: unknown): MigrationFolder[] {
    const wanted = uriToPath(uri);
    const all = this.ctx.folders.workspaceFolders().filter((f) => f.directory !== undefined);
    if (!wanted) return all;
    return all.filter((f) => f.root === wanted || f.contains(wanted));
  }

  private stateOf(folder: MigrationFolder): FolderDatabase {
    let state = this.state.get(folder);
    if (!state) this.state.set(folder, (state = { queue: Promise.resolve() }));
    return state;
  }

  private spec(folder: MigrationFolder): TargetSpec | undefined {
    const target = this.state.get(folder)?.target;
    if (!target) return undefined;
    if (target.kind === 'pglite') return resolveTarget({ kind: 'pglite', directory: target.pgliteDirectory }, folder.root);
    return target.url ? resolveTarget({ kind: target.kind, url: target.url }, folder.root) : undefined;
  }

  /**
   * The folder as the engine reads it: from disk (what `pg-migrations` would apply), with display paths. Only
   * folders with a migrations directory get here (`foldersOf`).
   */
  private engineFolder(folder: MigrationFolder): EngineFolder {
    return { directory: folder.directory ?? folder.root, display: (absolute) => folder.display(absolute) };
  }

  /** Runs database work for a folder one at a time, in the order asked. */
  private exclusive<T>(folder: MigrationFolder, work: () => Promise<T>): Promise<T> {
    const state = this.stateOf(folder);
    const run = state.queue.then(work);
    state.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Reads the history of the folder's database; its problems become diagnostics, its rows code lenses. */
  refreshStatus(folder: MigrationFolder): Promise<void> {
    return this.exclusive(folder, () => this.readStatus(folder));
  }

  private async readStatus(folder: MigrationFolder): Promise<void> {
    const state = this.stateOf(folder);
    const spec = this.spec(folder);
    state.status = undefined;
    state.statusError = undefined;
    if (spec) {
      try {
        state.status = (await folderStatus(this.engineFolder(folder), spec)).report;
      } catch (error) {
        state.statusError = describeEngineError(error, spec);
        this.ctx.logger.log(`migration status of ${folder.root}: ${state.statusError}`);
      }
    }
    this.publish(folder, 'history', state.status?.diagnostics ?? []);
    if (this.ctx.codeLensRefresh()) void this.ctx.connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
  }

  /** After a save: the history may now differ from the text (edited since applied), and validation may be due. */
  async saved(folder: MigrationFolder): Promise<void> {
    if (this.state.get(folder)?.target) await this.refreshStatus(folder);
    if (folder.settings.validateWithPglite) await this.apply(folder, true, true, undefined, undefined).catch((error) => this.ctx.logger.error(`validation failed: ${describeError(error)}`));
  }

  private statusResult(folder: MigrationFolder): MigrationStatusRequest.Result {
    const state = this.stateOf(folder);
    const spec = this.spec(folder);
    const uri = (file: string) => pathToUri(folder.absolute(file));
    const status = state.status;
    return {
      description: status?.description ?? (spec ? describeSpec(spec) : 'no database set'),
      target: spec?.kind ?? 'pglite',
      applied: (status?.applied ?? []).map((a) => ({ name: a.name, ...(a.path ? { uri: uri(a.path) } : {}), appliedAt: a.appliedAt.toISOString() })),
      pending: (status?.pending ?? this.pendingWithoutDatabase(folder)).map((f) => ({ name: f.name, uri: uri(f.path) })),
      files: (status?.files ?? []).map((f) => ({ name: f.name, uri: uri(f.path), state: f.state.kind, ...protocolAppliedAt(f) })),
      problems: status?.diagnostics.filter((d) => d.severity === 'error').length ?? 0,
      ...(state.statusError ? { error: state.statusError } : !spec ? { error: 'no database is set for this folder' } : {}),
    };
  }

  private pendingWithoutDatabase(folder: MigrationFolder): { name: string; path: string }[] {
    try {
      const { directory, display } = this.engineFolder(folder);
      return readApplyInput(directory, display).files.map((f) => ({ name: f.name, path: f.path }));
    } catch {
      return [];
    }
  }

  /** Applies (or validates) the pending migrations, then reads the status again. */
  private async apply(folder: MigrationFolder, dryRun: boolean, allowErrors: boolean, token: CancellationToken | undefined, progress: WorkDoneProgressReporter | undefined): Promise<ApplyPendingRequest.Result> {
    const result = await this.exclusive(folder, () => this.run(folder, dryRun, allowErrors, token, progress));
    if (!dryRun) await this.refreshStatus(folder);
    return result;
  }

  private async run(folder: MigrationFolder, dryRun: boolean, allowErrors: boolean, token: CancellationToken | undefined, progress: WorkDoneProgressReporter | undefined): Promise<ApplyPendingRequest.Result> {
    const spec = this.spec(folder) ?? (dryRun ? undefined : resolveTarget({ kind: 'pglite' }, folder.root));
    const resolver = folderResolver(folder, this.ctx.documents);
    progress?.begin(dryRun ? 'Validating pending migrations' : 'Applying pending migrations', 0, spec ? describeSpec(spec) : 'PGlite', true);
    let report: ApplyReport;
    try {
      const options = { lint: folder.settings.lint, allowErrors, parser: this.ctx.service.parser };
      let total = 0;
      const callbacks = {
        // The client cancels the request (its progress notification's Cancel button): checked between files.
        isCancelled: () => token?.isCancellationRequested === true,
        confirm: async () => true,
        onProgress: (event: FolderEvent) => {
          if (event.kind === 'planned') total = event.pending.length;
          if (event.kind === 'fileStarted') progress?.report(total > 0 ? Math.round((100 * (event.position - 1)) / total) : 0, `${event.file.name} (${event.position} of ${event.total})`);
          if (event.kind === 'fileApplied') this.ctx.logger.log(`${dryRun ? 'validated' : 'applied'} ${event.file.name} in ${Math.round(event.ms)} ms`);
          if (event.kind === 'fileFailed') this.ctx.logger.log(`${event.file.name} failed: ${event.diagnostic.message}`);
        },
      };
      this.scratch ??= scratchDatabases();
      const scratch = this.scratch;
      const engineFolder = this.engineFolder(folder);
      ({ report } = dryRun
        ? await validateFolder(engineFolder, spec, { ...options, scratch: () => scratch.open() }, callbacks)
        : await applyFolder(engineFolder, spec!, options, callbacks));
    } catch (error) {
      progress?.done();
      const reason = describeEngineError(error, spec);
      return { outcome: 'refused', reason, description: spec ? describeSpec(spec) : 'PGlite', applied: [], pending: [], skippedDdlx: [], errors: 0 };
    }
    progress?.done();
    this.publish(folder, dryRun ? 'validation' : 'apply', report.diagnostics.filter((d) => DATABASE_RULES.has(d.code)));
    const uri = (file: string) => pathToUri(folder.absolute(file));
    return {
      outcome: report.outcome,
      ...(report.reason ? { reason: report.reason } : {}),
      description: report.description,
      applied: report.applied.map((f) => ({ name: f.name, uri: uri(f.path), ms: Math.round(f.ms) })),
      pending: report.pending.map((f) => ({ name: f.name, uri: uri(f.path) })),
      skippedDdlx: report.skippedDdlx.flatMap((s) => {
        const document = resolver.document(s.file);
        return document ? [{ uri: uri(s.file), range: toRange(document, s.span), statement: s.statement }] : [];
      }),
      errors: report.diagnostics.filter((d) => d.severity === 'error').length,
    };
  }

  /** Hands a source's diagnostics to the folder's workspace and republishes. */
  private publish(folder: MigrationFolder, source: string, diagnostics: readonly Diagnostic[]): void {
    const byPath = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) byPath.set(d.file, [...(byPath.get(d.file) ?? []), d]);
    folder.workspace.setExternalDiagnostics(source, byPath);
    this.ctx.republish(folder);
  }

  /**
   * The code lens at the top of a migration file, when the folder has a database whose history was read: the
   * file's state in the same words `status` prints (`FILE_STATE_LABELS`). Recorded migrations whose file is gone
   * have no file to carry a lens, so the first file's lens names them.
   */
  lensFor(folder: MigrationFolder, file: string): FileLens | undefined {
    const state = this.state.get(folder);
    if (!state?.target) return undefined;
    const refresh = { command: REFRESH_STATUS_COMMAND, arguments: [folder.uri] };
    if (state.statusError) return { title: `database: ${state.statusError}`, command: refresh };
    const status = state.status;
    if (!status) return undefined;
    const present = status.files.filter((f) => f.state.kind !== 'file-missing');
    const missing = status.files.filter((f) => f.state.kind === 'file-missing');
    const entry = present.find((f) => f.path === file);
    if (!entry) return undefined;
    const missingNote = missing.length > 0 && entry === present[0] ? ` · ${FILE_STATE_LABELS['file-missing']}: ${missing.map((m) => m.name).join(', ')}` : '';
    const label = FILE_STATE_LABELS[entry.state.kind];
    switch (entry.state.kind) {
      case 'applied':
        return { title: `${label} ${formatDate(entry.state.appliedAt)} · ${status.description}${missingNote}`, command: refresh };
      case 'pending':
        return { title: `${label} · Apply to ${status.description}${missingNote}`, command: { command: APPLY_COMMAND, arguments: [folder.uri] } };
      case 'edited':
        return { title: `${label} (${formatDate(entry.state.appliedAt)})${missingNote}`, command: refresh };
      case 'out-of-order':
        return { title: `${label}: ${entry.state.appliedAfter} after it is applied${missingNote}`, command: refresh };
      case 'duplicate-index':
      case 'file-missing':
        return { title: `${label}${missingNote}`, command: refresh };
    }
  }
}

function protocolAppliedAt(file: MigrationFileStatus): { appliedAt?: string } {
  const at = appliedAtOf(file.state);
  return at ? { appliedAt: at.toISOString() } : {};
}

function formatDate(date: Date | undefined): string {
  if (!date) return 'unknown time';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function describeSpec(spec: TargetSpec): string {
  return `${spec.kind === 'electric-proxy' ? "Electric's proxy at " : ''}${describeTargetSpec(spec)}`;
}

function validTarget(value: unknown): DatabaseTarget | null {
  const t = value as DatabaseTarget | null | undefined;
  if (!t || typeof t !== 'object') return null;
  if (t.kind === 'pglite') return { kind: 'pglite', ...(typeof t.pgliteDirectory === 'string' ? { pgliteDirectory: t.pgliteDirectory } : {}) };
  if ((t.kind === 'postgres' || t.kind === 'electric-proxy') && typeof t.url === 'string' && t.url !== '') return { kind: t.kind, url: t.url };
  return null;
}
