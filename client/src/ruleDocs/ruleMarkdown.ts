/**
 * The rule documentation is the README's "Rules" chapter: a table with one row per rule and a `#### <rule-id>`
 * section each. These helpers read it (the list for the quick pick, one rule's section) and render a section as HTML
 * for the documentation panel, with links to other rules turned into command URIs that stay inside the panel.
 */
import MarkdownIt from 'markdown-it';
import { ruleDocumentationCommandUri } from './ruleLinks';

export interface RuleEntry {
  id: string;
  /** Default severity, as the table says it. */
  severity: string;
  summary: string;
}

/** A row of the rules table: ``| [`id`](#id) | severity | releases | summary |``. */
const TABLE_ROW = /^\|\s*\[`([a-z0-9-]+)`\]\(#\1\)\s*\|\s*([^|]+?)\s*\|\s*[^|]*\|\s*(.+?)\s*\|\s*$/;

export function listRules(readme: string): RuleEntry[] {
  const rules: RuleEntry[] = [];
  for (const line of readme.split(/\r?\n/)) {
    const m = TABLE_ROW.exec(line);
    if (m) rules.push({ id: m[1], severity: m[2], summary: m[3] });
  }
  return rules;
}

/** The markdown of a rule's section, heading included, up to the next heading of the same or a higher level. */
export function ruleSection(readme: string, ruleId: string): string | undefined {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && l.replace(/^#+ /, '').trim() === ruleId);
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start])![0].length;
  let end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}} `).test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n').trimEnd();
}

/**
 * HTML for a section. Raw HTML in the markdown is not passed through (the panel's content security policy
 * forbids scripts anyway); `#rule-id` links open that rule; links leaving the document keep their `https:` target.
 */
export function renderRuleMarkdown(markdown: string, knownRules: ReadonlySet<string>): string {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = token.attrGet('href') ?? '';
    if (href.startsWith('#')) {
      const target = href.slice(1);
      if (knownRules.has(target)) token.attrSet('href', ruleDocumentationCommandUri(target));
      else token.attrSet('href', '');
    } else if (!/^https?:/i.test(href)) {
      // A relative link points into the repository, which is not shipped.
      token.attrSet('href', '');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md.render(markdown);
}
