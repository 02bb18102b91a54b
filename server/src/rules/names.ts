/**
 * How messages print names, the way the tool quoted in each message prints them.
 */
import type * as A from '../syntax/ast';

/** A name as Postgres' quote_ident prints it: bare when it needs no quotes, else quoted (`items`, `"Items"`). */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `public.items`, `public."Items"`: how Electric's `format('%I.%I')` prints a table in electrify's messages. */
export function pgQuoted(key: string): string {
  const dot = key.indexOf('.');
  return `${quoteIdent(key.slice(0, dot))}.${quoteIdent(key.slice(dot + 1))}`;
}

/** `"public"."items"`: how the migrations proxy's errors (EXnnn) print a table. */
export function quotedTable(key: string): string {
  const dot = key.indexOf('.');
  return `"${key.slice(0, dot)}"."${key.slice(dot + 1)}"`;
}

/** A table name as it was written, each part quoted only where it must be. */
export function writtenName(name: A.QualifiedName): string {
  return name.schema ? `${quoteIdent(name.schema.name)}.${quoteIdent(name.name.name)}` : quoteIdent(name.name.name);
}
