/**
 * Every diagnostic links to `README.md#<rule-id>`: each rule needs that section (the extension renders it offline).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { findRuleDocumentation } from '../../server/src/lsp/ruleDocs';
import { RULE_LIST } from '../../server/src/rules/registry';

test('the README documents every rule, under a heading that is its id', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const headings = new Set([...readme.matchAll(/^#{2,4} ([a-z0-9-]+)$/gm)].map((m) => m[1]));
  const missing = RULE_LIST.filter((r) => !headings.has(r.id)).map((r) => r.id);
  assert.deepEqual(missing, []);
  // Diagnostics link to this README, found beside the package, which exists offline.
  assert.equal(findRuleDocumentation(), pathToFileURL(path.join(__dirname, '..', '..', 'README.md')).href);
});

test('the README is found under the name vsce gives it in a VSIX (readme.md), walking up from the bundle', () => {
  const extension = fs.mkdtempSync(path.join(os.tmpdir(), 'em-extension-'));
  try {
    fs.writeFileSync(path.join(extension, 'package.json'), JSON.stringify({ name: 'electric-migrations' }));
    fs.writeFileSync(path.join(extension, 'readme.md'), '#### do-block\n');
    fs.mkdirSync(path.join(extension, 'dist'));
    assert.equal(findRuleDocumentation(path.join(extension, 'dist'))?.toLowerCase(), pathToFileURL(path.join(extension, 'readme.md')).href.toLowerCase());
  } finally {
    fs.rmSync(extension, { recursive: true, force: true });
  }
});
