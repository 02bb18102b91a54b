/**
 * What the rules see. File rules judge a file by its name, its place in the directory and its comments; statement
 * checks judge one statement with the schema as it was before it. Whatever needs the whole migration set (a role
 * assigned anywhere, a table electrified later) is registered with `later` and runs against the final schema.
 */
import type { Catalog, FinalSchema } from '../schema/catalog';
import type { Located } from '../schema/model';
import type * as A from '../syntax/ast';
import type { MigrationFormat } from '../migrations/layout';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import type { ElectricVersion, Finding, SeveritySetting } from './types';

/** The settings that decide which rules apply and how loudly. */
export interface LintSettings {
  electricVersion: ElectricVersion;
  /** The patch release when one was named (`0.9.2` → 2): only rules with a patch boundary look at it. */
  electricPatch?: number;
  /** Severity overrides by rule id; `off` drops the rule. Rules not named keep their registry severity. */
  rules: Record<string, SeveritySetting>;
}

/**
 * How a file takes part in the migration set:
 * - `migration`: a file of the migrations directory that its tool applies, in order;
 * - `misnamed`: another `.sql` name in the migrations directory, which the tool never applies;
 * - `rollback`: a down migration the tool keeps for rollbacks (golang-migrate's `*.down.sql`), never folded;
 * - `context`: a migration of a context folder, applied before the migrations directory's and straight to Postgres
 *   (not through Electric's proxy): folded, syntax diagnostics only;
 * - `standalone`: a file named outside the folders, linted as a migration set of its own.
 */
export type MigrationRole = 'migration' | 'misnamed' | 'rollback' | 'context' | 'standalone';

export interface MigrationFile {
  /** The path as shown to the user (and as reported in diagnostics). */
  path: string;
  /** The name within its folder (the file name, or `<folder>/migration.sql` for Prisma). */
  name: string;
  role: MigrationRole;
  /** The layout of its folder. */
  format: MigrationFormat;
  /** The version (numeric prefix) that orders it, when it has one. */
  version?: bigint;
  parsed: ParsedFile;
}

/** What a file rule sees. */
export interface FileRuleContext {
  file: MigrationFile;
  /** Every linted file of the migrations directory (numbered and misnamed), for rules about the listing. */
  directory: readonly MigrationFile[];
  /** The directory's migrations grouped by version (computed once per listing). */
  filesByVersion: ReadonlyMap<bigint, readonly MigrationFile[]>;
}

/** What a statement check sees. */
export interface StatementCheckContext {
  statement: A.Statement;
  parsed: ParsedStatement;
  /** The schema before this statement (files before this one, then the statements above it). Read only. */
  catalog: Catalog;
  /** The file being checked: its path as reported, and its text (spans are offsets into it). */
  file: { path: string; text: string };
  version: ElectricVersion;
  /** A recorded place for a span of this statement, for related information. */
  locate(span: A.Span): Located;
  /** Registers a check to run with the final schema of the whole set (its findings land in this file). */
  later(check: (final: FinalSchema) => Finding[]): void;
}

export type StatementCheck = (ctx: StatementCheckContext) => Finding[];
