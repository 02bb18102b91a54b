/**
 * package.json's `contributes` against the code: every command the client registers is contributed (category
 * ElectricSQL) and every contributed command is registered; the commands the server's lenses and actions run are
 * among them; settings carry the config file's names; the rule list is the registry's; the server's custom semantic
 * token types are declared.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS } from '../../client/src/commandIds';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../server/src/language/codeActions';
import { SEMANTIC_TOKEN_TYPES } from '../../server/src/language/structure';
import { APPLY_COMMAND, REFRESH_STATUS_COMMAND } from '../../server/src/lsp/database';
import { SHOW_REFERENCES_COMMAND } from '../../server/src/lsp/features';
import { MIGRATION_FORMATS } from '../../server/src/migrations/layout';
import { RULE_LIST } from '../../server/src/rules/registry';

interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; category: string; enablement?: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    configuration: { properties: Record<string, { type: string; enum?: string[]; properties?: Record<string, { enum: string[] }>; additionalProperties?: boolean }> };
    semanticTokenTypes: { id: string; superType: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands;
const ids = Object.values(COMMAND_IDS) as string[];

test('the contributed commands are exactly the registered ones, in category ElectricSQL, with titles', () => {
  assert.deepEqual(contributed.map((c) => c.command).sort(), [...ids].sort());
  for (const c of contributed) {
    assert.equal(c.category, 'ElectricSQL', c.command);
    assert.ok(c.title.length > 0, c.command);
  }
  const title = (id: string) => contributed.find((c) => c.command === id)?.title;
  assert.equal(title(COMMAND_IDS.applyPendingMigrations), 'Apply Pending Migrations');
  assert.equal(title(COMMAND_IDS.validatePendingMigrations), 'Validate Pending Migrations');
  assert.equal(title(COMMAND_IDS.newMigration), 'New Migration');
  assert.equal(title(COMMAND_IDS.showSchemaAtCursor), 'Show Schema at Cursor');
  assert.equal(title(COMMAND_IDS.showRuleDocumentation), 'Show Rule Documentation');
  assert.equal(title(COMMAND_IDS.setDatabaseUrl), 'Set Database URL');
  assert.equal(title(COMMAND_IDS.clearDatabaseUrl), 'Clear Database URL');
  assert.equal(title(COMMAND_IDS.restartLanguageServer), 'Restart Language Server');
  assert.equal(title(COMMAND_IDS.showOutput), 'Show Output');
});

test('the commands the server sends are registered; the internal one is hidden from the palette', () => {
  for (const id of [SHOW_REFERENCES_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND, APPLY_COMMAND, REFRESH_STATUS_COMMAND]) assert.ok(ids.includes(id), id);
  assert.deepEqual(manifest.contributes.menus.commandPalette.find((m) => m.command === SHOW_REFERENCES_COMMAND), { command: SHOW_REFERENCES_COMMAND, when: 'false' });
});

test('applying, validating and choosing a database need a trusted workspace', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['electricMigrations.validateWithPglite']);
  for (const id of [COMMAND_IDS.applyPendingMigrations, COMMAND_IDS.validatePendingMigrations, COMMAND_IDS.setDatabaseUrl, COMMAND_IDS.selectDatabaseTarget]) {
    assert.equal(contributed.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
  }
});

test('settings are the config file keys, flat; the rules setting knows every rule and severity', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    'electricMigrations.contextDirectories',
    'electricMigrations.electricVersion',
    'electricMigrations.migrationFormat',
    'electricMigrations.migrationsDirectory',
    'electricMigrations.rules',
    'electricMigrations.trace.server',
    'electricMigrations.validateWithPglite',
  ]);
  const rules = properties['electricMigrations.rules'];
  assert.deepEqual(Object.keys(rules.properties ?? {}), RULE_LIST.map((r) => r.id));
  for (const rule of Object.values(rules.properties ?? {})) assert.deepEqual(rule.enum, ['error', 'warning', 'info', 'off']);
  assert.equal(rules.additionalProperties, false);
  assert.deepEqual(properties['electricMigrations.migrationFormat'].enum, ['', ...MIGRATION_FORMATS]);
  assert.deepEqual(properties['electricMigrations.electricVersion'].enum, ['0.6', '0.7', '0.8', '0.9', '0.10', '0.11', '0.12']);
});

test('activation on migration folders and SQL; the server\'s custom token types are declared', () => {
  assert.deepEqual(manifest.activationEvents, ['workspaceContains:**/db/migrations/*.sql', 'workspaceContains:**/migrations/*.sql', 'onLanguage:sql']);
  const standard = new Set(['type', 'keyword']);
  const declared = manifest.contributes.semanticTokenTypes.map((t) => t.id);
  assert.deepEqual(SEMANTIC_TOKEN_TYPES.filter((t) => !standard.has(t)), declared);
  for (const t of manifest.contributes.semanticTokenTypes) assert.ok(t.superType, t.id);
});
