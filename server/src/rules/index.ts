/**
 * Every rule the linter runs. Adding a rule: list its id in `registry.ts`, write its check in the family's file
 * (or a new `rules/<family>.ts` exporting its checks), and add the checks to the list below.
 */
import { ADD_COLUMN_CHECKS } from './addColumn';
import { ALTER_ELECTRIFIED_CHECKS } from './alterElectrified';
import type { StatementCheck } from './context';
import { DDLX_CHECKS } from './ddlx';
import { electrifyCheck } from './electrify';
import { GRANT_CHECKS } from './grants';
import { statementNotAnalysedCheck } from './notAnalysed';
import { REFERENCE_CHECKS } from './references';
import { STATEMENT_CHECKS_GENERAL } from './statements';

export type { FileRuleContext, LintSettings, MigrationFile, MigrationRole, StatementCheck, StatementCheckContext } from './context';
export { migrationFileRules } from './migrationFiles';

/** Schema-aware statement checks, in the order their findings are produced. */
export const STATEMENT_CHECKS: readonly StatementCheck[] = [
  statementNotAnalysedCheck,
  ...ALTER_ELECTRIFIED_CHECKS,
  ...ADD_COLUMN_CHECKS,
  ...STATEMENT_CHECKS_GENERAL,
  ...REFERENCE_CHECKS,
  electrifyCheck,
  ...DDLX_CHECKS,
  ...GRANT_CHECKS,
];
