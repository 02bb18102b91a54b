/**
 * What Postgres itself does that the schema model must imitate: which defaults it stores, which columns a CHECK
 * mentions (its `conkey`), and the names it generates for constraints.
 */
import type * as A from '../syntax/ast';
import { parseTypeName } from '../syntax/parse';
import type { Catalog } from './catalog';
import type { TableInfo } from './model';
import type { NormalType } from './types';

/**
 * Whether Postgres records a default (`atthasdef`, what Electric's electrify check reads) for `DEFAULT expr` on a
 * column of `type`. AddRelationNewConstraints skips a default that is a bare null constant. The parser folds
 * `NULL`, `(NULL)`, `NULL::t` and `CAST(NULL AS t)` into one when `t` is exactly the column's type; a different
 * cast type, a length/precision modifier (the typmod coercion is a function call) or a domain (CoerceToDomain)
 * leaves an expression, which is stored.
 */
export function storesDefault(catalog: Catalog, expr: string, type: NormalType): boolean {
  const casts = nullConstantCasts(expr);
  if (!casts) return true;
  if (type.modifiers.length > 0 || (type.userType && catalog.types.get(type.userType)?.kind === 'domain')) return true;
  return casts.some((cast) => {
    const castType = catalog.normalise(cast);
    return castType.base !== type.base || castType.userType !== type.userType || castType.arrayDims !== type.arrayDims || castType.modifiers.length > 0;
  });
}

/**
 * The casts around a null constant (`NULL`, `(NULL)`, `NULL::text`, `CAST(NULL AS int)`, nested), as type names;
 * undefined when `expr` is anything else. A cast type that cannot be read as a plain name makes it undefined too.
 */
function nullConstantCasts(expr: string): A.TypeName[] | undefined {
  const casts: A.TypeName[] = [];
  let s = expr.trim();
  for (;;) {
    if (/^null$/i.test(s)) return casts;
    if (s.startsWith('(') && closingParen(s, 0) === s.length - 1) {
      s = s.slice(1, -1).trim();
      continue;
    }
    const cast = /^cast\s*\(/i.exec(s);
    if (cast && closingParen(s, cast[0].length - 1) === s.length - 1) {
      const inner = s.slice(cast[0].length, -1);
      const m = /^([\s\S]*)\s+as\s+([^()]+(?:\([^()]*\))?[^()]*)$/i.exec(inner);
      const type = m && parseTypeName(m[2]);
      if (!m || !type) return undefined;
      casts.push(type);
      s = m[1].trim();
      continue;
    }
    const m = /^([\s\S]*)::\s*([^():]+(?:\([^()]*\))?[^():]*)$/.exec(s);
    if (m) {
      const type = parseTypeName(m[2]);
      if (!type) return undefined;
      casts.push(type);
      s = m[1].trim();
      continue;
    }
    return undefined;
  }
}

function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The columns of a table an expression mentions (CHECK, EXCLUDE), in order of first mention: Postgres' `conkey`,
 * which Electric's constraint message lists. Identifiers inside string literals, function names and type names
 * after `::` are skipped; unquoted names fold to lower case.
 */
export function columnsMentioned(text: string, columns: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|(::\s*)?([A-Za-z_][A-Za-z0-9_$]*)(\s*\()?/g;
  for (const m of text.matchAll(token)) {
    if (m[2] || m[4]) continue;
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[3]?.toLowerCase();
    if (name !== undefined && columns.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * The name Postgres chooses for an unnamed CHECK constraint: `<table>_<column>_check` when it mentions exactly one
 * column, else `<table>_check`; a number is appended while the name is taken (ChooseConstraintName).
 */
export function checkConstraintName(table: TableInfo, columns: readonly string[]): string {
  const base = columns.length === 1 ? `${table.name}_${columns[0]}_check` : `${table.name}_check`;
  let name = base;
  for (let i = 1; table.constraints.some((c) => c.name === name); i++) name = `${base}${i}`;
  return name;
}
