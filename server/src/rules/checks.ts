/**
 * Every schema-aware statement check, in the order their findings are produced. Each rule family lives in its own
 * file and exports its checks; list them here.
 */
import type { StatementCheck } from './schemaRules';

export const STATEMENT_CHECKS: readonly StatementCheck[] = [];
