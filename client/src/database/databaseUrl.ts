/**
 * Checking what the user typed as a database URL, and how it may be shown: never with its password (the masking is
 * the server's own `maskUrl`, so that the editor and the CLI print a URL the same way).
 */
import { maskUrl } from '../../../server/src/migrations/maskUrl';

export { maskUrl };

/** Why the text is not a Postgres URL, or undefined when it is one. */
export function databaseUrlProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter a URL such as postgresql://user:password@localhost:5432/app';
  if (!/^postgres(ql)?:\/\//i.test(value)) return 'The URL must start with postgresql:// or postgres://';
  try {
    const url = new URL(value);
    if (url.hostname === '' && !url.searchParams.has('host')) return 'The URL names no host';
  } catch {
    return 'This is not a valid URL';
  }
  return undefined;
}
