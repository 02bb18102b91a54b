/**
 * The documents the client has open, kept from validated notifications: a malformed `didOpen` or `didChange`
 * (a `null` text, a numeric URI, a range past the end) is logged and ignored, and never leaves the store in a
 * state that stops later notifications from working.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';

interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

function isPosition(value: unknown): value is { line: number; character: number } {
  const p = value as { line?: unknown; character?: unknown };
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character) && (p.line as number) >= 0 && (p.character as number) >= 0;
}

function isChange(value: unknown): value is ContentChange {
  const c = value as { text?: unknown; range?: { start?: unknown; end?: unknown } };
  if (typeof c !== 'object' || c === null || typeof c.text !== 'string') return false;
  return c.range === undefined || (typeof c.range === 'object' && c.range !== null && isPosition(c.range.start) && isPosition(c.range.end));
}

export class OpenDocuments {
  private readonly documents = new Map<string, TextDocument>();

  constructor(private readonly log: (message: string) => void) {}

  /** `textDocument/didOpen`; the opened document, or undefined when the notification was malformed. */
  open(params: unknown): TextDocument | undefined {
    const item = (params as { textDocument?: { uri?: unknown; languageId?: unknown; version?: unknown; text?: unknown } } | null)?.textDocument;
    if (!item || typeof item.uri !== 'string' || typeof item.text !== 'string') {
      this.log('ignored a malformed textDocument/didOpen (it needs a string uri and text)');
      return undefined;
    }
    const version = Number.isInteger(item.version) ? (item.version as number) : 0;
    const document = TextDocument.create(item.uri, typeof item.languageId === 'string' ? item.languageId : 'sql', version, item.text);
    this.documents.set(item.uri, document);
    return document;
  }

  /** `textDocument/didChange` (full or incremental); the changed document, or undefined. */
  change(params: unknown): TextDocument | undefined {
    const p = params as { textDocument?: { uri?: unknown; version?: unknown }; contentChanges?: unknown } | null;
    const uri = p?.textDocument?.uri;
    const document = typeof uri === 'string' ? this.documents.get(uri) : undefined;
    if (!document) {
      this.log(`ignored textDocument/didChange for a document that is not open: ${String(uri)}`);
      return undefined;
    }
    const changes = p?.contentChanges;
    if (!Array.isArray(changes) || !changes.every(isChange)) {
      this.log(`ignored a malformed textDocument/didChange for ${document.uri}`);
      return undefined;
    }
    const version = Number.isInteger(p?.textDocument?.version) ? (p!.textDocument!.version as number) : document.version + 1;
    const updated = TextDocument.update(document, changes, version);
    this.documents.set(document.uri, updated);
    return updated;
  }

  /** `textDocument/didClose`; the closed URI, or undefined. */
  close(params: unknown): string | undefined {
    const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    if (typeof uri !== 'string' || !this.documents.delete(uri)) return undefined;
    return uri;
  }

  get(uri: unknown): TextDocument | undefined {
    return typeof uri === 'string' ? this.documents.get(uri) : undefined;
  }

  all(): TextDocument[] {
    return [...this.documents.values()];
  }
}
