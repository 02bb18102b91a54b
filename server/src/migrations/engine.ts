/**
 * The engine's API for a migrations folder on disk: `folderStatus`, `applyFolder` and `validateFolder`. The CLI
 * (`cli/applyCommand.ts`) and the language server (`lsp/database.ts`) both call these, so reading the folder (only
 * pg-migrations layouts, exact text), choosing the target and planning against the history happen in one place;
 * each caller only prints or converts the report. `apply.ts` below it works on files already in memory (its tests
 * feed it sources directly).
 */
import path from 'node:path';
import type { LintSettings } from '../rules/context';
import type { Parser } from '../syntax/parse';
import {
  applyMigrations,
  dryRunMigrations,
  migrationStatus,
  type ApplyEvent,
  type ApplyReport,
  type EngineCallbacks,
  type StatusReport,
  type TargetInput,
} from './apply';
import { ApplyInputError, readApplyInput, type ApplyInput } from './applyInput';
import { ApplyStartError, maskUrl, type Target, type TargetKind, type TargetSpec } from './target';

/** Where PGlite keeps its data when no directory is named, under the working directory or workspace folder. */
export const DEFAULT_PGLITE_DIRECTORY = '.electric-migrations/pglite';

/** A migrations folder as a caller knows it. */
export interface EngineFolder {
  /** The migrations directory, absolute. */
  directory: string;
  /** How an absolute path is written in diagnostics (the CLI: relative to its working directory). */
  display(absolute: string): string;
}

/** Which database a user chose, before paths are resolved (the CLI's flags, the editor's target setting). */
export type DatabaseChoice = { kind: 'pglite'; directory?: string } | { kind: Exclude<TargetKind, 'pglite'>; url: string };

/** The target of a choice; a relative PGlite directory is taken under `base`. */
export function resolveTarget(choice: DatabaseChoice, base: string): TargetSpec {
  if (choice.kind === 'pglite') return { kind: 'pglite', dataDir: path.resolve(base, choice.directory ?? DEFAULT_PGLITE_DIRECTORY) };
  return { kind: choice.kind, url: choice.url };
}

export interface EngineOptions {
  /** Connect timeout for Postgres URLs (default: the URL's connect_timeout, PGCONNECT_TIMEOUT, else 10 s). */
  connectTimeoutMs?: number;
}

export interface LintingOptions extends EngineOptions {
  lint: LintSettings;
  /** Apply despite error-level lint diagnostics in pending files (history problems still refuse). */
  allowErrors?: boolean;
  /** A parser whose statement cache already holds the files (the language server's); default: a new one. */
  parser?: Parser;
}

export interface ValidateOptions extends LintingOptions {
  /** Opens the throw-away database (default: a fresh in-memory PGlite). */
  scratch?: () => Promise<Target>;
}

/** The run's progress, first of all the folder as read (before any connection). */
export type FolderEvent = { kind: 'read'; files: number; texts: ReadonlyMap<string, string> } | ApplyEvent;

export interface FolderCallbacks extends Omit<EngineCallbacks, 'onProgress'> {
  onProgress?(event: FolderEvent): void;
}

/** A report and the texts it was made from (by display path, no byte-order mark), to place its diagnostics. */
export interface EngineResult<Report> {
  report: Report;
  texts: ReadonlyMap<string, string>;
}

/** Applied, pending and problem files of the folder against the target's history. Reads only. */
export async function folderStatus(
  folder: EngineFolder,
  target: TargetInput,
  options: EngineOptions = {},
  callbacks: Pick<FolderCallbacks, 'onProgress'> = {},
): Promise<EngineResult<StatusReport>> {
  const input = readFolder(folder, callbacks);
  const report = await migrationStatus({ files: input.files, directory: input.directory, target, ...options }, callbacks);
  return { report, texts: input.texts };
}

/** Applies the folder's pending migrations to the target (see `applyMigrations`). */
export async function applyFolder(
  folder: EngineFolder,
  target: TargetInput,
  options: LintingOptions,
  callbacks: FolderCallbacks = {},
): Promise<EngineResult<ApplyReport>> {
  const input = readFolder(folder, callbacks);
  const report = await applyMigrations({ files: input.files, directory: input.directory, target, ...options }, callbacks);
  return { report, texts: input.texts };
}

/**
 * Runs the folder's pending migrations on a throw-away PGlite after replaying what the target's history records
 * (none without a target); the target is only read.
 */
export async function validateFolder(
  folder: EngineFolder,
  target: TargetInput | undefined,
  options: ValidateOptions,
  callbacks: FolderCallbacks = {},
): Promise<EngineResult<ApplyReport>> {
  const input = readFolder(folder, callbacks);
  const report = await dryRunMigrations({ files: input.files, directory: input.directory, ...(target ? { target } : {}), ...options }, callbacks);
  return { report, texts: input.texts };
}

function readFolder(folder: EngineFolder, callbacks: Pick<FolderCallbacks, 'onProgress'>): ApplyInput {
  const input = readApplyInput(folder.directory, folder.display);
  callbacks.onProgress?.({ kind: 'read', files: input.files.length, texts: input.texts });
  return input;
}

/**
 * One line for a run that could not start: the engine's own errors say it already; anything else (a driver
 * message) has the target's URL replaced by its masked form, since drivers may echo the connection string.
 */
export function describeEngineError(error: unknown, spec: TargetSpec | undefined): string {
  if (error instanceof ApplyInputError || error instanceof ApplyStartError) return error.message;
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  return spec && spec.kind !== 'pglite' ? text.split(spec.url).join(maskUrl(spec.url)) : text;
}
