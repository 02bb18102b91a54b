/**
 * The CLI's output formats (product.md §3): `text` for people, `json` for tools, `github` for workflow annotations.
 * Each takes diagnostics already placed at lines and columns (see `locateDiagnostics`).
 */
import type { Diagnostic, Severity } from '../rules/types';
import { escapeControlCharacters } from '../util/displayText';
import { LineIndex } from './positions';

/** A diagnostic as the CLI prints it: 1-based lines and columns (columns in code points, end exclusive). */
export interface LocatedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** Places diagnostics at lines and columns; `textOf(file)` gives the text their offsets refer to. */
export function locateDiagnostics(
  diagnostics: readonly Diagnostic[],
  textOf: (file: string) => string,
): LocatedDiagnostic[] {
  const indexes = new Map<string, LineIndex>();
  return diagnostics.map((d) => {
    let index = indexes.get(d.file);
    if (!index) {
      index = new LineIndex(textOf(d.file));
      indexes.set(d.file, index);
    }
    const start = index.position(d.span.start);
    const end = index.position(d.span.end);
    return {
      file: d.file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `file:line:column code message [warning]` lines, then a summary such as `2 errors, 1 warning in 5 files`. */
export function formatText(diagnostics: readonly LocatedDiagnostic[], fileCount: number): string {
  const lines = diagnostics.map((d) => {
    const tag = d.severity === 'error' ? '' : ` [${d.severity}]`;
    // Messages were made safe when the diagnostic was made; a file name comes from the directory listing.
    return `${escapeControlCharacters(d.file)}:${d.line}:${d.column} ${d.code} ${escapeControlCharacters(d.message)}${tag}`;
  });
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const files = plural(fileCount, 'file');
  if (diagnostics.length === 0) {
    lines.push(`No problems in ${files}`);
  } else {
    const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (infos > 0) parts.push(`${infos} info`);
    lines.push(`${parts.join(', ')} in ${files}`);
  }
  return lines.join('\n') + '\n';
}

/** One JSON object: `{"version":1,"files":N,"diagnostics":[…]}`, keys in the documented order. */
export function formatJson(diagnostics: readonly LocatedDiagnostic[], fileCount: number): string {
  return JSON.stringify({ version: 1, files: fileCount, diagnostics: diagnostics.map(toJsonDiagnostic) }) + '\n';
}

/** A diagnostic in the JSON shape shared by `lint` and `apply`. */
export function toJsonDiagnostic(d: LocatedDiagnostic): LocatedDiagnostic {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

const GITHUB_COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<code>::<message>`, one per diagnostic. */
export function formatGithub(diagnostics: readonly LocatedDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const properties = [
        `file=${escapeGithubProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeGithubProperty(d.code)}`,
      ].join(',');
      return `::${GITHUB_COMMANDS[d.severity]} ${properties}::${escapeGithubData(d.message)}\n`;
    })
    .join('');
}

/** Workflow-command escaping of a message, as @actions/core does it. */
export function escapeGithubData(value: string): string {
  // Then no other control character is left to act on the log viewer (ESC, BEL, …).
  return escapeControlCharacters(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Property values also escape `:` and `,`, which delimit properties. */
export function escapeGithubProperty(value: string): string {
  return escapeGithubData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
