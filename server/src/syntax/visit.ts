/**
 * A generic walk over the AST: every node of ./ast.ts is a plain object with a `span`, so its children are the
 * fields (and array elements) that are such objects. Used by the editor features that ask "what is at this
 * offset?" (selection ranges, hover on keywords) without a switch over every statement kind.
 */
import type { Span } from './ast';

export interface Node {
  span: Span;
}

function isNode(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null) return false;
  const span = (value as { span?: Span }).span;
  return typeof span === 'object' && span !== null && typeof span.start === 'number' && typeof span.end === 'number';
}

/** The nodes directly inside `node`, in source order. */
export function children(node: object): Node[] {
  const found: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) found.push(item);
    } else if (isNode(value)) {
      found.push(value);
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}

/** The chain of nodes that contain `offset`, outermost first (the statement, then ever smaller nodes). */
export function nodesAt(root: Node, offset: number): Node[] {
  const chain: Node[] = [];
  let current: Node | undefined = root;
  while (current && current.span.start <= offset && offset <= current.span.end) {
    chain.push(current);
    current = children(current).find((c) => c.span.start <= offset && offset <= c.span.end && (c.span.end > c.span.start));
  }
  return chain;
}
