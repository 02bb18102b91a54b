/**
 * "Show Rule Documentation": the rule's section of the README shipped inside the extension, rendered in a webview
 * (offline; the panel shows exactly that section, so there is nothing to scroll to). One panel, reused; links to other rules
 * open them in the same panel through the one command URI the panel allows.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import { findRuleDocumentation } from '../../../server/src/lsp/ruleDocs';
import { COMMAND_IDS } from '../commandIds';
import { listRules, renderRuleMarkdown, ruleSection, type RuleEntry } from './ruleMarkdown';

/** Rule ids are kebab-case; anything else (a command URI can carry any argument) is refused before it reaches HTML. */
const RULE_ID = /^[a-z][a-z0-9-]*$/;

export class RuleDocumentation implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;

  constructor(private readonly extensionPath: string) {}

  /** Shows `ruleId`'s section, or asks which rule when there is none. */
  async show(ruleId: unknown): Promise<void> {
    const readme = await this.readReadme();
    if (readme === undefined) {
      void vscode.window.showErrorMessage('ElectricSQL: the rule documentation (README.md) is missing from the extension.');
      return;
    }
    const rules = listRules(readme);
    const id = typeof ruleId === 'string' && ruleId !== '' ? ruleId : await pickRule(rules);
    if (!id) return;
    if (!RULE_ID.test(id)) {
      void vscode.window.showWarningMessage('ElectricSQL: that is not a rule id.');
      return;
    }
    const section = ruleSection(readme, id);
    if (!section) {
      void vscode.window.showWarningMessage(`ElectricSQL: no documentation for the rule "${id}".`);
      return;
    }
    const body = renderRuleMarkdown(section, new Set(rules.map((r) => r.id)));
    const panel = this.panelFor(id);
    panel.webview.html = page(id, body);
  }

  private async readReadme(): Promise<string | undefined> {
    // The same file the server's links point to (vsce may store it as readme.md).
    const url = findRuleDocumentation(this.extensionPath);
    return url ? fs.readFile(fileURLToPath(url), 'utf8') : undefined;
  }

  private panelFor(ruleId: string): vscode.WebviewPanel {
    const title = `Rule: ${ruleId}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel('electricMigrations.ruleDocumentation', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableCommandUris: [COMMAND_IDS.showRuleDocumentation],
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function pickRule(rules: readonly RuleEntry[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    rules.map((r) => ({ label: r.id, description: r.severity, detail: r.summary })),
    { title: 'ElectricSQL rule documentation', placeHolder: 'Which rule?', matchOnDetail: true },
  );
  return picked?.label;
}

function page(ruleId: string, body: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rule: ${ruleId}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); line-height: 1.5; max-width: 52em; padding: 0 1.5em; }
  h2, h3, h4 { font-family: var(--vscode-editor-font-family); }
  code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 0.6em 0.8em; overflow-x: auto; }
  :not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 0 0.2em; }
  a { color: var(--vscode-textLink-foreground); }
  table { border-collapse: collapse; } td, th { border: 1px solid var(--vscode-panel-border); padding: 0.2em 0.5em; }
  footer { margin-top: 2em; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
</style>
</head>
<body data-rule="${ruleId}">
${body}
<footer>From the README shipped with the ElectricSQL Migrations extension.</footer>
</body>
</html>`;
}
