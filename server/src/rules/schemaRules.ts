/**
 * Schema-aware rules. One fold over the migration sequence (per lint run and Electric version) runs every
 * statement check with the catalog as of that statement, then the checks that need the whole set (a role assigned
 * anywhere, a table electrified later). The family below hands each file its share of the findings.
 */
import type { Catalog, StatementPlace } from '../schema/catalog';
import { foldMigrations, type FoldFile } from '../schema/fold';
import type * as A from '../syntax/ast';
import type { ParsedStatement } from '../syntax/parsed';
import type { MigrationFile, RuleContext } from './context';
import type { ElectricVersion, Finding } from './types';

/** What a statement check sees. */
export interface StatementCheckContext {
  statement: A.Statement;
  parsed: ParsedStatement;
  /** The schema before this statement (files before this one, then the statements above it). */
  catalog: Catalog;
  file: MigrationFile;
  fileIndex: number;
  place: StatementPlace;
  version: ElectricVersion;
  /** Facts about the whole migration set, known before the fold starts. */
  facts: SetFacts;
  /** Registers a check to run after the fold, with the final catalog (findings land in this file). */
  later(check: (final: Catalog) => Finding[]): void;
}

export type StatementCheck = (ctx: StatementCheckContext) => Finding[];

/** Facts gathered from every statement of the set before folding. */
export interface SetFacts {
  /** Every ASSIGN in the migration set, in order. */
  assignments: A.AssignStatement[];
}

export function gatherFacts(files: readonly MigrationFile[]): SetFacts {
  const assignments: A.AssignStatement[] = [];
  for (const file of files) {
    for (const s of file.parsed.statements) if (s.ast?.kind === 'assign') assignments.push(s.ast);
  }
  return { assignments };
}

/** Runs `checks` over the sequence; findings by file. */
export function analyseSequence(sequence: readonly MigrationFile[], version: ElectricVersion, checks: readonly StatementCheck[]): Map<MigrationFile, Finding[]> {
  const byFile = new Map<MigrationFile, Finding[]>(sequence.map((f) => [f, []]));
  const facts = gatherFacts(sequence);
  const deferred: { file: MigrationFile; check: (final: Catalog) => Finding[] }[] = [];
  const foldFiles: FoldFile[] = sequence.map((f) => ({ path: f.path, parsed: f.parsed }));
  const final = foldMigrations(foldFiles, (visit) => {
    const file = sequence[visit.fileIndex];
    const ctx: StatementCheckContext = {
      statement: visit.statement,
      parsed: visit.parsed,
      catalog: visit.catalog,
      file,
      fileIndex: visit.fileIndex,
      place: { file: file.path, fileIndex: visit.fileIndex },
      version,
      facts,
      later: (check) => deferred.push({ file, check }),
    };
    const findings = byFile.get(file)!;
    for (const check of checks) findings.push(...check(ctx));
  });
  for (const { file, check } of deferred) byFile.get(file)!.push(...check(final));
  return byFile;
}

/**
 * A rule family over the schema fold. The analysis is shared by every file of one lint run: the sequence array is
 * the same object for all of them, so it is the cache key (with the version, which changes what the checks say).
 */
export function schemaRuleFamily(checks: readonly StatementCheck[]): (ctx: RuleContext) => Finding[] {
  const cache = new WeakMap<readonly MigrationFile[], Map<ElectricVersion, Map<MigrationFile, Finding[]>>>();
  return (ctx) => {
    let byVersion = cache.get(ctx.sequence);
    if (!byVersion) cache.set(ctx.sequence, (byVersion = new Map()));
    let analysis = byVersion.get(ctx.settings.electricVersion);
    if (!analysis) byVersion.set(ctx.settings.electricVersion, (analysis = analyseSequence(ctx.sequence, ctx.settings.electricVersion, checks)));
    return analysis.get(ctx.file) ?? [];
  };
}
