/**
 * Showing a database URL without its password; a module of its own, with no imports, so that the VS Code client
 * masks URLs exactly as the server and the CLI do.
 */

/**
 * A URL as it may be shown: the password replaced by `***`. Also handles libpq key=value strings
 * (`host=… password=…`). Text that is neither is returned unchanged.
 */
export function maskUrl(url: string): string {
  const keyValue = url.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  if (keyValue !== url) return keyValue;
  // A URL parser would normalise the rest of the URL; only the password part is replaced, textually.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)([^@/?#]*)(@)/i, (_m, head: string, password: string, at: string) =>
    password === '' ? `${head}${at}` : `${head}***${at}`,
  );
}
