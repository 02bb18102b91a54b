/**
 * The folders' databases, for the editor: applying pending migrations (and validating them on a throw-away PGlite)
 * through the apply engine, the history's problems as diagnostics, and a code lens on each migration saying where it
 * stands (applied when, pending, edited since applied, file missing). The client owns the database URL (secret
 * storage) and hands it over in memory; nothing here logs it. Status is read when the target is set, after each
 * apply, on save and on request — never by polling.
 */
import path from 'node:path';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { applyMigrations, dryRunMigrations, migrationStatus, type ApplyEvent, type ApplyReport, type StatusReport } from '../migrations/apply';
import { ApplyInputError, readApplyInput, type ApplyInput } from '../migrations/applyInput';
import { ApplyStartError, maskUrl, type Target, type TargetSpec } from '../migrations/target';
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

/** Where PGlite keeps its data for a folder when the client names no directory (the CLI's default too). */
const DEFAULT_PGLITE_DIRECTORY = '.electric-migrations/pglite';

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
    if (target.kind === 'pglite') return { kind: 'pglite', dataDir: path.resolve(folder.root, target.pgliteDirectory ?? DEFAULT_PGLITE_DIRECTORY) };
    return target.url ? { kind: target.kind, url: target.url } : undefined;
  }

  /** The migrations as an apply reads them: from disk (what `pg-migrations` would apply), with display paths. */
  private input(folder: MigrationFolder): ApplyInput {
    if (!folder.directory) throw new ApplyInputError('this folder has no migrations directory');
    return readApplyInput(folder.directory, (absolute) => folder.display(absolute));
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
        state.status = await migrationStatus({ ...this.input(folder), target: spec });
      } catch (error) {
        state.statusError = this.describe(error, spec);
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
      problems: status?.diagnostics.filter((d) => d.severity === 'error').length ?? 0,
      ...(state.statusError ? { error: state.statusError } : !spec ? { error: 'no database is set for this folder' } : {}),
    };
  }

  private pendingWithoutDatabase(folder: MigrationFolder): { name: string; path: string }[] {
    try {
      return this.input(folder).files.map((f) => ({ name: f.name, path: f.path }));
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
    const spec = this.spec(folder) ?? (dryRun ? undefined : { kind: 'pglite' as const, dataDir: path.resolve(folder.root, DEFAULT_PGLITE_DIRECTORY) });
    const resolver = folderResolver(folder, this.ctx.documents);
    progress?.begin(dryRun ? 'Validating pending migrations' : 'Applying pending migrations', 0, spec ? describeSpec(spec) : 'PGlite', true);
    let report: ApplyReport;
    try {
      const input = this.input(folder);
      const request = { ...input, lint: folder.settings.lint, allowErrors, parser: this.ctx.service.parser };
      let total = 0;
      const callbacks = {
        // The client cancels the request (its progress notification's Cancel button): checked between files.
        isCancelled: () => token?.isCancellationRequested === true,
        confirm: async () => true,
        onProgress: (event: ApplyEvent) => {
          if (event.kind === 'planned') total = event.pending.length;
          if (event.kind === 'fileStarted') progress?.report(total > 0 ? Math.round((100 * (event.position - 1)) / total) : 0, `${event.file.name} (${event.position} of ${event.total})`);
          if (event.kind === 'fileApplied') this.ctx.logger.log(`${dryRun ? 'validated' : 'applied'} ${event.file.name} in ${Math.round(event.ms)} ms`);
          if (event.kind === 'fileFailed') this.ctx.logger.log(`${event.file.name} failed: ${event.diagnostic.message}`);
        },
      };
      this.scratch ??= scratchDatabases();
      report = dryRun
        ? await dryRunMigrations({ ...request, ...(spec ? { target: spec } : {}), scratch: () => this.scratch!.open() }, callbacks)
        : await applyMigrations({ ...request, target: spec! }, callbacks);
    } catch (error) {
      progress?.done();
      const reason = this.describe(error, spec);
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

  /** One line, the password masked, for a run that could not start. */
  private describe(error: unknown, spec: TargetSpec | undefined): string {
    if (error instanceof ApplyInputError || error instanceof ApplyStartError) return error.message;
    const text = error instanceof Error ? error.message : String(error);
    return spec && 'url' in spec ? text.split(spec.url).join(maskUrl(spec.url)) : text;
  }

  /** The code lens at the top of a migration file, when the folder has a database whose history was read. */
  lensFor(folder: MigrationFolder, file: string): FileLens | undefined {
    const state = this.state.get(folder);
    if (!state?.target) return undefined;
    if (state.statusError) return { title: `database: ${state.statusError}`, command: { command: REFRESH_STATUS_COMMAND, arguments: [folder.uri] } };
    const status = state.status;
    if (!status) return undefined;
    const refresh = { command: REFRESH_STATUS_COMMAND, arguments: [folder.uri] };
    const name = file.slice(file.lastIndexOf('/') + 1);
    const edited = status.diagnostics.some((d) => d.file === file && d.code === 'migration-edited');
    const applied = status.applied.find((a) => a.path === file || a.name === name);
    const missing = status.applied.filter((a) => !a.path);
    const first = status.applied.find((a) => a.path)?.path ?? status.pending[0]?.path;
    const missingNote = missing.length > 0 && file === first ? ` · applied, file missing: ${missing.map((m) => m.name).join(', ')}` : '';
    if (edited) return { title: `edited since applied (${formatDate(applied?.appliedAt)})${missingNote}`, command: refresh };
    if (applied) return { title: `applied ${formatDate(applied.appliedAt)} · ${status.description}${missingNote}`, command: refresh };
    if (status.pending.some((p) => p.path === file)) return { title: `pending · Apply to ${status.description}${missingNote}`, command: { command: APPLY_COMMAND, arguments: [folder.uri] } };
    return undefined;
  }
}

function formatDate(date: Date | undefined): string {
  if (!date) return 'unknown time';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function describeSpec(spec: TargetSpec): string {
  return spec.kind === 'pglite' ? `PGlite in ${spec.dataDir}` : `${spec.kind === 'electric-proxy' ? "Electric's proxy at " : ''}${maskUrl(spec.url)}`;
}

function validTarget(value: unknown): DatabaseTarget | null {
  const t = value as DatabaseTarget | null | undefined;
  if (!t || typeof t !== 'object') return null;
  if (t.kind === 'pglite') return { kind: 'pglite', ...(typeof t.pgliteDirectory === 'string' ? { pgliteDirectory: t.pgliteDirectory } : {}) };
  if ((t.kind === 'postgres' || t.kind === 'electric-proxy') && typeof t.url === 'string' && t.url !== '') return { kind: t.kind, url: t.url };
  return null;
}
