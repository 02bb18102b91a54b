/**
 * Typed getters for the `electricMigrations.*` settings (the config file's key names, product.md §3). The server
 * reads the same section; `electric-migrations.json` wins over it where both say something. `trace.server` is read
 * by the language client itself (its id is `electricMigrations`).
 */
import * as vscode from 'vscode';
import type { ElectricMigrationsSettings } from '../../server/src/lsp/protocol';

export const SETTINGS_SECTION = 'electricMigrations';

export class Config {
  /** `scope`: a workspace folder for its resource-scoped values; absent: the workspace's. */
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION, this.scope);
  }

  get migrationsDirectory(): string {
    return this.section.get<string>('migrationsDirectory', '');
  }

  get electricVersion(): string {
    return this.section.get<string>('electricVersion', '0.12');
  }

  /** Rule id → severity; the server ignores (and logs) unknown ids and severities. */
  get rules(): Record<string, string> {
    const value = this.section.get<unknown>('rules', {});
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  get migrationFormat(): string {
    return this.section.get<string>('migrationFormat', '');
  }

  get contextDirectories(): string[] {
    const value = this.section.get<unknown>('contextDirectories', []);
    return Array.isArray(value) ? value.filter((d): d is string => typeof d === 'string') : [];
  }

  /** VS Code already drops a workspace's value in an untrusted workspace (`restrictedConfigurations`). */
  get validateWithPglite(): boolean {
    return this.section.get<boolean>('validateWithPglite', false);
  }

  /** The section as the server reads it (`workspace/didChangeConfiguration` pushes it). */
  settings(): ElectricMigrationsSettings {
    return {
      migrationsDirectory: this.migrationsDirectory,
      electricVersion: this.electricVersion,
      rules: this.rules,
      migrationFormat: this.migrationFormat,
      contextDirectories: this.contextDirectories,
      validateWithPglite: this.validateWithPglite,
    };
  }

  static onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) listener();
    });
  }
}
