/**
 * The electrify-* rules: what Electric's `electrify()` procedure checks when a table is electrified
 * (`ALTER TABLE t ENABLE ELECTRIC`, `ELECTRIC ENABLE t`, `CALL electric.electrify('t')`; electric-ddlx.md §d.4),
 * plus the warnings the docs ask for (sequential keys, foreign keys to tables that never sync).
 *
 * Order of Electric's own checks (ELECTRIFY_SQL): ordinary table → schema (0.9.3+) → already electrified (a NOTICE
 * from 0.7, an error in 0.6, and no further checks) → column types → defaults (0.7+) → primary key and constraints
 * (0.9+). Electric stops at the first failure; the linter reports every problem at once, except after the checks
 * that make the rest meaningless (no such table, not an ordinary table, already electrified).
 *
 * Ranges (product.md §4 "Ranges"): per-column and per-constraint findings point at the clause when it is written in
 * the file of the electrify statement, else at the table name in the electrify statement with related information
 * at the definition (an applied migration cannot be edited). The other findings point at that table name.
 */
import type { Catalog, ColumnInfo, ConstraintInfo, Located, TableInfo } from '../schema/catalog';
import { electricBuiltInTypes, enumsSupported, invalidEnumLabels, isIntegerType, supportedTypesText, type NormalType } from '../schema/types';
import type * as A from '../syntax/ast';
import { pgQuoted, quoteIdent } from './names';
import type { StatementCheck, StatementCheckContext } from './context';
import { compareVersions, type ElectricVersion, type Finding, type RelatedInfo } from './types';

/** The statement that electrifies `table` in the syntax of the version: what a fix should say. */
export function electrifySuggestion(key: string, version: ElectricVersion): string {
  const [schema, ...rest] = key.split('.');
  const name = rest.join('.');
  const written = schema === 'public' ? quoteIdent(name) : pgQuoted(key);
  if (compareVersions(version, '0.7') < 0) return `CALL electric.electrify('${written.replace(/'/g, "''")}')`;
  return `ALTER TABLE ${written} ENABLE ELECTRIC`;
}

interface Electrify {
  ctx: StatementCheckContext;
  statement: A.EnableElectricStatement;
  table: TableInfo;
  /** Electric's name for the table in its messages. */
  shown: string;
}

/** A finding about one clause: on the clause when it is in this file, else on the electrify statement's table name. */
function atClause(e: Electrify, code: string, where: Located, message: string, relatedMessage: string, data: Record<string, unknown>): Finding {
  const here = where.file === e.ctx.file.path;
  // `at`: the span is another statement's clause, which may move on its own when the file is edited.
  const finding: Finding = { code, span: here ? where.span : e.statement.table.span, ...(here ? { at: where } : {}), message, data: { table: e.table.key, ...data } };
  if (!here) finding.related = [{ at: where, message: relatedMessage }];
  return finding;
}

function atTableName(e: Electrify, code: string, message: string, data: Record<string, unknown> = {}, related?: RelatedInfo[]): Finding {
  return { code, span: e.statement.table.span, message, data: { table: e.table.key, ...data }, ...(related ? { related } : {}) };
}

export const electrifyCheck: StatementCheck = (ctx) => {
  const { statement, catalog, version } = ctx;
  if (statement.kind !== 'enableElectric') return [];
  const table = catalog.table(statement.table);
  if (!table) return catalog.mayBeUnmodelled(statement.table) ? [] : [unknownTable(ctx, statement, catalog)];
  const e: Electrify = { ctx, statement, table, shown: pgQuoted(table.key) };
  if (table.kind !== 'table') return [notTable(e)];
  const findings: Finding[] = [];
  if (table.schema !== 'public') findings.push(notPublic(e));
  if (table.electrified) {
    findings.push(twice(e));
    return findings;
  }
  if (compareVersions(version, '0.9') >= 0 && table.columnsKnown && !table.constraints.some((c) => c.kind === 'primaryKey')) {
    findings.push(noPrimaryKey(e));
  }
  for (const column of table.columns.values()) {
    const problem = typeProblem(column.type, catalog, version);
    if (problem) findings.push(unsupportedType(e, column, problem));
  }
  for (const column of table.columns.values()) {
    if (column.default) findings.push(defaultColumn(e, column, column.default));
  }
  for (const constraint of table.constraints) {
    if (constraint.kind === 'check' || constraint.kind === 'unique' || constraint.kind === 'exclude') findings.push(unsupportedConstraint(e, constraint));
  }
  findings.push(...sequentialKeys(e));
  foreignKeysToUnelectrified(e);
  return findings;
};

// ---- electrify-unknown-table

function unknownTable(ctx: StatementCheckContext, statement: A.EnableElectricStatement, catalog: Catalog): Finding {
  const key = catalog.tableKey(statement.table);
  return {
    code: 'electrify-unknown-table',
    span: statement.table.span,
    message:
      `No earlier statement creates the table ${pgQuoted(key)}, so Electric rejects this (Postgres: relation "${pgQuoted(key)}" does not exist) ` +
      `and the whole migration fails. Create the table before electrifying it (in this file above, or in an earlier migration), or fix the name.`,
    data: { table: key },
  };
}

// ---- electrify-not-table

const KIND_WORDS: Record<TableInfo['kind'], string> = {
  table: 'table',
  partitioned: 'partitioned table',
  foreign: 'foreign table',
  view: 'view',
  'materialized view': 'materialized view',
};

function notTable(e: Electrify): Finding {
  const what = KIND_WORDS[e.table.kind];
  return atTableName(
    e,
    'electrify-not-table',
    `${e.shown} is a ${what}. Electric rejects this: "${e.shown} is not an ordinary table". Only ordinary tables can be electrified: ` +
      `electrify the underlying table instead${e.table.kind === 'partitioned' ? ' (or create it without PARTITION BY)' : ''}.`,
    { kind: e.table.kind },
    [{ at: e.table.definedAt, message: `${e.shown} is created as a ${what} here` }],
  );
}

// ---- electrify-not-public (0.9.3+; the policy gates it to 0.9+)

function notPublic(e: Electrify): Finding {
  return atTableName(
    e,
    'electrify-not-public',
    `Electric rejects this: "Cannot electrify ${e.shown} because only tables in the default \`public\` schema can be electrified." ` +
      `Create the table in schema public to sync it.`,
    { schema: e.table.schema },
  );
}

// ---- electrify-twice

function twice(e: Electrify): Finding {
  const first = e.table.electrified!;
  const at06 = compareVersions(e.ctx.version, '0.7') < 0;
  const message = at06
    ? `${e.shown} is already electrified. Electric 0.6 rejects this: "table ${e.table.schema}.${e.table.name} is already electrified", and the migration fails. Remove this statement.`
    : `${e.shown} is already electrified. Electric ignores this (NOTICE "table ${e.table.schema}.${e.table.name} is already electrified"); remove the duplicate statement.`;
  return {
    ...atTableName(e, 'electrify-twice', message, {}, [{ at: first.at, message: `${e.shown} is first electrified here` }]),
    ...(at06 ? { severity: 'error' as const } : {}),
  };
}

// ---- electrify-no-primary-key (0.9+)

function noPrimaryKey(e: Electrify): Finding {
  return atTableName(
    e,
    'electrify-no-primary-key',
    `Electric rejects this: "Cannot electrify ${e.shown} because it doesn't have a PRIMARY KEY." Give the table a primary key ` +
      `before electrifying it, preferably a uuid generated by the client (composite keys work too).`,
    {},
    [{ at: e.table.definedAt, message: `${e.shown} is created here` }],
  );
}

// ---- electrify-unsupported-type

/** Why Electric will not sync a column of this type in this version, or undefined when it will. */
export function typeProblem(type: NormalType, catalog: Catalog, version: ElectricVersion): string | undefined {
  const shown = displayType(type);
  if (type.arrayDims > 0) {
    return `arrays (${shown}) are not supported by any Electric release; ${compareVersions(version, '0.8') >= 0 ? 'store the values in a jsonb column or ' : ''}use a separate table`;
  }
  const userType = type.userType ? catalog.types.get(type.userType) : undefined;
  if (userType) {
    if (userType.kind === 'enum') {
      if (!enumsSupported(version)) return `enum type ${userType.name}: enums are synced from Electric 0.9; use text (or upgrade)`;
      const bad = invalidEnumLabels(userType.values);
      if (bad.length === 0) return undefined;
      return `enum type ${userType.name} contains unsupported values ${bad.map((v) => `'${v}'`).join(', ')}: Electric 0.9+ needs labels that look like identifiers (a letter, then letters, digits or _)`;
    }
    if (userType.kind === 'domain') return `${userType.name} is a domain, which Electric does not sync; use its base type`;
    return `${userType.name} is a ${userType.kind} type, which Electric does not sync`;
  }
  const supported = electricBuiltInTypes(version);
  if (!supported.has(type.base)) {
    const later = (['0.8', '0.10'] as const).find((v) => compareVersions(v, version) > 0 && electricBuiltInTypes(v).has(type.base));
    if (later) return `${shown} is synced from Electric ${later}; use a type this release supports (or upgrade)`;
    if (type.base === 'bpchar') return `${shown} (char/character) is not supported; use text or varchar`;
    if (type.base === 'json') return `json is not supported; use ${compareVersions(version, '0.8') >= 0 ? 'jsonb' : 'text'}`;
    return `${shown} is not a type Electric ${version} syncs`;
  }
  // Electrify's type check reads the type's name, and the length only for varchar (electric-ddlx.md §d.4): a
  // precision on time types (`timestamp(3)`, as Prisma writes it) passes; ADD COLUMN rejects it (addColumn.ts).
  if (type.modifiers.length > 0 && type.base === 'varchar') return `${shown}: Electric only supports varchar without a length; use varchar or text`;
  return undefined;
}

/** As Postgres' format_type prints the column in Electric's message (a serial column is its integer type). */
function displayType(type: NormalType): string {
  return type.serial ? type.base : type.display;
}

function unsupportedType(e: Electrify, column: ColumnInfo, problem: string): Finding {
  const message =
    `Electric rejects this: "Cannot electrify ${e.shown} because some of its columns have types not supported by Electric: ` +
    `${quoteIdent(column.name)} ${displayType(column.type)}" — ${problem}. Electric ${e.ctx.version} syncs ${supportedTypesText(e.ctx.version)}.`;
  return atClause(e, 'electrify-unsupported-type', column.typeAt, message, `column ${column.name} is declared with type ${displayType(column.type)} here`, {
    column: column.name,
    type: displayType(column.type),
  });
}

// ---- electrify-default (0.7+)

function defaultColumn(e: Electrify, column: ColumnInfo, def: NonNullable<ColumnInfo['default']>): Finding {
  const what =
    def.source === 'serial'
      ? `${column.type.serial} implies DEFAULT nextval(…); use a uuid key generated by the client instead`
      : def.source === 'generated'
        ? 'GENERATED … STORED stores a generation expression; compute the value in the application instead'
        : 'remove the DEFAULT and set the value when inserting (clients write rows offline, without the server default)';
  const message =
    `Electric rejects this: "Cannot electrify ${e.shown} because some of its columns have DEFAULT expressions which are not currently supported by Electric: ` +
    `${quoteIdent(column.name)}" — ${what}.`;
  return atClause(e, 'electrify-default', def.at, message, `column ${column.name} gets its default here`, {
    column: column.name,
    source: def.source,
    // The diagnostic itself covers the DEFAULT clause when it is in this file: a code action can remove it.
    ...(def.source === 'default' && def.at.file === e.ctx.file.path ? { removableDefault: true } : {}),
  });
}

// ---- electrify-constraint (0.9+)

const CONSTRAINT_WORDS: Partial<Record<ConstraintInfo['kind'], string>> = { check: 'CHECK', unique: 'UNIQUE', exclude: 'EXCLUDE' };

function unsupportedConstraint(e: Electrify, constraint: ConstraintInfo): Finding {
  const word = CONSTRAINT_WORDS[constraint.kind]!;
  const columns = constraint.columns.length > 0 ? constraint.columns.map(quoteIdent).join(', ') : constraint.name;
  const message =
    `Electric rejects this: "Cannot electrify ${e.shown} because some of its columns have CHECK, UNIQUE, EXCLUDE or user-defined constraints ` +
    `which are not currently supported by Electric: ${columns}" — the ${word} constraint ${constraint.name} cannot be enforced on rows written offline. ` +
    `Remove it before electrifying the table and validate in the application.`;
  return atClause(e, 'electrify-constraint', constraint.at, message, `${word} constraint ${constraint.name} is defined here`, {
    constraint: constraint.name,
    kind: constraint.kind,
  });
}

// ---- electrify-sequential-key

function sequentialKeys(e: Electrify): Finding[] {
  const findings: Finding[] = [];
  const keyColumns = new Set(e.table.constraints.filter((c) => c.kind === 'primaryKey').flatMap((c) => c.columns));
  for (const name of keyColumns) {
    const column = e.table.columns.get(name);
    if (!column || !isIntegerType(column.type)) continue;
    const how = column.identity
      ? `GENERATED ${column.identity.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`
      : column.type.serial
        ? column.type.serial
        : column.default?.source === 'default' && /\bnextval\s*\(/i.test(column.default.expr ?? '')
          ? `DEFAULT ${column.default.expr}`
          : undefined;
    if (!how) continue;
    const message =
      `${e.shown}.${quoteIdent(column.name)} is a sequential integer primary key (${how}). Clients create rows offline on many devices, ` +
      `so sequential keys collide; Electric's docs ask for globally unique keys. Use a uuid (or text) key generated by the client.`;
    findings.push(atClause(e, 'electrify-sequential-key', column.definedAt, message, `key column ${column.name} is defined here`, { column: column.name }));
  }
  return findings;
}

// ---- electrify-fk-unelectrified

function foreignKeysToUnelectrified(e: Electrify): void {
  const targets = new Map<string, ConstraintInfo>();
  for (const c of e.table.constraints) {
    if (c.kind !== 'foreignKey' || !c.references || c.references.table === e.table.key) continue;
    // A target that does not exist is `unknown-table`'s to report.
    if (!e.ctx.catalog.tables.has(c.references.table) || targets.has(c.references.table)) continue;
    targets.set(c.references.table, c);
  }
  if (targets.size === 0) return;
  const { ctx, statement } = e;
  ctx.later((final) => {
    const findings: Finding[] = [];
    for (const [target, constraint] of targets) {
      const info = final.finalTable(target);
      // Dropped or renamed later: the set no longer says what becomes of it.
      if (!info || info.electrified) continue;
      findings.push({
        code: 'electrify-fk-unelectrified',
        span: statement.table.span,
        message:
          `${e.shown} references ${pgQuoted(target)}, which no migration electrifies. Electric accepts this, but the generated client ` +
          `and shapes that follow the relation need both tables synced. Electrify ${pgQuoted(target)} too (${electrifySuggestion(target, ctx.version)}).`,
        data: { table: e.table.key, references: target },
        related: [{ at: constraint.references!.at, message: `${e.shown} references ${pgQuoted(target)} here` }],
      });
    }
    return findings;
  });
}
