/**
 * Which rules run, and at what severity, under given settings: the configured severity (or the registry's), `off`
 * dropping a rule, and each rule's `since`/`until` Electric versions.
 */
import type { LintSettings } from './context';
import { RULES } from './registry';
import { compareVersions, type Severity } from './types';

export interface RulePolicy {
  /** False when the rule is `off` or does not apply to the configured Electric version. */
  isActive(id: string): boolean;
  /** The severity a finding of this rule is reported with. */
  severityOf(id: string, suggested?: Severity): Severity;
}

export function rulePolicy(settings: LintSettings): RulePolicy {
  const version = settings.electricVersion;
  return {
    isActive(id) {
      if (settings.rules[id] === 'off') return false;
      const meta = RULES.get(id);
      if (!meta) return true;
      if (meta.since && compareVersions(version, meta.since) < 0) return false;
      if (meta.sincePatch !== undefined && version === meta.since && settings.electricPatch !== undefined && settings.electricPatch < meta.sincePatch) return false;
      if (meta.until && compareVersions(version, meta.until) > 0) return false;
      return true;
    },
    severityOf(id, suggested) {
      const configured = settings.rules[id];
      if (configured !== undefined && configured !== 'off') return configured;
      if (suggested) return suggested;
      // A finding whose code is missing from the registry is a bug in a rule; reporting it loudly gets it fixed.
      return RULES.get(id)?.severity ?? 'error';
    },
  };
}
