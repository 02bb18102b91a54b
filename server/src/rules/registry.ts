import type { ElectricVersion, Severity } from './types';

// Each rule's documentation is the README section whose anchor is the rule id (lsp/ruleDocs.ts links to it).

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line: what the rule flags. */
  summary: string;
  /** First Electric release the rule applies to (inclusive), when not all of them. */
  since?: ElectricVersion;
  /**
   * Within the `since` minor, the first patch release the rule applies to (`electrify-not-public`: 0.9.3), honoured
   * when the settings name a patch release (`0.9.2`); a bare minor means its newest patch.
   */
  sincePatch?: number;
  /** Last Electric release the rule applies to (inclusive), when not all of them. */
  until?: ElectricVersion;
  /** Needs the migrations history of a database (reported by apply/status, not by lint alone). */
  needsDatabase?: boolean;
}

function rule(id: string, severity: Severity, summary: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return { id, severity, summary, ...extra };
}

/** The rule catalogue (product.md §4), in documentation order. */
export const RULE_LIST: readonly RuleMeta[] = [
  rule('syntax-error', 'error', 'A statement that is neither valid Postgres of the modelled kinds nor valid DDLX.'),
  rule('statement-not-analysed', 'warning', 'A statement too long or too deeply nested to analyse: Postgres accepts it, but no rule looked inside it.'),
  rule('ddlx-syntax-unsupported', 'error', "DDLX written as the docs show it but rejected by Electric's released parser.", { since: '0.7' }),
  rule('ddlx-reserved-word', 'error', 'An unquoted identifier in a DDLX statement that is a DDLX keyword.', { since: '0.7' }),
  rule('ddlx-invalid-role', 'error', 'A blank, bare-identifier, foreign-table or non-string role in DDLX.', { since: '0.7' }),
  rule('ddlx-scope-ignored', 'warning', 'A GRANT scope written outside the role string, which Electric ignores.', { since: '0.7' }),
  rule('ddlx-not-enabled', 'warning', 'GRANT, REVOKE, ASSIGN, UNASSIGN, DISABLE or SQLITE: rejected by the proxy by default and never enforced.', { since: '0.7' }),
  rule('ddlx-before-proxy', 'error', 'DDLX syntax with Electric 0.6, which has no migrations proxy.', { until: '0.6' }),
  rule('down-migration', 'error', 'A rollback file or section: Electric only accepts forward migrations.'),
  rule('migration-bad-filename', 'warning', 'A .sql file whose name does not start with digits and "-": it will not be applied.'),
  rule('migration-duplicate-index', 'error', 'Two migration files with the same numeric prefix.'),
  rule('migration-edited', 'error', 'An applied migration whose text changed since it was applied.', { needsDatabase: true }),
  rule('migration-missing', 'error', 'The history records a migration whose file is gone.', { needsDatabase: true }),
  rule('migration-out-of-order', 'error', 'An unapplied migration sorts before an applied one.', { needsDatabase: true }),
  rule('drop-electrified-table', 'error', 'DROP TABLE of an electrified table.'),
  rule('drop-electrified-column', 'error', 'DROP COLUMN on an electrified table.'),
  rule('alter-electrified-column-type', 'error', 'ALTER COLUMN … TYPE on an electrified table.'),
  rule('rename-electrified', 'error', 'Renaming an electrified table, or a column or constraint of one.', { since: '0.7' }),
  rule('alter-electrified-table', 'error', "An ALTER TABLE action on an electrified table outside Electric's allow-list.", { since: '0.7' }),
  rule('add-column-unsupported-type', 'error', 'ADD COLUMN on an electrified table with a type Electric does not support.', { since: '0.7' }),
  rule('add-column-default', 'error', 'ADD COLUMN … DEFAULT on an electrified table.', { since: '0.9' }),
  rule('add-column-constraint', 'error', 'ADD COLUMN with CHECK, UNIQUE, PRIMARY KEY, REFERENCES or GENERATED on an electrified table.', { since: '0.9' }),
  rule('add-column-not-null', 'warning', 'ADD COLUMN … NOT NULL on an electrified table: allowed but risky.', { since: '0.7' }),
  rule('do-block', 'error', 'A DO block: the migrations proxy rejects every one.', { since: '0.7' }),
  rule('alter-electrified-enum', 'warning', 'ALTER TYPE … ADD VALUE on an enum used by an electrified column.'),
  rule('electrify-unknown-table', 'error', 'Electrifying a table that no earlier statement creates.'),
  rule('electrify-not-table', 'error', 'Electrifying a view, materialized view, partitioned or foreign table.'),
  rule('electrify-not-public', 'error', 'Electrifying a table outside schema public.', { since: '0.9', sincePatch: 3 }),
  rule('electrify-no-primary-key', 'error', 'Electrifying a table without a PRIMARY KEY.', { since: '0.9' }),
  rule('electrify-unsupported-type', 'error', 'Electrifying a table with a column type unsupported in that version.'),
  rule('electrify-default', 'error', 'Electrifying a table with a DEFAULT, serial or GENERATED … STORED column.', { since: '0.7' }),
  rule('electrify-constraint', 'error', 'Electrifying a table with CHECK, UNIQUE or EXCLUDE constraints.', { since: '0.9' }),
  rule('electrify-twice', 'warning', 'Electrifying an already electrified table (an error in 0.6).'),
  rule('electrify-fk-unelectrified', 'warning', 'An electrified table references a table that is never electrified.'),
  rule('electrify-sequential-key', 'warning', 'An identity or serial-style integer primary key on an electrified table.'),
  rule('unknown-table', 'warning', 'A statement naming a table no earlier statement creates.'),
  rule('unknown-column', 'error', 'A column that the referenced table does not have.'),
  rule('grant-unelectrified-table', 'error', 'GRANT/ASSIGN on a table that is not electrified at that point.', { since: '0.7' }),
  rule('grant-unassigned-role', 'warning', 'A GRANT to a role that no ASSIGN in the migration set creates.', { since: '0.7' }),
  rule('duplicate-table', 'error', 'CREATE TABLE of an existing table without IF NOT EXISTS.'),
  rule('duplicate-column', 'error', 'A column defined or added twice.'),
  rule('apply-failed', 'error', 'The database rejected this statement when the migration was applied or dry-run.', { needsDatabase: true }),
  rule('unused-ignore', 'warning', 'A suppression comment that silences nothing.'),
];

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(RULE_LIST.map((r) => [r.id, r]));

export function isRuleId(id: string): boolean {
  return RULES.has(id);
}
