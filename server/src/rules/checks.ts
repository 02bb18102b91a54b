/**
 * Every schema-aware statement check, in the order their findings are produced. Each rule family lives in its own
 * file and exports its checks; list them here.
 */
import { ADD_COLUMN_CHECKS } from './addColumn';
import { ALTER_ELECTRIFIED_CHECKS } from './alterElectrified';
import { DDLX_CHECKS } from './ddlx';
import { electrifyCheck } from './electrify';
import { GRANT_CHECKS } from './grants';
import { REFERENCE_CHECKS } from './references';
import type { StatementCheck } from './schemaRules';
import { STATEMENT_CHECKS_GENERAL } from './statements';

export const STATEMENT_CHECKS: readonly StatementCheck[] = [
  ...ALTER_ELECTRIFIED_CHECKS,
  ...ADD_COLUMN_CHECKS,
  ...STATEMENT_CHECKS_GENERAL,
  ...REFERENCE_CHECKS,
  electrifyCheck,
  ...DDLX_CHECKS,
  ...GRANT_CHECKS,
];
