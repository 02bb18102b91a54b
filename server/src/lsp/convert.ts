/**
 * The one place where the core's offsets become LSP positions. The core speaks UTF-16 offsets into the file's
 * text (`Span { start, end }`); LSP positions are line + UTF-16 character, which `TextDocument.positionAt` computes
 * with the same line breaks (`\n`, `\r\n`, `\r`) as every LSP client.
 */
import {
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  DiagnosticSeverity,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../rules/types';
import type { Span } from '../syntax/ast';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'electric-migrations';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/** How the converter finds the text and URI of a file named by a diagnostic (its own or a related one). */
export interface FileResolver {
  document(file: string): TextDocument | undefined;
  uri(file: string): string;
  /** The documentation link of a rule, when the documentation ships with the server. */
  ruleLink?(ruleId: string): string | undefined;
}

/** A core diagnostic as LSP publishes it; `document` is the text its span points into. */
export function toLspDiagnostic(diagnostic: Diagnostic, document: TextDocument, files: FileResolver): LspDiagnostic {
  const result: LspDiagnostic = {
    range: toRange(document, diagnostic.span),
    severity: SEVERITY[diagnostic.severity] ?? DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: diagnostic.code,
    message: diagnostic.message,
  };
  const href = files.ruleLink?.(diagnostic.code);
  if (href) result.codeDescription = { href };
  if (diagnostic.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const item of diagnostic.related) {
      const target = item.file === diagnostic.file ? document : files.document(item.file);
      const range = target ? toRange(target, item.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      related.push({ location: { uri: files.uri(item.file), range }, message: item.message });
    }
    result.relatedInformation = related;
  }
  if (diagnostic.data !== undefined) result.data = diagnostic.data;
  return result;
}
