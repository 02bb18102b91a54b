/**
 * Suppression comments (product.md §3):
 *   -- electric-migrations-ignore <rule-id>[, <rule-id>]    silences those rules on the next statement
 *   -- electric-migrations-ignore-file <rule-id> …          silences them in the whole file
 * Ids are separated by commas and/or spaces; text after ` -- ` is a free explanation. Block comments work too.
 * An id that silences nothing is reported as `unused-ignore`, on the id itself, so stale ignores do not pile up.
 */
import type { Span } from '../syntax/ast';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import { isRuleId } from './registry';
import type { Finding } from './types';

export const IGNORE_DIRECTIVE = 'electric-migrations-ignore';
export const IGNORE_FILE_DIRECTIVE = 'electric-migrations-ignore-file';
export const UNUSED_IGNORE = 'unused-ignore';

export interface IgnoredRule {
  id: string;
  /** The id's place inside the comment. */
  span: Span;
}

export interface IgnoreDirective {
  scope: 'statement' | 'file';
  rules: IgnoredRule[];
  /** The directive word (`electric-migrations-ignore…`) inside the comment. */
  keywordSpan: Span;
  /** For `statement` scope: the statement it applies to (the one holding or following the comment), if any. */
  target?: Span;
}

const DIRECTIVE = /^(\s*)(electric-migrations-ignore(?:-file)?)(?=\s|$)/;

/** The suppression comments of a file, in order. */
export function findIgnoreDirectives(parsed: ParsedFile): IgnoreDirective[] {
  const directives: IgnoreDirective[] = [];
  for (const comment of parsed.comments) {
    // Read the comment from the file text rather than `body` so that offsets are exact whatever the splitter trims.
    const contentStart = comment.span.start + 2;
    const raw = parsed.text.slice(comment.span.start, comment.span.end);
    const closed = comment.block && raw.length >= 4 && raw.endsWith('*/');
    const content = parsed.text.slice(contentStart, closed ? comment.span.end - 2 : comment.span.end);
    const match = DIRECTIVE.exec(content);
    if (!match) continue;
    const keywordStart = contentStart + match[1].length;
    const keyword = match[2];
    const afterKeyword = match[0].length;
    const explanation = content.indexOf('--', afterKeyword);
    const list = content.slice(afterKeyword, explanation < 0 ? content.length : explanation);
    const rules: IgnoredRule[] = [];
    for (const id of list.matchAll(/[^\s,]+/g)) {
      const start = contentStart + afterKeyword + (id.index ?? 0);
      rules.push({ id: id[0], span: { start, end: start + id[0].length } });
    }
    const scope = keyword === IGNORE_FILE_DIRECTIVE ? 'file' : 'statement';
    directives.push({
      scope,
      rules,
      keywordSpan: { start: keywordStart, end: keywordStart + keyword.length },
      target: scope === 'statement' ? statementAfter(parsed.statements, comment.span.start) : undefined,
    });
  }
  return directives;
}

/** The first statement that holds or follows `offset` (statements are in file order). */
function statementAfter(statements: readonly ParsedStatement[], offset: number): Span | undefined {
  return statements.find((s) => s.span.end > offset)?.span;
}

function covers(directive: IgnoreDirective, finding: Finding): boolean {
  if (directive.scope === 'file') return true;
  const target = directive.target;
  return target !== undefined && finding.span.start >= target.start && finding.span.start <= target.end;
}

export interface SuppressionResult {
  /** The findings no directive silenced. */
  kept: Finding[];
  /** One `unused-ignore` finding per id that silenced nothing (themselves subject to `unused-ignore` ignores). */
  unused: Finding[];
}

/**
 * Drops the findings that a directive silences, and reports the ids that silenced nothing.
 * `isRuleActive(id)` says whether the rule runs in this configuration: an ignore for a rule that is switched off,
 * or outside the configured Electric version, is not reported, since it matters under other settings.
 */
export function applySuppressions(
  parsed: ParsedFile,
  findings: readonly Finding[],
  isRuleActive: (id: string) => boolean,
): SuppressionResult {
  const directives = findIgnoreDirectives(parsed);
  if (directives.length === 0) return { kept: [...findings], unused: [] };

  const used = new Set<IgnoredRule>();
  const silence = (finding: Finding): boolean => {
    let silenced = false;
    for (const directive of directives) {
      if (!covers(directive, finding)) continue;
      for (const rule of directive.rules) {
        if (rule.id === finding.code) {
          used.add(rule);
          silenced = true;
        }
      }
    }
    return silenced;
  };

  const kept = findings.filter((f) => !silence(f));
  const unused: Finding[] = [];
  for (const directive of directives) {
    if (directive.rules.length === 0) {
      unused.push({
        code: UNUSED_IGNORE,
        span: directive.keywordSpan,
        message: `This ${directive.scope === 'file' ? IGNORE_FILE_DIRECTIVE : IGNORE_DIRECTIVE} comment names no rule, so it silences nothing. List the rule ids to silence, separated by commas.`,
      });
      continue;
    }
    for (const rule of directive.rules) {
      // `unused-ignore` in a directive only silences reports about other ids; judging it would never end.
      if (used.has(rule) || rule.id === UNUSED_IGNORE) continue;
      const message = unusedMessage(rule.id, directive, isRuleActive);
      if (message !== undefined) unused.push({ code: UNUSED_IGNORE, span: rule.span, message });
    }
  }
  return { kept, unused: unused.filter((f) => !silence(f)) };
}

function unusedMessage(
  id: string,
  directive: IgnoreDirective,
  isRuleActive: (id: string) => boolean,
): string | undefined {
  if (!isRuleId(id)) {
    return `"${id}" is not an electric-migrations rule id, so this ignore silences nothing. Check the spelling (rule ids are listed in the README).`;
  }
  if (!isRuleActive(id)) return undefined;
  if (directive.scope === 'file') {
    return `Nothing in this file reports "${id}": this ignore silences nothing and can be removed.`;
  }
  if (directive.target === undefined) {
    return `No statement follows this comment, so ignoring "${id}" silences nothing. Put the comment just above the statement, or use ${IGNORE_FILE_DIRECTIVE}.`;
  }
  return `The next statement has no "${id}" finding: this ignore silences nothing and can be removed.`;
}
