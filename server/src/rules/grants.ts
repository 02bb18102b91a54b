/**
 * The grant-* rules: permissions DDLX that cannot mean anything given the rest of the migration set.
 *
 * - `grant-unelectrified-table`: GRANT (and ASSIGN, through the table of its user column) on a table that exists
 *   but is not electrified at that point. A table that does not exist is `unknown-table`'s to report.
 * - `grant-unassigned-role`: GRANT to a role that no ASSIGN in the set creates.
 *
 * How roles match (electric-ddlx.md §a.4): a role is a name plus a scope (a table) or no scope (global).
 * - GRANT: the scope is the one inside the string (`'projects:member'`). A scope written outside it
 *   (`(projects, 'member')`, `projects:'member'`) is ignored by Electric, which `ddlx-scope-ignored` reports; here
 *   an ASSIGN matching either the scope as meant or the global role Electric really grants satisfies the GRANT, so
 *   one mistake gets one diagnostic.
 * - ASSIGN: the scope comes from the string or from the tuple/colon form (the string wins when both are given);
 *   `NULL` means global. A dynamic ASSIGN (role read from a column) can hand out any role name, so it satisfies
 *   every GRANT with the same scope (global with global, `projects` with `projects`).
 * - Names compare exactly (Electric compares role strings); scopes compare as tables, with Electric's default
 *   schema `public`. `ANYONE` and `AUTHENTICATED`, bare or quoted in any case, are built in and never flagged.
 */
import type * as A from '../syntax/ast';
import { isBuiltInRole, roleIdentity, type RoleIdentity } from '../electric/roles';
import { roleLiteralSpan } from './ddlx';
import { electrifySuggestion } from './electrify';
import { pgQuoted } from './names';
import type { StatementCheck } from './context';
import type { Finding } from './types';

// ---- grant-unelectrified-table

function columnRefTableSpan(ref: A.ColumnRef): A.Span {
  return { start: (ref.schema ?? ref.table).span.start, end: ref.table.span.end };
}

export const grantUnelectrifiedTableCheck: StatementCheck = (ctx) => {
  const { statement, catalog } = ctx;
  const targets: { key: string; span: A.Span }[] = [];
  if (statement.kind === 'grant') {
    for (const name of statement.tables) {
      const table = catalog.table(name);
      if (table && !table.electrified) targets.push({ key: table.key, span: name.span });
    }
  } else if (statement.kind === 'assign') {
    const table = catalog.tableOfColumnRef(statement.user);
    if (table && !table.electrified) targets.push({ key: table.key, span: columnRefTableSpan(statement.user) });
  }
  if (targets.length === 0) return [];
  const verb = statement.kind === 'grant' ? 'GRANT' : 'ASSIGN';
  ctx.later((final) =>
    targets.map(({ key, span }): Finding => {
      const later = final.finalTable(key)?.electrified;
      const when = later
        ? `It is electrified only later, so move this ${verb} after that statement.`
        : `Electrify it first: ${electrifySuggestion(key, ctx.version)};`;
      return {
        code: 'grant-unelectrified-table',
        span,
        message:
          `${pgQuoted(key)} is not electrified at this point. Electric permissions${verb === 'ASSIGN' ? ' and role assignments' : ''} only concern electrified tables, ` +
          `so this ${verb} refers to a table Electric does not sync. ${when}`,
        data: { table: key },
        ...(later ? { related: [{ at: later.at, message: `${pgQuoted(key)} is electrified here` }] } : {}),
      };
    }),
  );
  return [];
};

// ---- grant-unassigned-role

function describeScope(scope: string | undefined): string {
  return scope ? `scoped to ${pgQuoted(scope)}` : 'globally';
}

/** Checked against every ASSIGN of the migration set (any file), so it runs with the final schema. */
export const grantUnassignedRoleCheck: StatementCheck = ({ statement, file, later }) => {
  if (statement.kind !== 'grant') return [];
  const roles = statement.roles.filter((role) => role.form === 'string');
  if (roles.length === 0) return [];
  later((final) => {
    const assigned = final.assignments.map((a) => a.role).filter((r): r is RoleIdentity => r !== undefined);
    const findings: Finding[] = [];
    for (const role of roles) {
      const wanted = roleIdentity(role);
      if (!wanted || isBuiltInRole(wanted.name)) continue;
      // With a scope outside the string, Electric grants the string's role (global); the author meant the scoped
      // one. Either is enough here: `ddlx-scope-ignored` reports the difference.
      const effective = role.scope?.name ? roleIdentity({ ...role, scope: undefined }) : undefined;
      const scopes = new Set([wanted.scope, ...(effective ? [effective.scope] : [])]);
      if (assigned.some((a) => (a.name === wanted.name || a.name === '*') && scopes.has(a.scope))) continue;
      const elsewhere = [...new Set(assigned.filter((a) => a.name === wanted.name).map((a) => describeScope(a.scope)))];
      const example = wanted.scope ? `'${wanted.scope.replace(/^public\./, '')}:${wanted.name}'` : `'${wanted.name}'`;
      findings.push({
        code: 'grant-unassigned-role',
        span: roleLiteralSpan(file.text, role),
        message:
          `No ELECTRIC ASSIGN in the migrations gives anyone the role '${wanted.name}' ${wanted.scope ? `scoped to ${pgQuoted(wanted.scope)}` : '(global)'}` +
          (elsewhere.length > 0 ? ` (it is only assigned ${elsewhere.join(' and ')})` : '') +
          `, so this grant applies to nobody. Assign it (ELECTRIC ASSIGN ${example} TO <table>.<user column>), or grant to 'AUTHENTICATED' or 'ANYONE'.`,
        data: { role: wanted.name, ...(wanted.scope ? { scope: wanted.scope } : {}) },
      });
    }
    return findings;
  });
  return [];
};

export const GRANT_CHECKS: readonly StatementCheck[] = [grantUnelectrifiedTableCheck, grantUnassignedRoleCheck];

