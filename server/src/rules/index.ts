/**
 * The rule families the linter runs. Adding a family: write `rules/<family>.ts` exporting a `RuleFamily`, list its
 * rule ids in `registry.ts`, and add it to one of the lists below.
 */
import type { RuleFamily } from './context';
import { STATEMENT_CHECKS } from './checks';
import { migrationFileRules } from './migrationFiles';
import { schemaRuleFamily } from './schemaRules';

export type { LintSettings, MigrationFile, MigrationRole, RuleContext, RuleFamily } from './context';

/** Families that judge a file by its name, its place in the directory and its comments; they run on every file. */
export const FILE_RULE_FAMILIES: readonly RuleFamily[] = [migrationFileRules];

/**
 * Families that judge statements in migration order (schema-aware families belong here). They run on the files
 * pg-migrations applies and on files linted on their own outside the directory, not on misnamed files, which are
 * never applied: those get syntax errors and the file rules only.
 */
export const STATEMENT_RULE_FAMILIES: readonly RuleFamily[] = [schemaRuleFamily(STATEMENT_CHECKS)];
