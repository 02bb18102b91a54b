/**
 * Where a rule's documentation is: the README section whose anchor is the rule id, in the README that ships with the
 * server (beside dist/ in a checkout, an npm package or the VS Code extension), as a `file:` URL — a page that exists
 * offline. Editors open it; the VS Code client opens it in the Markdown preview at the section.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The names the README goes by: `vsce package` stores it in the VSIX as `readme.md`. */
const README_NAMES = ['README.md', 'readme.md'];

/** The shipped README's URL, found by walking up from this module to the package's root; undefined when absent. */
export function findRuleDocumentation(start: string = __dirname): string | undefined {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name;
      const readme = README_NAMES.map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
      if (name === 'electric-migrations' && readme) return pathToFileURL(readme).href;
    } catch {
      // not the package root: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The link of one rule, or undefined when the documentation is not shipped. */
export function ruleDocumentationLink(base: string | undefined, ruleId: string): string | undefined {
  return base ? `${base}#${ruleId}` : undefined;
}
