/**
 * Code actions for the diagnostics of a file: quick fixes where the rule knows the repair (quote a reserved word,
 * rewrite unreleased DDLX syntax, remove a DEFAULT before electrifying, use a type Electric syncs, write the 0.6
 * procedure call), suppression comments for the statement or the file, the rule's documentation, and
 * `source.fixAll` for the mechanical fixes. Edits are computed from the server's own diagnostics, never from data
 * a client sends back.
 */
import { atLeast, type ElectricVersion } from '../electric/versions';
import { IGNORE_DIRECTIVE, IGNORE_FILE_DIRECTIVE } from '../rules/suppression';
import type { Diagnostic } from '../rules/types';
import type { Span } from '../syntax/ast';
import type { ParsedFile } from '../syntax/parsed';
import type { MigrationWorkspace } from './workspace';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  /** The diagnostics it resolves. */
  diagnostics: Diagnostic[];
  /** Edits of the file the action was asked for. */
  edits: TextEdit[];
  /** A command for the client to run instead of (or after) the edits. */
  command?: { title: string; command: string; arguments: unknown[] };
  preferred?: boolean;
}

/** The command the VS Code client registers to open a rule's documentation (other clients may ignore it). */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'electricMigrations.showRuleDocumentation';

/** Rules whose fix is mechanical and safe to apply all at once. */
const FIX_ALL = new Set(['ddlx-reserved-word', 'ddlx-syntax-unsupported', 'ddlx-scope-ignored', 'ddlx-before-proxy', 'unused-ignore']);

export function getCodeActions(workspace: MigrationWorkspace, path: string, range: Span, only?: readonly string[]): CodeActionInfo[] {
  const file = workspace.file(path);
  if (!file) return [];
  const version = workspace.currentSettings.electricVersion;
  const wants = (kind: string) => !only || only.length === 0 || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeActionInfo[] = [];
  const diagnostics = workspace.diagnostics(path);
  if (wants('quickfix')) {
    for (const d of diagnostics) {
      if (d.span.end < range.start || d.span.start > range.end) continue;
      const fix = fixFor(d, file.parsed, version);
      if (fix) actions.push({ ...fix, kind: 'quickfix', diagnostics: [d], preferred: true });
      actions.push(...suppressions(d, file.parsed));
      actions.push({
        title: `Show documentation for ${d.code}`,
        kind: 'quickfix',
        diagnostics: [d],
        edits: [],
        command: { title: `Show documentation for ${d.code}`, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [d.code] },
      });
    }
  }
  if (wants('source.fixAll')) {
    const edits: TextEdit[] = [];
    const fixed: Diagnostic[] = [];
    for (const d of diagnostics) {
      if (!FIX_ALL.has(d.code)) continue;
      const fix = fixFor(d, file.parsed, version);
      if (!fix || fix.edits.some((e) => edits.some((o) => e.span.start < o.span.end && o.span.start < e.span.end))) continue;
      edits.push(...fix.edits);
      fixed.push(d);
    }
    if (edits.length > 0) actions.push({ title: 'Fix all mechanical ElectricSQL problems', kind: 'source.fixAll', diagnostics: fixed, edits });
  }
  return actions;
}

type Fix = Pick<CodeActionInfo, 'title' | 'edits'>;

function asSpan(value: unknown): Span | undefined {
  const s = value as Span | undefined;
  return s && typeof s.start === 'number' && typeof s.end === 'number' ? s : undefined;
}

function fixFor(d: Diagnostic, parsed: ParsedFile, version: ElectricVersion): Fix | undefined {
  const text = parsed.text;
  const data = d.data ?? {};
  switch (d.code) {
    case 'ddlx-reserved-word':
      return typeof data.replacement === 'string' ? { title: `Quote it: ${data.replacement}`, edits: [{ span: d.span, newText: data.replacement }] } : undefined;
    case 'ddlx-syntax-unsupported': {
      if (typeof data.replacement !== 'string') return undefined;
      const span = data.replacement === '' ? withFollowingSpace(text, d.span) : d.span;
      return { title: data.replacement === '' ? `Remove ${quote(text.slice(d.span.start, d.span.end))}` : `Write ${data.replacement}`, edits: [{ span, newText: data.replacement }] };
    }
    case 'ddlx-scope-ignored': {
      const span = asSpan(data.replacementSpan);
      return span && typeof data.replacement === 'string' ? { title: `Put the scope inside the role: ${data.replacement}`, edits: [{ span, newText: data.replacement }] } : undefined;
    }
    case 'ddlx-before-proxy': {
      const span = asSpan(data.replacementSpan);
      if (!span || typeof data.replacement !== 'string') return undefined;
      if (data.replacement === '') return { title: 'Remove the statement (Electric 0.6 cannot run it)', edits: [{ span: wholeStatement(text, span), newText: '' }] };
      return { title: `Use ${data.replacement}`, edits: [{ span, newText: data.replacement }] };
    }
    case 'electrify-default':
      return data.removableDefault === true ? { title: 'Remove the DEFAULT before electrifying', edits: [{ span: withPrecedingSpace(text, d.span), newText: '' }] } : undefined;
    case 'electrify-unsupported-type':
    case 'add-column-unsupported-type': {
      // Only where the diagnostic sits on the type itself (not on an electrify statement in another file).
      if (d.related?.length && d.code === 'electrify-unsupported-type') return undefined;
      const written = text.slice(d.span.start, d.span.end);
      const replacement = nearestSyncedType(written, version);
      return replacement ? { title: `Use ${replacement} (a type Electric ${version} syncs)`, edits: [{ span: d.span, newText: replacement }] } : undefined;
    }
    case 'unused-ignore':
      return removeUnusedIgnore(d, parsed);
    default:
      return undefined;
  }
}

/**
 * The type Electric syncs that is nearest to one it does not: sizes and precision dropped, text for character
 * types, jsonb for json and arrays (0.8+), the integer of a serial. Undefined when there is no safe choice.
 */
export function nearestSyncedType(written: string, version: ElectricVersion): string | undefined {
  const t = written.trim().toLowerCase().replace(/\s+/g, ' ');
  const json = atLeast(version, '0.8') ? 'jsonb' : 'text';
  if (/\[\s*\d*\s*\]$|\barray$/.test(t)) return atLeast(version, '0.8') ? 'jsonb' : undefined;
  if (/^(character varying|varchar)\s*\(/.test(t)) return 'text';
  if (/^(character|char|bpchar|nchar|national char(acter)?)\b/.test(t)) return 'text';
  if (t === 'json') return json;
  if (/^(timetz|time with time zone)$/.test(t)) return 'time';
  if (/^(timestamptz|timestamp with time zone)\s*\(/.test(t) || /^timestamp\s*\(\s*\d+\s*\) with time zone$/.test(t)) return 'timestamptz';
  if (/^(timestamp|timestamp without time zone)\s*\(/.test(t) || /^timestamp\s*\(\s*\d+\s*\)( without time zone)?$/.test(t)) return 'timestamp';
  if (/^time\s*\(\s*\d+\s*\)( without time zone)?$/.test(t)) return 'time';
  if (/^(serial|serial4)$/.test(t)) return 'integer';
  if (/^(bigserial|serial8)$/.test(t)) return atLeast(version, '0.8') ? 'bigint' : undefined;
  if (/^(smallserial|serial2)$/.test(t)) return 'smallint';
  if (/^(inet|cidr|macaddr8?|citext|xml)$/.test(t)) return 'text';
  return undefined;
}

function removeUnusedIgnore(d: Diagnostic, parsed: ParsedFile): Fix | undefined {
  const comment = parsed.comments.find((c) => c.span.start <= d.span.start && d.span.end <= c.span.end);
  if (!comment) return undefined;
  const text = parsed.text;
  const body = text.slice(comment.span.start, comment.span.end);
  const ids = body.replace(/^(--|\/\*)\s*electric-migrations-ignore(-file)?/, '').replace(/\*\/$/, '').split('--')[0].match(/[^\s,]+/g) ?? [];
  if (ids.length <= 1) return { title: 'Remove the unused ignore comment', edits: [{ span: wholeLine(text, comment.span), newText: '' }] };
  // Remove the id and the separator before it (or after it, for the first id).
  let start = d.span.start;
  let end = d.span.end;
  const before = /[\s,]*,\s*$/.exec(text.slice(comment.span.start, start));
  if (before) start -= before[0].length;
  else {
    const after = /^\s*,\s*/.exec(text.slice(end, comment.span.end));
    if (after) end += after[0].length;
  }
  return { title: `Remove "${text.slice(d.span.start, d.span.end)}" from the ignore comment`, edits: [{ span: { start, end }, newText: '' }] };
}

/** `-- electric-migrations-ignore <rule>` above the statement, and `-ignore-file` at the top. */
function suppressions(d: Diagnostic, parsed: ParsedFile): CodeActionInfo[] {
  if (d.code === 'unused-ignore' || d.code === 'syntax-error') return [];
  const text = parsed.text;
  const actions: CodeActionInfo[] = [];
  const statement = parsed.statements.find((s) => s.span.start <= d.span.start && d.span.start <= s.span.end);
  // File-level findings (names, rollback sections) are not about a statement.
  if (statement && !(d.span.start === 0 && statement.span.start > 0)) {
    const lineStart = text.lastIndexOf('\n', statement.span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const onItsOwnLine = /^[ \t]*$/.test(text.slice(lineStart, statement.span.start));
    const at = onItsOwnLine ? lineStart : statement.span.start;
    const newText = onItsOwnLine ? `${indent}-- ${IGNORE_DIRECTIVE} ${d.code}\n` : `\n${indent}-- ${IGNORE_DIRECTIVE} ${d.code}\n${indent}`;
    actions.push({ title: `Ignore ${d.code} for this statement`, kind: 'quickfix', diagnostics: [d], edits: [{ span: { start: at, end: at }, newText }] });
  }
  actions.push({ title: `Ignore ${d.code} in this file`, kind: 'quickfix', diagnostics: [d], edits: [{ span: { start: 0, end: 0 }, newText: `-- ${IGNORE_FILE_DIRECTIVE} ${d.code}\n` }] });
  return actions;
}

function quote(s: string): string {
  return `"${s}"`;
}

function withFollowingSpace(text: string, span: Span): Span {
  let end = span.end;
  while (end < text.length && /[ \t]/.test(text[end])) end++;
  return { start: span.start, end };
}

function withPrecedingSpace(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
  return { start, end: span.end };
}

/** A statement with its `;` and the rest of its line, for removing it. */
function wholeStatement(text: string, span: Span): Span {
  let end = span.end;
  while (end < text.length && /[ \t]/.test(text[end])) end++;
  if (text[end] === ';') end++;
  return wholeLine(text, { start: span.start, end });
}

/** A span widened to whole lines when nothing else is on them. */
function wholeLine(text: string, span: Span): Span {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t]*\r?\n?$/.test(text.slice(span.end, lineEnd));
  return alone ? { start: lineStart, end: lineEnd } : span;
}
