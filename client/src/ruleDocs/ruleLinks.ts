/**
 * Diagnostics link to the rule's section of the shipped README as a `file:` URL with the rule id as fragment. VS Code
 * opens such a URL as a plain text file at its top, so the client turns it into a command URI that renders the
 * section (the Problems panel and the hover open links with commands allowed).
 */
import { COMMAND_IDS } from '../commandIds';

const RULE_ID = /^[a-z][a-z0-9-]*$/;

/** The rule id named by a documentation link (`file:///…/README.md#drop-electrified-column`), or undefined. */
export function ruleIdOfDocumentationLink(href: string): string | undefined {
  const hash = href.indexOf('#');
  if (hash < 0) return undefined;
  const path = href.slice(0, hash);
  if (!/^file:/i.test(path) || !/\/readme\.md$/i.test(path)) return undefined;
  const fragment = decodeURIComponent(href.slice(hash + 1));
  return RULE_ID.test(fragment) ? fragment : undefined;
}

/** A `command:` URI that opens the rule's documentation. */
export function ruleDocumentationCommandUri(ruleId: string): string {
  return `command:${COMMAND_IDS.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
