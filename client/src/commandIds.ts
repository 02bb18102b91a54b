/**
 * Every command the extension registers, by id. The language server's code lenses and code actions run some of
 * them (`showReferences`, `showRuleDocumentation`, `applyPendingMigrations`, `refreshMigrationStatus`), so these
 * strings are part of the protocol: test/client checks them against the server's constants and package.json.
 */
export const COMMAND_IDS = {
  applyPendingMigrations: 'electricMigrations.applyPendingMigrations',
  validatePendingMigrations: 'electricMigrations.validatePendingMigrations',
  newMigration: 'electricMigrations.newMigration',
  showSchemaAtCursor: 'electricMigrations.showSchemaAtCursor',
  showRuleDocumentation: 'electricMigrations.showRuleDocumentation',
  selectDatabaseTarget: 'electricMigrations.selectDatabaseTarget',
  setDatabaseUrl: 'electricMigrations.setDatabaseUrl',
  clearDatabaseUrl: 'electricMigrations.clearDatabaseUrl',
  refreshMigrationStatus: 'electricMigrations.refreshMigrationStatus',
  restartLanguageServer: 'electricMigrations.restartLanguageServer',
  showOutput: 'electricMigrations.showOutput',
  showReferences: 'electricMigrations.showReferences',
} as const;

export type CommandName = keyof typeof COMMAND_IDS;
