/**
 * The migration set as the language service sees it: the files in migration order, each with its parse, the
 * schema before it (a frozen catalog snapshot), its findings and the schema after it.
 *
 * Incremental by construction. An edit of file k re-parses only the statements whose text changed (the parser's
 * cache has the rest) and checks file k again from the snapshot before it; a later file is checked again only when
 * the schema it starts from changed (`Catalog.sameSchema`, which treats a definition that merely moved as the same).
 * Recorded places are kept relative to their statement's anchor, and the anchors of unchanged statements follow
 * their statements, so results kept for later files stay right. Checks that need the whole set (`later`) run again
 * after every analysis, against the final schema; they are few and cheap.
 */
import { displayMessage } from '../util/displayText';
import { classifyDocuments, compareInSequence, downPartStart, type Layout, type LayoutFolder, type MigrationFormat } from '../migrations/layout';
import { migrationFileRules, type LintSettings, type MigrationFile, type MigrationRole } from '../rules/index';
import { rulePolicy, type RulePolicy } from '../rules/policy';
import { applySuppressions } from '../rules/suppression';
import type { Diagnostic, Finding } from '../rules/types';
import { Catalog } from '../schema/catalog';
import type { StatementAnchor } from '../schema/model';
import type { Parser } from '../syntax/parse';
import type { ParsedFile } from '../syntax/parsed';
import type { CheckStore, StoredCheck } from './checkStore';
import { checkFile, deferredFindings, type FileCheck, findingsOf, hasDeferred, occurrencesIn, schemaBefore } from './fileCheck';
import { occurrencesOf, type Occurrence } from './occurrences';

/** A migration file's text and the path shown to the user (diagnostics carry it back unchanged). */
export interface WorkspaceDocument {
  path: string;
  text: string;
}

export interface WorkspaceOptions {
  parser: Parser;
  settings: LintSettings;
  /**
   * The migrations directory, written the way the documents' paths are. Documents directly inside it form the
   * migration sequence; others are linted each on their own. Undefined: every document is in it; null: there is none.
   */
  migrationsDirectory?: string | null;
  /** Its layout; undefined: detected from its files. */
  migrationFormat?: MigrationFormat;
  /** Context folders, folded first (syntax diagnostics only). */
  contextDirectories?: readonly LayoutFolder[];
  /** Findings of earlier runs (the CLI's cache): a file found there is folded but not checked. */
  checkStore?: CheckStore;
}

/** Machine-independent counters, for the tests that hold incremental work to a budget. */
export interface WorkspaceStats {
  analyses: number;
  /** Files whose statements were checked (again). */
  filesChecked: number;
  /** Statements checked (again); a check that resumes inside a file counts only what it re-did. */
  statementsChecked: number;
  /** Files whose findings came from the check store (folded, not checked). */
  filesFromStore: number;
}

/** One file of the workspace, as the language features read it. */
export interface WorkspaceFile extends MigrationFile {
  text: string;
  /** One anchor per statement of `parsed`, in order. */
  anchors: readonly StatementAnchor[];
  /** The schema before the file's first statement. */
  before: Catalog;
  /** The schema after its last statement (for a misnamed file, which is never applied: the same as `before`). */
  after: Catalog;
  /** The tables, columns, roles and types its statements name, in order. */
  occurrences: readonly Occurrence[];
}

interface FileState {
  readonly path: string;
  name: string;
  role: MigrationRole;
  format: MigrationFormat;
  version?: bigint;
  contextIndex?: number;
  /** Whether its text holds the markers layouts are detected by (a change means classifying again). */
  markers: string;
  text: string;
  parsed?: ParsedFile;
  /** The text `parsed` was made from. */
  parsedText?: string;
  anchors: StatementAnchor[];
  /** Parsed again since the last check. */
  changed: boolean;
  before?: Catalog;
  after?: Catalog;
  /** The last check of its statements (migrations and standalone files). */
  check?: FileCheck;
  /** How the current parse relates to the one `check` was made from (for resuming inside the file). */
  edit?: { head: number; tail: number; previousCount: number };
  /** Findings of `check`, at their statements' current places. */
  statementFindings: Finding[];
  /**
   * The check store's view of the last check: the fingerprint of the schema it started from, and the stored
   * check it was taken from (absent when it ran here and is still to be saved).
   */
  stored?: { before: string; hit?: StoredCheck };
  occurrences: Occurrence[];
  /** What `deferred` found against the final schema it last ran with. */
  deferredFindings: Finding[];
  /** The final schema `deferredFindings` were computed against. */
  deferredAgainst?: Catalog;
  fileFindings: Finding[];
  diagnostics: Diagnostic[];
  /** Changes when the file's text is parsed again. */
  textRevision: number;
  /** Changes when its diagnostics change. */
  diagnosticsRevision: number;
  /** Files its diagnostics' related information points into (their positions move with those texts). */
  relatedFiles: string[];
  /** Its findings changed since its diagnostics were assembled. */
  stale: boolean;
  /** Diagnostics from outside the analysis (a database's history, an apply), by source. */
  external: Map<string, Diagnostic[]>;
}

export class MigrationWorkspace {
  private readonly parser: Parser;
  private settings: LintSettings;
  private policy: RulePolicy;
  private layout: Layout;
  private format: MigrationFormat = 'pg-migrations';
  private readonly files = new Map<string, FileState>();
  private sequence: FileState[] = [];
  private final: Catalog;
  private readonly empty = new Catalog().freeze();
  private listingChanged = true;
  private settingsChanged = true;
  private dirty = true;
  readonly stats: WorkspaceStats = { analyses: 0, filesChecked: 0, statementsChecked: 0, filesFromStore: 0 };
  private readonly store?: CheckStore;

  constructor(options: WorkspaceOptions) {
    this.parser = options.parser;
    this.store = options.checkStore;
    this.settings = options.settings;
    this.policy = rulePolicy(options.settings);
    this.layout = { directory: options.migrationsDirectory, format: options.migrationFormat, context: options.contextDirectories ?? [] };
    this.final = this.empty;
  }

  // ---- changes (cheap: the work happens in `analyse`, so that fast typing is coalesced)

  /** Which folders take part and how they are laid out. */
  setLayout(layout: Layout): void {
    const next = { directory: layout.directory, format: layout.format, context: layout.context ?? [] };
    if (JSON.stringify(next) === JSON.stringify(this.layout)) return;
    this.layout = next;
    this.listingChanged = true;
    this.dirty = true;
  }

  /** The migrations directory's layout, as given or detected by the last analysis. */
  get migrationFormat(): MigrationFormat {
    return this.format;
  }

  /** Replaces the whole set of documents; files whose text is unchanged keep their results. */
  setDocuments(documents: readonly WorkspaceDocument[], migrationsDirectory?: string | null): void {
    if (migrationsDirectory !== undefined) this.setLayout({ ...this.layout, directory: migrationsDirectory });
    const texts = new Map<string, string>();
    // A path given twice keeps its first text.
    for (const document of documents) if (!texts.has(document.path)) texts.set(document.path, document.text);
    for (const path of [...this.files.keys()]) if (!texts.has(path)) this.removeDocument(path);
    for (const [path, text] of texts) this.setDocument(path, text);
  }

  /** Adds a document, or changes its text. */
  setDocument(path: string, text: string): void {
    const file = this.files.get(path);
    const markers = markersOf(text);
    if (file) {
      if (file.text === text) return;
      file.text = text;
      if (file.markers !== markers) {
        file.markers = markers;
        this.listingChanged = true;
      }
    } else {
      this.files.set(path, {
        path,
        name: '',
        role: 'standalone',
        format: 'pg-migrations',
        markers,
        text,
        anchors: [],
        changed: true,
        statementFindings: [],
        occurrences: [],
        deferredFindings: [],
        fileFindings: [],
        diagnostics: [],
        textRevision: 0,
        diagnosticsRevision: 0,
        relatedFiles: [],
        stale: true,
        external: new Map(),
      });
      this.listingChanged = true;
    }
    this.dirty = true;
  }

  removeDocument(path: string): void {
    if (this.files.delete(path)) {
      this.listingChanged = true;
      this.dirty = true;
    }
  }

  /**
   * Diagnostics from outside the analysis — what a database's history says (`migration-edited`, …) or what an apply
   * or a validation found (`apply-failed`) — by source. They describe a file's text as it was: a file's are dropped
   * as soon as its text changes.
   */
  setExternalDiagnostics(source: string, byPath: ReadonlyMap<string, readonly Diagnostic[]>): void {
    for (const file of this.files.values()) {
      const next = byPath.get(file.path);
      const had = file.external.has(source);
      if (next && next.length > 0) file.external.set(source, [...next]);
      else if (had) file.external.delete(source);
      else continue;
      file.stale = true;
      this.dirty = true;
    }
  }

  setSettings(settings: LintSettings): void {
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.policy = rulePolicy(settings);
    this.settingsChanged = true;
    this.dirty = true;
  }

  get currentSettings(): LintSettings {
    return this.settings;
  }

  // ---- analysis

  /** Brings every result up to date with the documents; does nothing when nothing changed. */
  analyse(): void {
    if (!this.dirty) return;
    this.stats.analyses++;
    if (this.listingChanged) this.classify();
    const reparsed = new Set<string>();
    for (const file of this.files.values()) {
      if (file.parsedText === file.text) continue;
      this.reparse(file);
      reparsed.add(file.path);
    }

    const directory = [...this.files.values()].filter((f) => f.role !== 'standalone' && f.role !== 'context');
    const byVersion = new Map<bigint, MigrationFile[]>();
    for (const f of this.sequence) if (f.role === 'migration' && f.version !== undefined) byVersion.set(f.version, [...(byVersion.get(f.version) ?? []), this.view(f)]);
    const directoryViews = directory.map((f) => this.view(f));
    for (const file of this.files.values()) {
      if (file.changed || this.listingChanged) {
        file.fileFindings = migrationFileRules({ file: this.view(file), directory: directoryViews, filesByVersion: byVersion });
        file.stale = true;
      }
    }

    let current = this.empty;
    for (const file of this.sequence) {
      const sameStart = file.before !== undefined && current.sameSchema(file.before);
      const reusable = !file.changed && !this.settingsChanged && sameStart && file.after;
      // Only the text changed: resume inside the file from the last snapshot before the edit.
      if (!reusable) this.check(file, current, sameStart && !this.settingsChanged);
      current = file.after!;
    }
    this.final = current;
    for (const file of this.files.values()) {
      if (file.role === 'standalone' && (file.changed || this.settingsChanged || !file.after)) this.check(file, this.empty, !this.settingsChanged);
      if (file.role === 'misnamed' || file.role === 'rollback') {
        // Never applied, so never folded; its names still resolve, against the schema of the whole set.
        if (file.changed || file.before !== this.final) {
          file.occurrences = file.parsed!.statements.flatMap((s, i) => (s.ast ? occurrencesOf(s.ast, this.final, file.anchors[i]) : []));
        }
        file.before = file.after = this.final;
      }
    }
    for (const file of this.files.values()) {
      // Checks that need the final schema run again only when it is a different one (or the file was checked).
      const final = file.role === 'standalone' ? file.after! : this.final;
      if ((file.role === 'migration' || file.role === 'standalone') && file.check && (file.stale || file.deferredAgainst !== final)) {
        file.deferredFindings = this.deferredOf(file, final);
        file.deferredAgainst = final;
        file.stale = true;
      }
      // Assembling is per file and cheap, but not free across thousands of files: only where something can differ.
      const moved = file.relatedFiles.some((f) => reparsed.has(f));
      if (file.stale || moved || this.settingsChanged) this.assemble(file);
      file.changed = false;
    }
    this.listingChanged = this.settingsChanged = this.dirty = false;
  }

  private classify(): void {
    const { documents, format } = classifyDocuments([...this.files.values()].map((f) => ({ path: f.path, text: f.text })), this.layout);
    this.format = format;
    const kept = new Set(documents.map((c) => c.path));
    for (const c of documents) {
      const file = this.files.get(c.path)!;
      if (file.role !== c.role || file.version !== c.version || file.format !== c.format || file.contextIndex !== c.contextIndex) {
        file.changed = true;
        // drizzle cuts statements at its breakpoints: a file that changes layout is parsed again.
        if ((file.format === 'drizzle') !== (c.format === 'drizzle')) file.parsedText = undefined;
      }
      file.name = c.name;
      if (c.role !== 'migration' && c.role !== 'context' && c.role !== 'standalone') file.check = undefined;
      file.role = c.role;
      file.format = c.format;
      file.version = c.version;
      file.contextIndex = c.contextIndex;
    }
    // Files their tool ignores (`_` files of pg-migrations, others in context folders) take no part at all.
    for (const path of [...this.files.keys()]) if (!kept.has(path)) this.files.delete(path);
    const order = new Map(documents.map((c) => [c.path, c]));
    this.sequence = [...this.files.values()].filter((f) => f.role === 'migration' || f.role === 'context').sort((a, b) => compareInSequence(order.get(a.path)!, order.get(b.path)!));
  }

  /**
   * Parses a file's new text. Statements in the unchanged head and tail of the file keep their anchors (moved to
   * their new offsets), so every recorded place in them stays valid without re-folding what depends on them.
   */
  private reparse(file: FileState): void {
    const parsed = this.parser.parseFile(file.text, { breakpoints: file.format === 'drizzle' });
    const next = parsed.statements;
    const previous = file.parsed?.statements ?? [];
    const anchors: (StatementAnchor | undefined)[] = new Array(next.length);
    let head = 0;
    while (head < next.length && head < previous.length && next[head].text === previous[head].text) {
      anchors[head] = file.anchors[head];
      head++;
    }
    let tail = 0;
    while (tail < next.length - head && tail < previous.length - head && next[next.length - 1 - tail].text === previous[previous.length - 1 - tail].text) {
      anchors[next.length - 1 - tail] = file.anchors[previous.length - 1 - tail];
      tail++;
    }
    file.anchors = next.map((statement, i) => {
      const anchor = anchors[i];
      if (!anchor) return { file: file.path, start: statement.span.start };
      anchor.start = statement.span.start;
      return anchor;
    });
    // Several reparses between two checks (no analysis in between) cannot be chained: check the file whole.
    file.edit = file.parsedText === undefined || file.edit ? undefined : { head, tail, previousCount: previous.length };
    if (!file.check) file.edit = undefined;
    file.parsed = parsed;
    file.parsedText = file.text;
    file.changed = true;
    file.stale = true;
    file.external.clear();
    file.textRevision++;
  }

  /** Checks one file from `before`; `resumable` when only its text may have changed since its last check. */
  private check(file: FileState, before: Catalog, resumable: boolean, fromStore = true): void {
    const resume = resumable && file.check && file.edit ? { previous: file.check, ...file.edit } : undefined;
    // A context folder's statements only build the schema; a rollback part is neither folded nor checked.
    const options = { checks: file.role !== 'context', until: downPartStart(file.parsed!.comments)?.start };
    const storable = this.store !== undefined && options.checks && !resume;
    const key = storable ? this.store!.fingerprint(before) : undefined;
    const hit = key !== undefined && fromStore ? this.store!.lookup(file.path, file.text, key) : undefined;
    // A stored check still needs the fold: the files after this one start from its schema.
    const check = checkFile({ path: file.path, parsed: file.parsed!, anchors: file.anchors }, before, this.settings.electricVersion, hit ? { ...options, checks: false } : options, resume);
    if (hit) this.stats.filesFromStore++;
    else {
      this.stats.filesChecked++;
      this.stats.statementsChecked += check.statementsChecked;
    }
    file.check = check;
    file.edit = undefined;
    file.before = before;
    file.after = check.after;
    file.statementFindings = hit ? hit.findings : findingsOf(check);
    file.stored = key !== undefined ? { before: key, hit } : undefined;
    file.occurrences = occurrencesIn(check);
    file.stale = true;
  }

  /**
   * What the file's `later` checks find against the final schema. A stored check answers when it ran against a
   * final schema with the same fingerprint; otherwise the file is checked again here (its closures are not stored).
   */
  private deferredOf(file: FileState, final: Catalog): Finding[] {
    const store = this.store;
    const stored = file.stored;
    if (!store || !stored) return deferredFindings(file.check!, final);
    if (stored.hit) {
      const deferred = stored.hit.deferred;
      if (deferred === null) return [];
      if (deferred.against === store.finalFingerprint(final)) return deferred.findings;
      this.check(file, file.before!, false, false);
    }
    const findings = deferredFindings(file.check!, final);
    if (!file.stored) return findings;
    const deferred = hasDeferred(file.check!) ? { against: store.finalFingerprint(final), findings } : null;
    store.save(file.path, file.text, file.stored.before, { findings: file.statementFindings, deferred });
    return findings;
  }

  /** The file's diagnostics: every finding that survives versions, `off` settings and suppression comments. */
  private assemble(file: FileState): void {
    const parsed = file.parsed!;
    const findings: Finding[] = parsed.errors.map((error) => ({ code: 'syntax-error', span: error.span, message: error.message }));
    findings.push(...file.fileFindings);
    if (file.role === 'migration' || file.role === 'standalone') findings.push(...file.statementFindings, ...file.deferredFindings);
    const policy = this.policy;
    const active = findings.filter((f) => policy.isActive(f.code));
    const { kept, unused } = applySuppressions(parsed, active, (id) => policy.isActive(id));
    const surviving = policy.isActive('unused-ignore') ? [...kept, ...unused] : kept;
    const diagnostics = surviving
      .map((finding): Diagnostic => {
        const { related, ...rest } = finding;
        const diagnostic: Diagnostic = { ...rest, message: displayMessage(rest.message), file: file.path, severity: policy.severityOf(finding.code, finding.severity) };
        if (related) diagnostic.related = related.map((r) => ({ file: r.at.file, span: r.at.span, message: displayMessage(r.message) }));
        return diagnostic;
      })
      .concat([...file.external.values()].flat().filter((d) => policy.isActive(d.code)).map((d) => ({ ...d, message: displayMessage(d.message), file: file.path, severity: policy.severityOf(d.code, d.severity) })))
      .sort(compareDiagnostics);
    file.stale = false;
    file.relatedFiles = [...new Set(diagnostics.flatMap((d) => (d.related ?? []).map((r) => r.file)))].filter((f) => f !== file.path);
    if (JSON.stringify(diagnostics) !== JSON.stringify(file.diagnostics)) {
      file.diagnostics = diagnostics;
      file.diagnosticsRevision++;
    }
  }

  // ---- results (call `analyse` first)

  /** Every file, the migration sequence first (in order), then the others by path. */
  allFiles(): WorkspaceFile[] {
    const inSequence = new Set(this.sequence);
    const rest = [...this.files.values()].filter((f) => !inSequence.has(f)).sort((a, b) => (a.path < b.path ? -1 : 1));
    return [...this.sequence, ...rest].map((f) => this.result(f));
  }

  /** The migration sequence, in fold order (context folders first). */
  migrations(): WorkspaceFile[] {
    return this.sequence.map((f) => this.result(f));
  }

  file(path: string): WorkspaceFile | undefined {
    const file = this.files.get(path);
    return file?.parsed && file.before ? this.result(file) : undefined;
  }

  diagnostics(path: string): readonly Diagnostic[] {
    return this.files.get(path)?.diagnostics ?? [];
  }

  /** Every file's path: the migration sequence first (in order), then the others. */
  paths(): string[] {
    const inSequence = new Set(this.sequence);
    return [...this.sequence.map((f) => f.path), ...[...this.files.values()].filter((f) => !inSequence.has(f)).map((f) => f.path).sort()];
  }

  /**
   * Changes whenever what an editor shows for the file's diagnostics may change: the diagnostics themselves, or
   * (when there are some) the texts their positions are in.
   */
  diagnosticsKey(path: string): string {
    const file = this.files.get(path);
    if (!file) return '';
    if (file.diagnostics.length === 0) return 'none';
    const texts = [file, ...file.relatedFiles.map((f) => this.files.get(f))].map((f) => f?.textRevision ?? -1).join(',');
    return `${file.diagnosticsRevision}/${texts}`;
  }

  /** Errors and warnings over every file. */
  counts(): { files: number; errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    let files = 0;
    for (const file of this.files.values()) {
      if (file.role !== 'standalone' && file.role !== 'context') files++;
      for (const d of file.diagnostics) {
        if (d.severity === 'error') errors++;
        else if (d.severity === 'warning') warnings++;
      }
    }
    return { files, errors, warnings };
  }

  /** Every diagnostic, sorted by file, then position. */
  allDiagnostics(report: (path: string) => boolean = () => true): Diagnostic[] {
    return [...this.files.values()].filter((f) => report(f.path)).flatMap((f) => f.diagnostics).sort(compareDiagnostics);
  }

  /** The schema after every migration. */
  finalSchema(): Catalog {
    return this.final;
  }

  /** The schema as of `offset` in a file: the snapshot before the file, then its statements above the offset. */
  schemaAt(path: string, offset: number): Catalog | undefined {
    const file = this.files.get(path);
    if (!file?.parsed || !file.before) return undefined;
    if (!file.check) return this.final;
    return schemaBefore(file.check, { path: file.path, parsed: file.parsed, anchors: file.anchors }, offset);
  }

  private view(file: FileState): MigrationFile {
    return { path: file.path, name: file.name, role: file.role, format: file.format, version: file.version, parsed: file.parsed! };
  }

  private result(file: FileState): WorkspaceFile {
    return { ...this.view(file), text: file.text, anchors: file.anchors, before: file.before!, after: file.after!, occurrences: file.occurrences };
  }
}

/** The texts' clues that decide a folder's layout (see `detectFormat`). */
function markersOf(text: string): string {
  return `${/^-->\s*statement-breakpoint\s*$/m.test(text) ? 'b' : ''}${/^--\s*migrate:(up|down)\b/m.test(text) ? 'm' : ''}`;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
