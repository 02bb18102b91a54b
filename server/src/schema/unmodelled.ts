/**
 * Relations that text the model cannot read may create or alter: an unmodelled statement, a DO block's body, a
 * statement with a syntax error. Their names are noted so that rules give them the benefit of the doubt instead of
 * calling them unknown (a false error is worse than a missed one).
 */
import type { Catalog } from './catalog';

const QUOTED_OR_PLAIN = String.raw`(?:"(?:[^"]|"")+"|[\w$]+)`;
/** `CREATE TABLE [IF NOT EXISTS] name` / `ALTER TABLE [IF EXISTS] [ONLY] name` inside text the grammar keeps opaque. */
const RELATION_IN_TEXT = new RegExp(
  String.raw`\b(?:create\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?|alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?)` +
    `(${QUOTED_OR_PLAIN}(?:\\s*\\.\\s*${QUOTED_OR_PLAIN})?)`,
  'gi',
);

/** The last part of a written name, as Postgres stores it. */
function lastNamePart(written: string): string {
  const parts = written.split(/\s*\.\s*/);
  const last = parts[parts.length - 1];
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

/** Notes the tables that `text`, which the model cannot read, creates or alters. */
export function noteUnmodelled(catalog: Catalog, text: string): void {
  if (!/create|alter/i.test(text)) return;
  for (const m of text.matchAll(RELATION_IN_TEXT)) catalog.noteUnmodelledRelation(lastNamePart(m[1]));
}
