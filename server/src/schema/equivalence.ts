/**
 * "The same schema": structural equality of catalog data where two locations are equal when they are the same
 * place in the same statement, even if an edit above moved that statement. The workspace uses it to decide whether
 * the files after an edited one start from a changed schema and must be checked again.
 */
import { PersistentMap } from '../util/persistentMap';
import { Located } from './model';

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Located) return b instanceof Located && a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && sameSequence(a, b);
  if (a instanceof PersistentMap) return b instanceof PersistentMap && a.size === b.size && (a.sharesRootWith(b) || sameSequence([...a], [...b]));
  if (a instanceof Map) return b instanceof Map && a.size === b.size && sameSequence([...a], [...b]);
  if (a instanceof Set) return b instanceof Set && a.size === b.size && sameSequence([...a], [...b]);
  if (Array.isArray(b) || b instanceof Map || b instanceof PersistentMap || b instanceof Set || b instanceof Located) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // `{ default: undefined }` and `{}` say the same thing.
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!sameValue(x[key], y[key])) return false;
  return true;
}

function sameSequence(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}
