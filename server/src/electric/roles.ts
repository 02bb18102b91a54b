/**
 * Electric's roles (electric-ddlx.md §a.4): a role is a name plus a scope (a table) or no scope (global). How DDLX
 * role strings split, how their scopes name tables, and which role a GRANT or ASSIGN really names.
 */
import type * as A from '../syntax/ast';

/** A role string split as Electric does (`Build.split_role_def`): at the first `:`; blank parts are errors. */
export interface RoleString {
  scope?: string;
  name: string;
  blank: boolean;
}

export function splitRoleString(value: string): RoleString {
  const colon = value.indexOf(':');
  if (colon < 0) return { name: value, blank: value === '' };
  const scope = value.slice(0, colon);
  const name = value.slice(colon + 1);
  return { scope, name, blank: scope === '' || name === '' };
}

/** Roles Electric gives every client (bare or quoted, in any case): never assigned, never flagged. */
export const BUILT_IN_ROLES: ReadonlySet<string> = new Set(['anyone', 'authenticated']);

export function isBuiltInRole(name: string): boolean {
  return BUILT_IN_ROLES.has(name.toLowerCase());
}

/**
 * `schema.table` of a scope named in a role string, parsed as Electric's `Postgres.NameParser` does: quotes are
 * removed (`""` is one quote), and unquoted names are NOT folded to lower case, so `'Projects:member'` is scoped to
 * a table "Projects", not projects.
 */
export function scopeKeyOfString(scope: string): string {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < scope.length; i++) {
    const c = scope[i];
    if (quoted) {
      if (c === '"' && scope[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') {
      quoted = wasQuoted = true;
    } else if (c === '.') {
      parts.push(wasQuoted ? current : current.trim());
      current = '';
      wasQuoted = false;
    } else current += c;
  }
  parts.push(wasQuoted ? current : current.trim());
  return parts.length === 1 ? `public.${parts[0]}` : `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** A scope written as a table name (`(projects, 'member')`), with Electric's default schema. */
export function scopeKeyOfName(name: A.QualifiedName): string {
  return `${name.schema?.name ?? 'public'}.${name.name.name}`;
}

export interface RoleIdentity {
  /** The role name, or `*` for a dynamic role (any name the column holds). */
  name: string;
  /** The scope table's key, or undefined for a global role. */
  scope?: string;
}

/**
 * The role an ASSIGN names (the scope from the string, else from the tuple/colon form), undefined when it names
 * none Electric would accept.
 */
export function roleIdentity(role: A.DdlxRole): RoleIdentity | undefined {
  const outer = role.scope?.name ? scopeKeyOfName(role.scope.name) : undefined;
  if (role.form === 'column') return { name: '*', scope: outer };
  if (role.form !== 'string') return undefined;
  const split = splitRoleString(role.value ?? '');
  if (split.blank) return undefined;
  return { name: split.name, scope: split.scope !== undefined ? scopeKeyOfString(split.scope) : outer };
}

/** How a role reads in messages and completion: `'member'`, `'projects:member'` (public scopes unqualified). */
export function roleLabel(role: RoleIdentity): string {
  if (role.name === '*') return role.scope ? `any role of ${role.scope}` : 'any role (read from a column)';
  const inner = role.scope ? `${role.scope.replace(/^public\./, '')}:${role.name}` : role.name;
  return `'${inner.replace(/'/g, "''")}'`;
}
