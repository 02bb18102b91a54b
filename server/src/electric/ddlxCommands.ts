/**
 * What each DDLX command does and which releases accept it (electric-ddlx.md §a, §b): the text of hovers and
 * completion documentation.
 */
export type DdlxCommand = 'enable' | 'disable' | 'electrify-call' | 'grant' | 'revoke' | 'assign' | 'unassign' | 'sqlite';

export interface DdlxCommandDoc {
  syntax: string;
  summary: string;
  /** Which releases run it, and whether anything enforces it. */
  versions: string;
}

export const DDLX_COMMANDS: Record<DdlxCommand, DdlxCommandDoc> = {
  enable: {
    syntax: 'ALTER TABLE table ENABLE ELECTRIC  |  ELECTRIC ENABLE table',
    summary:
      'Electrifies a table: Electric starts syncing it to clients. Checked at that moment: an ordinary table in schema public, a primary key, supported column types, no DEFAULTs, no CHECK/UNIQUE/EXCLUDE constraints. Afterwards only additive changes (ADD COLUMN, CREATE INDEX) are accepted.',
    versions: 'Electric 0.7–0.12, through the migrations proxy (0.6 has no proxy: use CALL electric.electrify(…)).',
  },
  'electrify-call': {
    syntax: "CALL electric.electrify('table')",
    summary: 'The procedure behind ENABLE ELECTRIC: electrifies a table with the same checks. The proxy treats it exactly like ALTER TABLE … ENABLE ELECTRIC.',
    versions: 'Electric 0.6–0.12 (the only way in 0.6).',
  },
  disable: {
    syntax: 'ALTER TABLE table DISABLE ELECTRIC  |  ELECTRIC DISABLE table',
    summary: 'Parsed, but an electrified table cannot be un-electrified: the procedure behind it does nothing.',
    versions: 'Rejected by the 0.7–0.12 proxy by default (EX001 "ELECTRIC DISABLE is currently unsupported").',
  },
  grant: {
    syntax: "ELECTRIC GRANT privilege [(columns)] ON table TO 'role' [USING path] [CHECK (expr)]",
    summary: "Grants one privilege (SELECT, INSERT, UPDATE, DELETE, ALL, READ or WRITE) on one table to one role ('role' or 'table:role' for a scoped role).",
    versions: 'Parsed but rejected by the 0.7–0.12 proxy by default (feature flag proxy_ddlx_grant off), and never enforced during sync.',
  },
  revoke: {
    syntax: "ELECTRIC REVOKE privilege [(columns)] ON table FROM 'role'",
    summary: 'Revokes a privilege granted with ELECTRIC GRANT.',
    versions: 'Parsed but rejected by the 0.7–0.12 proxy by default (proxy_ddlx_revoke off), and never enforced.',
  },
  assign: {
    syntax: "ELECTRIC ASSIGN 'role' | 'table:role' | table.role_column TO table.user_column [IF (expr)]",
    summary: 'Gives the users named by a column a role: a fixed role, a role scoped to a table, or the role held in a column of the same table.',
    versions: 'Parsed but rejected by the 0.7–0.12 proxy by default (proxy_ddlx_assign off), and never enforced.',
  },
  unassign: {
    syntax: "ELECTRIC UNASSIGN 'role' FROM table.user_column",
    summary: 'Removes a role assignment made with ELECTRIC ASSIGN.',
    versions: 'Parsed but rejected by the 0.7–0.12 proxy by default (proxy_ddlx_unassign off), and never enforced.',
  },
  sqlite: {
    syntax: "ELECTRIC SQLITE 'statement'",
    summary: 'Meant to run SQL on the clients; not implemented (the procedure behind it does nothing).',
    versions: 'Rejected by the 0.7–0.12 proxy by default.',
  },
};
