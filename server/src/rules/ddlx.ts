/**
 * The ddlx-* rules: DDLX that Electric's released parser (0.7–0.12) rejects or misreads, DDLX the proxy refuses by
 * default, and DDLX written for a version without a proxy (0.6). electric-ddlx.md §a.2–a.4, §b.
 *
 * The parser accepts the documented-but-unreleased syntax and marks it (`unreleased`), and accepts DDLX keywords as
 * identifiers (`identifiers`), so that these rules can say precisely what Electric would do.
 */
import type * as A from '../syntax/ast';
import { isDdlx } from '../syntax/ast';
import { splitRoleString } from '../electric/roles';
import { electrifySuggestion } from './electrify';
import { quoteIdent } from './names';
import type { StatementCheck } from './context';
import { compareVersions } from '../electric/versions';
import type { Finding } from './types';

// ---- helpers

/** Electric's DDLX tokenizer keywords (electric-ddlx.md §a.2): reserved inside DDLX, whatever Postgres says. */
export const DDLX_KEYWORDS: ReadonlySet<string> = new Set([
  'all', 'alter', 'and', 'assign', 'check', 'delete', 'disable', 'electric', 'enable', 'from', 'grant', 'if', 'insert',
  'is', 'not', 'null', 'on', 'or', 'privileges', 'read', 'revoke', 'select', 'sqlite', 'table', 'to', 'unassign',
  'update', 'using', 'write',
]);

/** The next word after `offset` (skipping spaces and comments), or undefined. */
function nextWord(text: string, offset: number, limit: number): A.Span | undefined {
  let i = offset;
  while (i < limit) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i)) {
      while (i < limit && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? limit : end + 2;
    } else break;
  }
  const m = /^[A-Za-z_]+/.exec(text.slice(i, Math.min(limit, i + 64)));
  return m ? { start: i, end: i + m[0].length } : undefined;
}

/**
 * The command keywords of a DDLX statement: `ELECTRIC GRANT`, `ELECTRIC ENABLE`, and for the ALTER TABLE spelling
 * `ENABLE ELECTRIC` / `DISABLE ELECTRIC` (the table name sits between ALTER TABLE and them).
 */
export function commandKeywordsSpan(text: string, statement: A.DdlxStatement): A.Span {
  if (statement.kind === 'enableElectric' || statement.kind === 'disableElectric') {
    if (statement.syntax === 'alterTable') {
      const toggle = nextWord(text, statement.table.span.end, statement.span.end);
      const electric = toggle && nextWord(text, toggle.end, statement.span.end);
      return toggle && electric ? { start: toggle.start, end: electric.end } : statement.keywordSpan;
    }
    if (statement.syntax === 'call') return statement.keywordSpan;
  }
  const command = nextWord(text, statement.keywordSpan.end, statement.span.end);
  return command ? { start: statement.keywordSpan.start, end: command.end } : statement.keywordSpan;
}

/** The upper-case command tag Electric's messages use (`ELECTRIC GRANT`; the empty string for SQLITE). */
function commandTag(statement: A.DdlxStatement): string {
  switch (statement.kind) {
    case 'enableElectric':
      return 'ELECTRIC ENABLE';
    case 'disableElectric':
      return 'ELECTRIC DISABLE';
    case 'sqlite':
      return '';
    default:
      return `ELECTRIC ${statement.kind.toUpperCase()}`;
  }
}

/** The span of a string role's literal, quotes included (the role's span also covers a tuple or colon scope). */
export function roleLiteralSpan(text: string, role: A.DdlxRole): A.Span {
  if (role.form !== 'string' || !role.valueSpan) return role.span;
  const { start, end } = role.valueSpan;
  if (text[start - 1] === "'" && text[end] === "'") return { start: start - 1, end: end + 1 };
  if (text[start - 1] === '$') {
    const open = text.lastIndexOf('$', start - 2);
    if (open >= role.span.start) return { start: open, end: end + (start - open) };
  }
  return start < end ? role.valueSpan : role.span;
}

function ddlxStatement(statement: A.Statement): A.DdlxStatement | undefined {
  return isDdlx(statement) ? statement : undefined;
}

// ---- ddlx-syntax-unsupported

const UNRELEASED: Record<A.DdlxUnreleasedFeature, { what: string; fix: string; replacement?: string }> = {
  'privilege-list': {
    what: 'Electric\'s DDLX parser takes one privilege per GRANT or REVOKE, although its docs show a list',
    fix: 'write one statement per privilege (or use ALL, READ or WRITE)',
  },
  'all-privileges': { what: '`ALL PRIVILEGES` is not in the released grammar', fix: 'write `ALL`', replacement: 'ALL' },
  'on-table': { what: '`ON TABLE t` is not in the released grammar: only a table name may follow ON', fix: 'remove `TABLE`', replacement: '' },
  'bare-anyone': {
    what: 'unquoted ANYONE is read as a column name and rejected ("missing role_name attribute"); the keyword exists only in unreleased Electric',
    fix: "quote it: 'ANYONE'",
    replacement: "'ANYONE'",
  },
  'bare-authenticated': {
    what: 'unquoted AUTHENTICATED is read as a column name and rejected ("missing role_name attribute"); the keyword exists only in unreleased Electric',
    fix: "quote it: 'AUTHENTICATED'",
    replacement: "'AUTHENTICATED'",
  },
  'dotted-name': {
    what: 'the released grammar has no qualified names (`new.owner_id`, `auth.user_id`) inside CHECK or IF, although the docs show them',
    fix: 'use bare column names or function calls',
  },
  'is-null': { what: '`IS NULL` / `IS NOT NULL` do not parse in DDLX expressions (NULL is not an expression there)', fix: 'compare with a function call or rewrite the condition' },
  'prefix-not': { what: 'prefix `NOT x` does not parse in DDLX expressions (NOT is a binary operator there)', fix: 'rewrite the condition without a leading NOT' },
  'table-list': { what: 'Electric\'s DDLX takes one table per GRANT or REVOKE', fix: 'write one statement per table' },
  'role-list': { what: 'Electric\'s DDLX takes one role per GRANT or REVOKE', fix: 'write one statement per role' },
  'if-without-parentheses': { what: 'the released grammar needs parentheses around the IF condition', fix: 'write `IF (condition)`' },
  'float-constant': {
    what: "a decimal constant in CHECK or IF makes Electric's DDLX parser crash (float_to_list on a string) instead of parsing the statement",
    fix: 'use an integer or a string constant',
  },
};

/**
 * The unreleased constructs of a statement. `ALL PRIVILEGES` is recovered from the privilege's text when the parser
 * did not mark it (its `DdlxPrivilege` action does not evaluate the `allPrivileges` case).
 */
function unreleasedOf(ddlx: A.DdlxStatement, text: string): A.DdlxUnreleased[] {
  const markers = [...ddlx.unreleased];
  if ((ddlx.kind === 'grant' || ddlx.kind === 'revoke') && !markers.some((m) => m.feature === 'all-privileges')) {
    for (const p of ddlx.privileges) {
      if (/^all\s+privileges$/i.test(text.slice(p.span.start, p.span.end))) markers.push({ feature: 'all-privileges', span: p.span });
    }
  }
  return markers.sort((a, b) => a.span.start - b.span.start);
}

export const ddlxSyntaxUnsupportedCheck: StatementCheck = ({ statement, file }) => {
  const ddlx = ddlxStatement(statement);
  if (!ddlx) return [];
  return unreleasedOf(ddlx, file.text).map((marker): Finding => {
    const { what, fix, replacement } = UNRELEASED[marker.feature];
    return {
      code: 'ddlx-syntax-unsupported',
      span: marker.span,
      message: `Electric 0.7–0.12 rejects this: ${what} (Invalid ELECTRIC statement). ${fix[0].toUpperCase()}${fix.slice(1)}.`,
      data: { feature: marker.feature, ...(replacement !== undefined ? { replacement } : {}) },
    };
  });
};

// ---- ddlx-reserved-word

export const ddlxReservedWordCheck: StatementCheck = ({ statement }) => {
  const ddlx = ddlxStatement(statement);
  if (!ddlx) return [];
  return ddlx.identifiers
    .filter((name) => !name.quoted && DDLX_KEYWORDS.has(name.name))
    .map((name): Finding => ({
      code: 'ddlx-reserved-word',
      span: name.span,
      message:
        `\`${name.name}\` is a DDLX keyword: Electric's DDLX tokenizer reads it as ${name.name.toUpperCase()}, not as a name, and rejects the statement ` +
        `(Invalid ELECTRIC statement, syntax error). Double-quote it: "${name.name}".`,
      data: { replacement: `"${name.name}"` },
    }));
};

// ---- ddlx-invalid-role

function roleKey(schema: A.Name | undefined, table: A.Name): string {
  return `${schema?.name ?? 'public'}.${table.name}`;
}

export const ddlxInvalidRoleCheck: StatementCheck = ({ statement, file }) => {
  if (statement.kind !== 'assign' && statement.kind !== 'unassign' && statement.kind !== 'grant' && statement.kind !== 'revoke') return [];
  const text = file.text;
  const roles = 'roles' in statement ? statement.roles : [statement.role];
  const permission = statement.kind === 'grant' || statement.kind === 'revoke';
  const findings: Finding[] = [];
  const report = (span: A.Span, message: string, data: Record<string, unknown> = {}) =>
    findings.push({ code: 'ddlx-invalid-role', span, message, data });
  for (const role of roles) {
    switch (role.form) {
      case 'string': {
        const split = splitRoleString(role.value ?? '');
        if (split.blank) {
          const part = split.scope === undefined ? 'role name' : split.scope === '' && split.name === '' ? 'scope and role name' : split.scope === '' ? 'scope' : 'role name';
          report(
            roleLiteralSpan(text, role),
            `Electric rejects this role: its ${part} is blank (invalid role assignment ${JSON.stringify(role.value ?? '')}). ` +
              `Write 'role' for a global role or 'table:role' for a role scoped to a table.`,
          );
        }
        break;
      }
      case 'identifier':
        report(
          role.identifier!.span,
          permission
            ? `Electric rejects this: the role of a ${statement.kind.toUpperCase()} must be a string literal ("missing role_name attribute"). Quote it: '${role.identifier!.name}'.`
            : `Electric rejects this: a bare identifier is neither a role string nor a role column ("missing role_table_name attribute"). ` +
                `Quote it ('${role.identifier!.name}') for a fixed role, or name a column of the user table (table.column) for a dynamic role.`,
        );
        break;
      case 'column':
        if (permission) {
          report(
            role.column!.span,
            `Electric rejects this: the role of a ${statement.kind.toUpperCase()} must be a string literal ("missing role_name attribute"); ` +
              `roles read from a column exist only in ASSIGN. Grant to the role names that column holds, e.g. 'admin'.`,
          );
        } else if (statement.kind === 'assign' || statement.kind === 'unassign') {
          const roleTable = roleKey(role.column!.schema, role.column!.table);
          const userTable = roleKey(statement.user.schema, statement.user.table);
          if (roleTable !== userTable) {
            report(
              role.column!.span,
              `Electric rejects this: a role read from a column must come from the table of the user column ` +
                `("role_table_name must equal user_table_name"), here ${userTable}, not ${roleTable}. Use a column of ${userTable}.`,
              { userTable, roleTable },
            );
          }
        }
        break;
      default:
        // Bare ANYONE / AUTHENTICATED: unreleased syntax, reported by ddlx-syntax-unsupported.
        break;
    }
  }
  return findings;
};

// ---- ddlx-scope-ignored

export const ddlxScopeIgnoredCheck: StatementCheck = ({ statement }) => {
  if (statement.kind !== 'grant' && statement.kind !== 'revoke') return [];
  const findings: Finding[] = [];
  for (const role of statement.roles) {
    // `(NULL, 'role')` asks for no scope, which is what Electric does anyway.
    if (!role.scope?.name || role.form !== 'string') continue;
    const scope = role.scope.name;
    const scopeText = scope.schema ? `${quoteIdent(scope.schema.name)}.${quoteIdent(scope.name.name)}` : quoteIdent(scope.name.name);
    const split = splitRoleString(role.value ?? '');
    const inner = split.scope === undefined ? `${scopeText}:${role.value}` : role.value ?? '';
    const rewritten = `'${inner.replace(/'/g, "''")}'`;
    findings.push({
      code: 'ddlx-scope-ignored',
      span: role.scope.span,
      message:
        `Electric ignores a scope written outside the role string in ${statement.kind.toUpperCase()}: this ${statement.kind === 'grant' ? 'grants' : 'revokes'} ` +
        `${split.scope === undefined ? `the global role '${role.value}'` : `'${role.value}'`}, not the role scoped to ${scopeText}. ` +
        (split.scope === undefined ? `Put the scope inside the string: ${rewritten}.` : 'Remove the outer scope.'),
      data: { replacementSpan: role.span, replacement: rewritten },
    });
  }
  return findings;
};

// ---- ddlx-not-enabled

const NOT_ENABLED_ADVICE: Partial<Record<A.StatementKind, string>> = {
  grant: 'Permissions are not enforced in Electric 0.6–0.12; remove the statement (keep it in a comment until permissions ship)',
  revoke: 'Permissions are not enforced in Electric 0.6–0.12; remove the statement',
  assign: 'Role assignments are not enforced in Electric 0.6–0.12; remove the statement',
  unassign: 'Role assignments are not enforced in Electric 0.6–0.12; remove the statement',
  disableElectric: 'An electrified table cannot be un-electrified (the procedure behind it does nothing); remove the statement',
  sqlite: 'The SQLITE command is not implemented (the procedure behind it does nothing); remove the statement',
};

export const ddlxNotEnabledCheck: StatementCheck = ({ statement, file }) => {
  const ddlx = ddlxStatement(statement);
  if (!ddlx || ddlx.kind === 'enableElectric') return [];
  const tag = commandTag(ddlx);
  return [
    {
      code: 'ddlx-not-enabled',
      span: commandKeywordsSpan(file.text, ddlx),
      message:
        `Electric's migrations proxy rejects this by default: EX001 "${tag} is currently unsupported" (the proxy_ddlx_* feature flags are off). ` +
        `Even with the flag on, nothing enforces it during sync. ${NOT_ENABLED_ADVICE[ddlx.kind]}.`,
      data: { command: tag || 'ELECTRIC SQLITE' },
    },
  ];
};

// ---- ddlx-before-proxy (0.6)

export const ddlxBeforeProxyCheck: StatementCheck = ({ statement, file, catalog, version }) => {
  const ddlx = ddlxStatement(statement);
  if (!ddlx || compareVersions(version, '0.7') >= 0) return [];
  if ((ddlx.kind === 'enableElectric' || ddlx.kind === 'disableElectric') && ddlx.syntax === 'call') return [];
  const span = commandKeywordsSpan(file.text, ddlx);
  if (ddlx.kind === 'enableElectric') {
    const key = catalog.tableKey(ddlx.table);
    const replacement = electrifySuggestion(key, version);
    return [
      {
        code: 'ddlx-before-proxy',
        span,
        message:
          `Electric 0.6 has no migrations proxy, so Postgres itself runs this and rejects it (syntax error at or near "ELECTRIC"); the whole migration fails. ` +
          `Electrify with the procedure instead: ${replacement};`,
        data: { replacementSpan: ddlx.span, replacement, table: key },
      },
    ];
  }
  return [
    {
      code: 'ddlx-before-proxy',
      span,
      message:
        `Electric 0.6 has no migrations proxy and no DDLX, so Postgres itself runs this and rejects it (syntax error at or near "ELECTRIC"); ` +
        `the whole migration fails. ${ddlx.kind === 'disableElectric' ? 'A table cannot be un-electrified in 0.6' : 'Permissions do not exist in 0.6'}: remove the statement.`,
      data: { replacementSpan: ddlx.span, replacement: '' },
    },
  ];
};

export const DDLX_CHECKS: readonly StatementCheck[] = [
  ddlxBeforeProxyCheck,
  ddlxSyntaxUnsupportedCheck,
  ddlxReservedWordCheck,
  ddlxInvalidRoleCheck,
  ddlxScopeIgnoredCheck,
  ddlxNotEnabledCheck,
];
