/**
 * Ohm semantics that turn a successful match of one statement into the AST of ./ast.ts.
 *
 * The grammar matched a lower-cased, dollar-masked copy of the statement, so names and literals are read back
 * from the original text (`source`) through the node's interval; every span is shifted by `base`, the statement's
 * offset in the file. Both are set by `buildStatement` for the duration of one evaluation (single-threaded).
 */
import { pexprs, type IterationNode, type Node } from 'ohm-js';
import grammar from '../grammar/migration.ohm-bundle';
import type * as A from './ast';
import type { PositionMap } from './compact';

let source = '';
let base = 0;
let positions: PositionMap | undefined;
/** DDLX statements collect the identifiers and unreleased constructs met while their children are evaluated. */
let ddlxNames: A.Name[] | undefined;
let unreleased: A.DdlxUnreleased[] | undefined;

// ohm-js 17 asks on every step of a match whether the current rule is syntactic, and answers by upper-casing the
// rule's name each time (about 5% of parse time). The answer never changes for a given rule application: cache it.
const applyPrototype = (pexprs as unknown as { Apply?: { prototype: { isSyntactic?: () => boolean } } }).Apply?.prototype;
const isSyntactic = applyPrototype?.isSyntactic;
if (applyPrototype && isSyntactic) {
  applyPrototype.isSyntactic = function (this: { syntacticCache?: boolean }) {
    return (this.syntacticCache ??= isSyntactic.call(this));
  };
}

const semantics = grammar.createSemantics();

/** Offset in the original statement of an offset in the compact text the grammar matched. */
function at(position: number): number {
  return positions ? positions.original(position) : position;
}

/**
 * The compact interval of a node without trailing blanks: a node that ends with an empty optional part (`PRIMARY
 * KEY` with no index parameters) would otherwise take in the spaces Ohm skipped before that empty part.
 */
function interval(node: Node): { start: number; end: number } {
  const { startIdx, endIdx, sourceString: input } = node.source;
  let end = endIdx;
  while (end > startIdx && input.charCodeAt(end - 1) === 32) end--;
  return { start: startIdx, end };
}

function sp(node: Node): A.Span {
  const { start, end } = interval(node);
  return { start: base + at(start), end: base + at(end) };
}

function original(node: Node): string {
  const { start, end } = interval(node);
  return source.slice(at(start), at(end));
}

function opaque(node: Node): A.Opaque {
  return { text: original(node), span: sp(node) };
}

function ast(node: Node): any {
  return (node as any).ast();
}

/** The AST of an optional `X?`, or undefined. */
function opt(node: IterationNode): any {
  return node.numChildren > 0 ? ast(node.child(0)) : undefined;
}

function present(node: IterationNode): boolean {
  return node.numChildren > 0;
}

function list(node: Node): any[] {
  return node.asIteration().children.map(ast);
}

/** A name written in a DDLX statement, collected for the reserved-word rule. */
function ddlxName(node: Node): A.Name {
  const name: A.Name = ast(node);
  ddlxNames?.push(name);
  return name;
}

function mark(feature: A.DdlxUnreleasedFeature, node: Node): void {
  unreleased?.push({ feature, span: sp(node) });
}

function keywordOf(node: Node): string {
  return node.sourceString.replace(/\s+/g, ' ');
}

function stringContent(node: Node): { value: string; span: A.Span } {
  const text = original(node);
  const s = sp(node);
  if (text.startsWith('$')) {
    const tag = text.slice(0, text.indexOf('$', 1) + 1);
    return { value: text.slice(tag.length, text.length - tag.length), span: { start: s.start + tag.length, end: s.end - tag.length } };
  }
  const open = text.indexOf("'") + 1;
  const body = text.slice(open, -1);
  const value = /^e/i.test(text) ? unescapeE(body) : body.replace(/''/g, "'");
  return { value, span: { start: s.start + open, end: s.end - 1 } };
}

function unescapeE(body: string): string {
  return body.replace(/''/g, "'").replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

function constraintFrom(nameIter: IterationNode, body: any, attrs: IterationNode | Node[], node: Node): any {
  const constraintName = opt(nameIter) as A.Name | undefined;
  const attributes = (Array.isArray(attrs) ? attrs : attrs.children).map((a) => a.sourceString);
  const deferrable = attributes.some((a) => /^deferrable/.test(a)) ? true : attributes.some((a) => /^not\s+deferrable/.test(a)) ? false : undefined;
  return { ...body, ...(constraintName ? { constraintName } : {}), ...(deferrable !== undefined ? { deferrable } : {}), span: sp(node) };
}

function dropBehavior(iter: IterationNode): A.DropBehavior | undefined {
  return present(iter) ? (iter.child(0).sourceString as A.DropBehavior) : undefined;
}

/** True when the whole text is one parenthesised group: `(a) AND (b)` is not. */
export function wrappedInParentheses(text: string): boolean {
  if (!text.startsWith('(')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

function ddlxExpression(node: Node): A.DdlxExpression {
  ast(node);
  const text = original(node);
  return { text, span: sp(node), parenthesized: wrappedInParentheses(text) };
}

/** Runs `build` collecting DDLX identifiers and unreleased constructs, and completes the DDLX statement. */
function ddlx<T extends object>(keyword: Node, node: Node, build: () => T): T & { keywordSpan: A.Span; unreleased: A.DdlxUnreleased[]; identifiers: A.Name[]; span: A.Span } {
  const outerNames = ddlxNames;
  const outerUnreleased = unreleased;
  ddlxNames = [];
  unreleased = [];
  try {
    const built = build();
    const bySpan = (x: { span: A.Span }, y: { span: A.Span }) => x.span.start - y.span.start;
    return { ...built, keywordSpan: sp(keyword), unreleased: unreleased.sort(bySpan), identifiers: ddlxNames.sort(bySpan), span: sp(node) };
  } finally {
    ddlxNames = outerNames;
    unreleased = outerUnreleased;
  }
}

function qualified(parts: A.Name[], node: Node): A.QualifiedName {
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return schema ? { schema, name, span: sp(node) } : { name, span: sp(node) };
}

semantics.addOperation<any>('ast', {
  // ---- generic defaults: pass single children through, evaluate the rest for their side effects
  _nonterminal(...children: Node[]) {
    if (children.length === 1) return ast(children[0]);
    children.forEach(ast);
    return undefined;
  },
  _iter(...children: Node[]) {
    return children.map(ast);
  },
  _terminal() {
    return this.sourceString;
  },

  // ---- names
  unquotedIdent(_start, _rest) {
    return { name: this.sourceString, quoted: false, span: sp(this) };
  },
  quotedIdent(_open, _chars, _close) {
    return { name: original(this).slice(1, -1).replace(/""/g, '"'), quoted: true, span: sp(this) };
  },
  ddlxIdent(inner) {
    return ddlxName(inner);
  },
  ddlxMember(inner) {
    return ddlxName(inner);
  },
  QualifiedName(first, _dot1, second, _dot2, third) {
    return qualified([ast(first), opt(second), opt(third)].filter((n): n is A.Name => n !== undefined), this);
  },
  DdlxTable_qualified(schema, _dot, name) {
    return qualified([ast(schema), ast(name)], this);
  },
  DdlxTable_bare(name) {
    return qualified([ast(name)], this);
  },
  DdlxColumnRef_schema(schema, _d1, table, _d2, column) {
    return { schema: ast(schema), table: ast(table), column: ast(column), span: sp(this) };
  },
  DdlxColumnRef_table(table, _dot, column) {
    return { table: ast(table), column: ast(column), span: sp(this) };
  },
  ColumnList(_open, names, _close) {
    return list(names);
  },

  // ---- DDLX
  Ddlx_alterTable(alter, _table, table, toggle, _electric) {
    return ddlx(alter, this, () => ({
      kind: toggle.sourceString === 'enable' ? 'enableElectric' : 'disableElectric',
      syntax: 'alterTable',
      table: ast(table),
    }));
  },
  Ddlx_electric(electric, command) {
    return ddlx(electric, this, () => ast(command));
  },
  DdlxCommand_enable(toggle, table) {
    return { kind: toggle.sourceString === 'enable' ? 'enableElectric' : 'disableElectric', syntax: 'electric', table: ast(table) };
  },
  DdlxCommand_assign(_assign, role, _to, user, ifClause) {
    const ifExpr = opt(ifClause);
    return { kind: 'assign', role: ast(role), user: ast(user), ...(ifExpr ? { ifExpr } : {}) };
  },
  DdlxCommand_unassign(_unassign, role, _from, user) {
    return { kind: 'unassign', role: ast(role), user: ast(user) };
  },
  DdlxCommand_grant(_grant, privileges, _on, tableKeyword, tables, _to, roles, using, check) {
    const grant = grantBody('grant', privileges, tableKeyword, tables, roles);
    const usingPath = opt(using);
    const checkExpr = opt(check);
    return { ...grant, ...(usingPath ? { using: usingPath } : {}), ...(checkExpr ? { check: checkExpr } : {}) };
  },
  DdlxCommand_revoke(_revoke, privileges, _on, tableKeyword, tables, _from, roles) {
    return grantBody('revoke', privileges, tableKeyword, tables, roles);
  },
  DdlxCommand_sqlite(_sqlite, body) {
    const { value, span } = stringContent(body);
    return { kind: 'sqlite', body: { text: value, span } };
  },
  DdlxPrivileges(privileges, columns) {
    const items = privileges.asIteration().children;
    if (items.length > 1) mark('privilege-list', privileges);
    return { privileges: items.map(ast), columns: opt(columns) };
  },
  DdlxPrivilege_allPrivileges(_all, _privileges) {
    mark('all-privileges', this);
    return { name: 'all', span: sp(this) };
  },
  DdlxPrivilege(inner) {
    if (inner.ctorName === 'DdlxPrivilege_allPrivileges') return ast(inner);
    return { name: inner.sourceString.replace(/\s+/g, ' ').split(' ')[0], span: sp(this) };
  },
  DdlxColumnList(_open, names, _close) {
    return list(names);
  },
  DdlxScopedRole_tuple(_open, scope, _comma, role, _close) {
    return { ...ast(role), scope: { form: 'tuple', ...scopeName(scope), span: sp(scope) }, span: sp(this) };
  },
  DdlxScopedRole_colon(scope, _colon, role) {
    return { ...ast(role), scope: { form: 'colon', ...scopeName(scope), span: sp(scope) }, span: sp(this) };
  },
  DdlxRole_string(literal) {
    const { value, span } = stringContent(literal);
    return { form: 'string', value, valueSpan: span, span: sp(this) };
  },
  DdlxRole_anyone(_kw) {
    mark('bare-anyone', this);
    return { form: 'anyone', span: sp(this) };
  },
  DdlxRole_authenticated(_kw) {
    mark('bare-authenticated', this);
    return { form: 'authenticated', span: sp(this) };
  },
  DdlxRole_column(column) {
    return { form: 'column', column: ast(column), span: sp(this) };
  },
  DdlxRole_identifier(identifier) {
    return { form: 'identifier', identifier: ast(identifier), span: sp(this) };
  },
  DdlxUsing(_using, path) {
    return { path: list(path), span: sp(this) };
  },
  DdlxCheck(_check, _open, expr, _close) {
    return { ...ddlxExpression(expr), parenthesized: true };
  },
  DdlxIf(_if, expr) {
    const e = ddlxExpression(expr);
    if (!e.parenthesized) mark('if-without-parentheses', expr);
    return e;
  },
  DdlxUnary_not(_nots, operand) {
    // One finding for a run of NOTs: rewriting the outermost removes them all.
    mark('prefix-not', this);
    ast(operand);
  },
  DdlxTerm_isNull(operand, _is, _not, _null) {
    mark('is-null', this);
    ast(operand);
  },
  DdlxPrimary_dotted(first, _dots, rest) {
    mark('dotted-name', this);
    ast(first);
    ast(rest);
  },
  DdlxOperand_float(_minus, _number) {
    mark('float-constant', this);
  },

  // ---- types
  TypeName(baseType, _peek, arrayBounds) {
    const type = ast(baseType);
    const bounds = opt(arrayBounds) as number | undefined;
    return {
      ...type,
      arrayDims: bounds ?? 0,
      ...(bounds ? { arraySpan: sp(arrayBounds) } : {}),
      span: sp(this),
    };
  },
  BaseType_double(_double, _precision) {
    return { name: 'double precision', modifiers: [] };
  },
  BaseType_characterVarying(_character, _varying, modifiers) {
    return { name: 'character varying', ...typeModifiers(modifiers) };
  },
  BaseType_nationalCharacter(_national, _character, modifiers) {
    return { name: 'character', ...typeModifiers(modifiers) };
  },
  BaseType_bitVarying(_bit, _varying, modifiers) {
    return { name: 'bit varying', ...typeModifiers(modifiers) };
  },
  BaseType_datetime(keyword, modifiers, timeZone) {
    const zone = !present(timeZone) ? '' : timeZone.child(0).child(0).ctorName === 'TimeZone_with' ? ' with time zone' : ' without time zone';
    return { name: keyword.sourceString + zone, ...typeModifiers(modifiers) };
  },
  BaseType_interval(_interval, _fields, modifiers) {
    return { name: 'interval', ...typeModifiers(modifiers) };
  },
  BaseType_named(name, modifiers) {
    const qualifiedName: A.QualifiedName = ast(name);
    return { name: qualifiedName.name.name, qualified: qualifiedName, ...typeModifiers(modifiers) };
  },
  ArrayBounds_brackets(open, _digits, _close) {
    return open.numChildren;
  },
  ArrayBounds_keyword(_array, _open, _digits, _close) {
    return 1;
  },

  // ---- CREATE TABLE
  CreateTable(_create, scope, _table, ifNotExists, name, body) {
    const scopeKind = present(scope) ? scope.child(0).sourceString : '';
    return {
      kind: 'createTable',
      name: ast(name),
      ifNotExists: present(ifNotExists),
      temporary: /temp/.test(scopeKind),
      unlogged: scopeKind === 'unlogged',
      elements: [],
      inherits: [],
      ...ast(body),
      span: sp(this),
    };
  },
  CreateTableBody_columns(_open, elements, _close, tails) {
    return { elements: list(elements), ...tableTails(tails) };
  },
  CreateTableBody_partitionOf(_partition, _of, parent, _open, elements, _close, _bound, tails) {
    return { partitionOf: ast(parent), elements: present(elements) ? list(elements.child(0)) : [], ...tableTails(tails) };
  },
  CreateTableBody_of(_of, _type, _open, _elements, _close, tails) {
    return { asQuery: opaque(this), ...tableTails(tails) };
  },
  CreateTableBody_as(_open, _names, _close, tails, _as, query) {
    return { asQuery: opaque(query), ...tableTails(tails) };
  },
  TableTail_inherits(_inherits, _open, parents, _close) {
    return { inherits: list(parents) };
  },
  TableTail_partitionBy(_partition, _by, _method, _open, _expr, _close) {
    return { partitionBy: sp(this) };
  },
  TableTail(inner) {
    return ast(inner) ?? {};
  },
  TableElement_constraint(constraint) {
    const { constraint: c } = ast(constraint);
    return { kind: 'tableConstraint', constraint: c, span: sp(this) };
  },
  TableElement_like(_like, table, _options) {
    return { kind: 'like', table: ast(table), span: sp(this) };
  },
  ColumnDef(name, type, options) {
    const constraints: A.ColumnConstraint[] = [];
    let collate: A.QualifiedName | undefined;
    for (const option of options.children) {
      const value = ast(option);
      if (value?.collate) collate = value.collate;
      else if (value?.kind) constraints.push(value);
    }
    return { kind: 'column', name: ast(name), type: ast(type), ...(collate ? { collate } : {}), constraints, span: sp(this) };
  },
  ColumnOption_collate(_collate, name) {
    return { collate: ast(name) };
  },
  ColumnOption_storage(_storage, _name) {
    return undefined;
  },
  ColumnOption_compression(_compression, _name) {
    return undefined;
  },
  ColumnConstraint(_constraint, name, body, attributes) {
    return constraintFrom(name, ast(body), attributes, this);
  },
  ColumnConstraintBody_notNull(_not, _null, _no, _inherit) {
    return { kind: 'notNull' };
  },
  ColumnConstraintBody_null(_null) {
    return { kind: 'null' };
  },
  ColumnConstraintBody_default(_default, expr) {
    return { kind: 'default', expr: opaque(expr) };
  },
  ColumnConstraintBody_primaryKey(_primary, _key, _parameters) {
    return { kind: 'primaryKey' };
  },
  ColumnConstraintBody_unique(_unique, _nulls, _parameters) {
    return { kind: 'unique' };
  },
  ColumnConstraintBody_check(_check, _open, expr, _close, _no, _inherit) {
    return { kind: 'check', expr: opaque(expr) };
  },
  ColumnConstraintBody_references(references) {
    return { kind: 'references', references: ast(references) };
  },
  ColumnConstraintBody_identity(_generated, identityKind, _as, _identity, _open, _options, _close) {
    return { kind: 'identity', always: identityKind.sourceString === 'always' };
  },
  ColumnConstraintBody_generated(_generated, _always, _as, _open, expr, _close, storage) {
    return { kind: 'generated', expr: opaque(expr), stored: !present(storage) || storage.child(0).sourceString === 'stored' };
  },
  References(_references, table, columns, _match, matchKind, triggers) {
    const clause: A.ReferencesClause = { table: ast(table), columns: opt(columns) ?? [], span: sp(this) };
    if (present(matchKind)) clause.match = matchKind.child(0).sourceString as A.ReferencesClause['match'];
    for (const trigger of triggers.children) {
      const event = trigger.child(1).sourceString;
      const action = keywordOf(trigger.child(2)).replace(/\s*\(.*$/, '') as A.ReferentialAction;
      if (event === 'delete') clause.onDelete = action;
      else clause.onUpdate = action;
    }
    return clause;
  },
  TableConstraint(_constraint, name, body, options) {
    const attributes = options.children.map((o) => o.child(0)).filter((o) => o.ctorName === 'TableConstraintOption_attribute');
    const notValid = options.children.some((o) => o.child(0).ctorName === 'TableConstraintOption_notValid');
    return { constraint: constraintFrom(name, ast(body), attributes, this), notValid };
  },
  TableConstraintBody_notNull(_not, _null, column) {
    return { kind: 'notNull', columns: [ast(column)] };
  },
  TableConstraintBody_primaryKey(_primary, _key, columns, _parameters) {
    return { kind: 'primaryKey', columns: ast(columns) };
  },
  TableConstraintBody_unique(_unique, _nulls, columns, _parameters) {
    return { kind: 'unique', columns: ast(columns) };
  },
  TableConstraintBody_check(_check, _open, expr, _close) {
    return { kind: 'check', expr: opaque(expr) };
  },
  TableConstraintBody_foreignKey(_foreign, _key, columns, references) {
    return { kind: 'foreignKey', columns: ast(columns), references: ast(references) };
  },
  TableConstraintBody_exclude(_exclude, _using, _method, _open, expr, _close, _parameters, _where, _wopen, _wexpr, _wclose) {
    return { kind: 'exclude', expr: opaque(expr) };
  },
  CreateForeignTable(_create, _foreign, _table, ifNotExists, name, _open, elements, _close, _rest) {
    return { kind: 'createForeignTable', name: ast(name), ifNotExists: present(ifNotExists), elements: list(elements), span: sp(this) };
  },

  // ---- ALTER TABLE
  AlterTable(_alter, foreign, _table, ifExists, only, name, _star, actions) {
    return {
      kind: 'alterTable',
      foreign: present(foreign),
      name: ast(name),
      ifExists: present(ifExists),
      only: present(only),
      actions: list(actions),
      span: sp(this),
    };
  },
  AlterTableAction_addConstraint(_add, constraint) {
    return { kind: 'addConstraint', ...ast(constraint), span: sp(this) };
  },
  AlterTableAction_addConstraintUsingIndex(_add, constraintKeyword, name, kind, _using, _index, index, _attributes) {
    const constraintName = opt(name);
    const clauseStart = present(constraintKeyword) ? constraintKeyword : kind;
    return {
      kind: 'addConstraintUsingIndex',
      constraint: kind.child(0).ctorName === 'IndexConstraintKind_primaryKey' ? 'primaryKey' : 'unique',
      ...(constraintName ? { constraintName } : {}),
      index: ast(index),
      constraintSpan: { start: sp(clauseStart).start, end: sp(this).end },
      span: sp(this),
    };
  },
  AlterTableAction_addColumn(_add, _column, ifNotExists, column) {
    return { kind: 'addColumn', ifNotExists: present(ifNotExists), column: ast(column), span: sp(this) };
  },
  AlterTableAction_dropConstraint(_drop, _constraint, ifExists, name, behavior) {
    return { kind: 'dropConstraint', constraintName: ast(name), ifExists: present(ifExists), behavior: dropBehavior(behavior), span: sp(this) };
  },
  AlterTableAction_dropColumn(_drop, _column, ifExists, name, behavior) {
    return { kind: 'dropColumn', column: ast(name), ifExists: present(ifExists), behavior: dropBehavior(behavior), span: sp(this) };
  },
  AlterTableAction_alterConstraint(_alter, _constraint, name, _attributes) {
    return { kind: 'alterConstraint', constraintName: ast(name), span: sp(this) };
  },
  AlterTableAction_alterColumn(_alter, _column, name, action) {
    return { ...ast(action), column: ast(name), span: sp(this) };
  },
  AlterTableAction_validateConstraint(_validate, _constraint, name) {
    return { kind: 'validateConstraint', constraintName: ast(name), span: sp(this) };
  },
  AlterTableAction_renameConstraint(_rename, _constraint, from, _to, to) {
    return { kind: 'renameConstraint', from: ast(from), to: ast(to), span: sp(this) };
  },
  AlterTableAction_renameTable(_rename, _to, to) {
    return { kind: 'renameTable', to: ast(to), span: sp(this) };
  },
  AlterTableAction_renameColumn(_rename, _column, from, _to, to) {
    return { kind: 'renameColumn', from: ast(from), to: ast(to), span: sp(this) };
  },
  AlterTableAction_setSchema(_set, _schema, schema) {
    return { kind: 'setSchema', schema: ast(schema), span: sp(this) };
  },
  AlterTableAction_ownerTo(_owner, _to, _role) {
    return { kind: 'ownerTo', span: sp(this) };
  },
  AlterTableAction_trigger(toggle, _trigger, _name) {
    const words = toggle.sourceString.split(/\s+/);
    const mode = words[1] as 'always' | 'replica' | undefined;
    return { kind: 'trigger', enable: words[0] === 'enable', ...(mode ? { mode } : {}), span: sp(this) };
  },
  AlterTableAction_rule(toggle, _rule, _name) {
    return { kind: 'rule', enable: toggle.sourceString.startsWith('enable'), span: sp(this) };
  },
  AlterTableAction_rowLevelSecurity(mode, _row, _level, _security) {
    const modes: Record<string, string> = { enable: 'enable', disable: 'disable', force: 'force' };
    return { kind: 'rowLevelSecurity', mode: modes[mode.sourceString] ?? 'noForce', span: sp(this) };
  },
  AlterTableAction_clusterOn(_cluster, _on, _index) {
    return { kind: 'cluster', span: sp(this) };
  },
  AlterTableAction_setWithoutCluster(_set, _without, _cluster) {
    return { kind: 'cluster', span: sp(this) };
  },
  AlterTableAction_setWithoutOids(_set, _without, _oids) {
    return { kind: 'setWithoutOids', span: sp(this) };
  },
  AlterTableAction_setAccessMethod(_set, _access, _method, _name) {
    return { kind: 'setAccessMethod', span: sp(this) };
  },
  AlterTableAction_setTablespace(_set, _tablespace, _name) {
    return { kind: 'setTablespace', span: sp(this) };
  },
  AlterTableAction_setLogged(_set, which) {
    return { kind: 'setLogged', logged: which.sourceString === 'logged', span: sp(this) };
  },
  AlterTableAction_tableOptions(which, _open, _options, _close) {
    return { kind: 'tableOptions', reset: which.sourceString === 'reset', span: sp(this) };
  },
  AlterTableAction_inherit(no, _inherit, parent) {
    return { kind: 'inherit', inherit: !present(no), parent: ast(parent), span: sp(this) };
  },
  AlterTableAction_notOf(_not, _of) {
    return { kind: 'notOf', span: sp(this) };
  },
  AlterTableAction_of(_of, _type) {
    return { kind: 'of', span: sp(this) };
  },
  AlterTableAction_replicaIdentity(_replica, _identity, _kind) {
    return { kind: 'replicaIdentity', span: sp(this) };
  },
  AlterTableAction_attachPartition(_attach, _partition, name, _bound) {
    return { kind: 'attachPartition', partition: ast(name), span: sp(this) };
  },
  AlterTableAction_detachPartition(_detach, _partition, name, _mode) {
    return { kind: 'detachPartition', partition: ast(name), span: sp(this) };
  },
  AlterColumnAction_type(_set, _data, _type, type, _collate, collation, _using, using) {
    const collate = opt(collation);
    return {
      kind: 'alterColumnType',
      type: ast(type),
      ...(collate ? { collate } : {}),
      ...(present(using) ? { using: opaque(using.child(0)) } : {}),
    };
  },
  AlterColumnAction_setDefault(_set, _default, expr) {
    return { kind: 'setDefault', expr: opaque(expr) };
  },
  AlterColumnAction_dropDefault(_drop, _default) {
    return { kind: 'dropDefault' };
  },
  AlterColumnAction_setNotNull(_set, _not, _null) {
    return { kind: 'setNotNull' };
  },
  AlterColumnAction_dropNotNull(_drop, _not, _null) {
    return { kind: 'dropNotNull' };
  },
  AlterColumnAction_dropExpression(_drop, _expression, _ifExists) {
    return { kind: 'dropExpression' };
  },
  AlterColumnAction_addIdentity(_add, _generated, identityKind, _as, _identity, _open, _options, _close) {
    return { kind: 'addIdentity', always: identityKind.sourceString === 'always' };
  },
  AlterColumnAction_dropIdentity(_drop, _identity, _ifExists) {
    return { kind: 'dropIdentity' };
  },
  AlterColumnAction_setStatistics(_set, _statistics, _value) {
    return { kind: 'alterColumnStorage', option: 'statistics' };
  },
  AlterColumnAction_setStorage(_set, _storage, _value) {
    return { kind: 'alterColumnStorage', option: 'storage' };
  },
  AlterColumnAction_setCompression(_set, _compression, _value) {
    return { kind: 'alterColumnStorage', option: 'compression' };
  },
  AlterColumnAction_options(which, _open, _options, _close) {
    return { kind: 'alterColumnStorage', option: which.sourceString === 'reset' ? 'reset' : 'set' };
  },
  AlterColumnAction_setIdentity(_options) {
    return { kind: 'setIdentity' };
  },

  // ---- CREATE INDEX
  CreateIndex(_create, unique, _index, concurrently, indexName, _on, only, table, method, _open, elements, _close, tails) {
    const name = opt(indexName);
    const statement: A.CreateIndexStatement = {
      kind: 'createIndex',
      unique: present(unique),
      concurrently: present(concurrently),
      ifNotExists: present(indexName) && indexName.child(0).child(0).ctorName === 'IndexName_ifNotExists',
      ...(name ? { name } : {}),
      table: ast(table),
      only: present(only),
      ...(present(method) ? { method: ast(method.child(0).child(1)) } : {}),
      elements: list(elements),
      include: [],
      span: sp(this),
    };
    for (const tail of tails.children) {
      const alternative = tail.child(0);
      if (alternative.ctorName === 'IndexTail_include') statement.include = ast(alternative.child(1));
      if (alternative.ctorName === 'IndexTail_where') statement.where = opaque(alternative.child(1));
    }
    return statement;
  },
  IndexName_ifNotExists(_ifNotExists, name) {
    return ast(name);
  },
  IndexName_plain(name) {
    return ast(name);
  },
  IndexElement(head, _collate, _collation, _opclass, _direction, _nulls, _order) {
    const value = ast(head);
    return { ...value, span: sp(this) };
  },
  IndexElementHead_expr(_open, _expr, _close) {
    return { expr: opaque(this) };
  },
  IndexElementHead_call(_name, _open, _args, _close) {
    return { expr: opaque(this) };
  },
  IndexElementHead_column(name) {
    return { column: ast(name) };
  },

  // ---- DROP
  Drop(_drop, object, ifExists, targets, _on, onTable, behavior) {
    const objectType = dropObjectType(object);
    return {
      kind: 'drop',
      objectType,
      objectKeywordsSpan: sp(object),
      ifExists: present(ifExists),
      concurrently: /concurrently/.test(object.sourceString),
      names: list(targets),
      ...(present(onTable) ? { onTable: ast(onTable.child(0)) } : {}),
      behavior: dropBehavior(behavior),
      span: sp(this),
    };
  },
  DropTarget(name, _open, _args, _close) {
    return ast(name);
  },

  // ---- types
  CreateType_enum(_create, _type, name, _as, _enum, _open, values, _close) {
    return {
      kind: 'createType', name: ast(name), variant: 'enum', attributes: [],
      values: values.asIteration().children.map(stringContent).map(({ value, span }) => ({ value, span })),
      span: sp(this),
    };
  },
  CreateType_composite(_create, _type, name, _as, _open, attributes, _close) {
    return { kind: 'createType', name: ast(name), variant: 'composite', values: [], attributes: list(attributes), span: sp(this) };
  },
  CreateType_range(_create, _type, name, _as, _range, _open, _options, _close) {
    return { kind: 'createType', name: ast(name), variant: 'range', values: [], attributes: [], span: sp(this) };
  },
  CreateType_base(_create, _type, name, _open, _options, _close) {
    return { kind: 'createType', name: ast(name), variant: 'base', values: [], attributes: [], span: sp(this) };
  },
  CreateType_shell(_create, _type, name) {
    return { kind: 'createType', name: ast(name), variant: 'shell', values: [], attributes: [], span: sp(this) };
  },
  AlterType(_alter, _type, name, action) {
    return { kind: 'alterType', name: ast(name), action: ast(action), span: sp(this) };
  },
  AlterTypeAction_addValue(_add, _value, ifNotExists, value, position, neighbor) {
    const { value: label, span } = stringContent(value);
    return {
      kind: 'addValue', value: label, valueSpan: span, ifNotExists: present(ifNotExists),
      ...(present(position) ? { position: position.child(0).sourceString, neighbor: stringContent(neighbor.child(0)).value } : {}),
      span: sp(this),
    };
  },
  AlterTypeAction_renameValue(_rename, _value, from, _to, to) {
    return { kind: 'renameValue', from: stringContent(from).value, to: stringContent(to).value, span: sp(this) };
  },
  AlterTypeAction_renameTo(_rename, _to, name) {
    return { kind: 'renameTo', to: ast(name), span: sp(this) };
  },
  AlterTypeAction_other(_rest) {
    return { kind: 'other', span: sp(this) };
  },
  CreateDomain(_create, _domain, name, _as, type, _rest) {
    return { kind: 'createDomain', name: ast(name), type: ast(type), span: sp(this) };
  },

  // ---- other DDL
  CreateSchema(_create, _schema, ifNotExists, name, _rest) {
    const schemaName = opt(name);
    return { kind: 'createSchema', ...(schemaName ? { name: schemaName } : {}), ifNotExists: present(ifNotExists), span: sp(this) };
  },
  CreateExtension(_create, _extension, ifNotExists, name, _rest) {
    return { kind: 'createExtension', name: ast(name), ifNotExists: present(ifNotExists), span: sp(this) };
  },
  CreateSequence(_create, _scope, _sequence, _ifNotExists, name, _rest) {
    return { kind: 'createSequence', name: ast(name), span: sp(this) };
  },
  AlterSequence(_alter, _sequence, _ifExists, name, _rest) {
    return { kind: 'alterSequence', name: ast(name), span: sp(this) };
  },
  CreateFunction(_create, orReplace, kind, name, _open, _args, _close, clauses) {
    const statement: A.CreateFunctionStatement = {
      kind: 'createFunction',
      procedure: kind.sourceString === 'procedure',
      orReplace: present(orReplace),
      name: ast(name),
      span: sp(this),
    };
    for (const clause of clauses.children) {
      const alternative = clause.child(0);
      if (alternative.ctorName === 'FunctionClause_language') {
        statement.language = stringOrWord(alternative.child(1));
      } else if (alternative.ctorName === 'FunctionClause_as') {
        const { value, span } = stringContent(alternative.child(1));
        statement.body = { text: value, span };
      } else if (alternative.ctorName === 'FunctionClause_atomic') {
        statement.body = opaque(alternative);
      }
    }
    return statement;
  },
  CreateTrigger(_create, orReplace, constraint, _trigger, name, _events, _on, table, _options, execute) {
    return {
      kind: 'createTrigger',
      orReplace: present(orReplace),
      constraint: present(constraint),
      name: ast(name),
      table: ast(table),
      function: ast(execute.child(2)),
      span: sp(this),
    };
  },
  CreateView_view(_create, orReplace, _scope, _recursive, _view, name, _options, _as, query) {
    return { kind: 'createView', orReplace: present(orReplace), materialized: false, name: ast(name), query: opaque(query), span: sp(this) };
  },
  CreateView_materialized(_create, _materialized, _view, _ifNotExists, name, _options, _as, query) {
    return { kind: 'createView', orReplace: false, materialized: true, name: ast(name), query: opaque(query), span: sp(this) };
  },
  Comment(_comment, _on, object, target, _arguments, _onTable, _is, _value) {
    return { kind: 'comment', objectType: keywordOf(object), target: list(target), span: sp(this) };
  },
  PgGrant_onTables(verb, _privileges, _on, _table, tables, _to, _rest) {
    return { kind: 'pgGrant', revoke: verb.sourceString === 'revoke', tables: list(tables), span: sp(this) };
  },
  PgGrant_other(verb, _rest) {
    return { kind: 'pgGrant', revoke: verb.sourceString === 'revoke', tables: [], span: sp(this) };
  },

  // ---- DML and the rest
  Insert(_insert, _into, table, _as, _alias, columns, _rest) {
    return { kind: 'insert', table: ast(table), columns: opt(columns) ?? [], span: sp(this) };
  },
  Update(_update, _only, table, _star, _rest) {
    return { kind: 'update', table: ast(table), span: sp(this) };
  },
  Delete(_delete, _from, _only, table, _star, _rest) {
    return { kind: 'delete', table: ast(table), span: sp(this) };
  },
  Truncate(_truncate, _table, targets, _rest) {
    return { kind: 'truncate', tables: targets.asIteration().children.map((t) => ast(t.child(1))), span: sp(this) };
  },
  Query(keyword, _rest) {
    return { kind: 'query', keyword: keyword.sourceString, span: sp(this) };
  },
  Transaction_verb(verb, _rest) {
    return { kind: 'transaction', verb: verb.sourceString, span: sp(this) };
  },
  Transaction_prepare(_prepare, _transaction, _rest) {
    return { kind: 'transaction', verb: 'prepare', span: sp(this) };
  },
  Set_searchPath(_set, _scope, _searchPath, _to, items) {
    const searchPath = items.asIteration().children.map(searchPathItem).filter((n): n is A.Name => n !== undefined);
    return { kind: 'set', reset: false, parameter: 'search_path', searchPath, span: sp(this) };
  },
  Set_other(_set, _scope, rest) {
    return { kind: 'set', reset: false, parameter: rest.sourceString.split(/[\s=]/)[0] ?? '', span: sp(this) };
  },
  Set_reset(_reset, rest) {
    return { kind: 'set', reset: true, parameter: rest.sourceString.split(/\s/)[0] ?? '', span: sp(this) };
  },
  Call(_call, procedure, _open, args, _close) {
    const name: A.QualifiedName = ast(procedure);
    const callArgs: A.CallArgument[] = list(args);
    return electrifyCall(name, callArgs, this) ?? { kind: 'call', procedure: name, args: callArgs, span: sp(this) };
  },
  CallArgument(_name, _arrow, value) {
    const text = original(value);
    const isString = value.numChildren === 1 && value.child(0).numChildren === 1 && /^(e?'|\$)/i.test(text);
    return { ...(isString ? { string: stringContent(value.child(0).child(0).child(0)).value } : {}), text, span: sp(value) };
  },
  Do(keyword, _language, _name, body, _language2, _name2) {
    return { kind: 'do', keywordSpan: sp(keyword), body: opaque(body), span: sp(this) };
  },
  Other(keyword, _rest) {
    const words = this.sourceString.match(/^[a-z_]+(?:\s+[a-z_]+){0,2}/)?.[0].split(/\s+/) ?? [keyword.sourceString];
    return { kind: 'other', keywords: words, span: sp(this) };
  },
});

function grantBody(kind: 'grant' | 'revoke', privileges: Node, tableKeyword: IterationNode, tables: Node, roles: Node) {
  const { privileges: privilegeList, columns } = ast(privileges);
  if (present(tableKeyword)) mark('on-table', tableKeyword);
  const tableList = tables.asIteration().children;
  if (tableList.length > 1) mark('table-list', tables);
  const roleList = roles.asIteration().children;
  if (roleList.length > 1) mark('role-list', roles);
  return { kind, privileges: privilegeList, ...(columns ? { columns } : {}), tables: tableList.map(ast), roles: roleList.map(ast) };
}

function scopeName(scope: Node): { name?: A.QualifiedName } {
  const alternative = scope.child(0);
  return alternative.ctorName === 'DdlxScope_null' ? {} : { name: ast(alternative.child(0)) };
}

function typeModifiers(modifiers: IterationNode): { modifiers: string[]; modifiersSpan?: A.Span } {
  if (!present(modifiers)) return { modifiers: [] };
  const group = modifiers.child(0);
  return { modifiers: group.child(1).asIteration().children.map((m: Node) => original(m)), modifiersSpan: sp(group) };
}

function tableTails(tails: IterationNode): { inherits?: A.QualifiedName[]; partitionBy?: A.Span } {
  return Object.assign({}, ...tails.children.map(ast));
}

function dropObjectType(object: Node): A.DropObjectType {
  const words = object.sourceString.replace(/\s+concurrently$/, '').replace(/\s+/g, ' ');
  return words as A.DropObjectType;
}

function stringOrWord(node: Node): string {
  return node.ctorName === 'string' ? stringContent(node).value.toLowerCase() : node.sourceString;
}

function searchPathItem(node: Node): A.Name | undefined {
  const alternative = node.child(0);
  if (alternative.ctorName === 'SearchPathItem_name') return ast(alternative.child(0));
  if (alternative.ctorName === 'SearchPathItem_string') {
    const { value, span } = stringContent(alternative.child(0));
    return { name: value, quoted: true, span };
  }
  return undefined;
}

/** `CALL electric.electrify('t')`, `('s.t')`, `('s', 't')`: the procedure the proxy treats as ENABLE ELECTRIC. */
function electrifyCall(procedure: A.QualifiedName, args: A.CallArgument[], node: Node): A.EnableElectricStatement | undefined {
  if (procedure.schema?.name !== 'electric' || procedure.name.name !== 'electrify') return undefined;
  if (args.length < 1 || args.length > 2 || args.some((a) => a.string === undefined)) return undefined;
  const [first, second] = args;
  const table = second
    ? { schema: literalName(first.string!, first.span), name: literalName(second.string!, second.span), span: { start: first.span.start, end: second.span.end } }
    : parseIdentString(first.string!, first.span);
  if (!table) return undefined;
  return { kind: 'enableElectric', syntax: 'call', table, keywordSpan: sp(node.child(0)), unreleased: [], identifiers: [], span: sp(node) };
}

/** A two-argument electrify names schema and table verbatim (special characters allowed). */
function literalName(value: string, span: A.Span): A.Name {
  return { name: value, quoted: true, span: { start: span.start + 1, end: span.end - 1 } };
}

/** Postgres' parse_ident on `schema.table` / `"Quoted".t`, as electrify does for its one-argument form. */
function parseIdentString(value: string, span: A.Span): A.QualifiedName | undefined {
  const parts: A.Name[] = [];
  const contentStart = span.start + 1;
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([^."\s]+))\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < value.length && (match = pattern.exec(value))) {
    const quoted = match[1] !== undefined;
    const text = quoted ? match[1].replace(/""/g, '"') : match[2].replace(/[A-Z]/g, (c) => c.toLowerCase());
    const start = contentStart + match.index + match[0].length - match[0].trimStart().length;
    parts.push({ name: text, quoted, span: { start, end: start + (quoted ? match[1].length + 2 : match[2].length) } });
    if (match[3] === '') break;
  }
  if (parts.length === 0 || parts.length > 2) return undefined;
  const [a, b] = parts;
  return b ? { schema: a, name: b, span: { start: a.span.start, end: b.span.end } } : { name: a, span: a.span };
}

/**
 * Builds the AST of a match: a statement (start rule `Statement`) or any node (e.g. `TypeName`). `statementText` is
 * the original text, `offset` its position in the file.
 */
export function buildStatement(match: import('ohm-js').MatchResult, statementText: string, offset: number, map?: PositionMap): A.Statement {
  return buildNode(match, statementText, offset, map);
}

export function buildNode<T>(match: import('ohm-js').MatchResult, statementText: string, offset: number, map?: PositionMap): T {
  source = statementText;
  base = offset;
  positions = map;
  try {
    return (semantics(match) as any).ast();
  } finally {
    source = '';
    positions = undefined;
  }
}

export { grammar };
