// The DDLX injection grammar, tokenized by the same engine VS Code uses (vscode-textmate + Oniguruma WASM),
// injected into a small stand-in for VS Code's SQL grammar (fixtures/sql.tmLanguage.json) and, when
// scripts/e2e-setup.sh has installed code-server, into the SQL grammar VS Code itself ships (the same cases).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { findToolchain } from '../e2e/support/toolchain';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contribution = manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'source.sql.electric-ddlx');
const STAND_IN = path.join(__dirname, 'fixtures/sql.tmLanguage.json');
const DDLX = path.join(root, contribution.path);

/** VS Code's own SQL grammar, from the code-server that scripts/e2e-setup.sh installs (not part of the project). */
function vscodeSqlGrammar(): string | undefined {
  const main = findToolchain();
  if ('missing' in main) return undefined;
  const file = path.join(path.dirname(main.vscodeServerMain), '..', 'extensions', 'sql', 'syntaxes', 'sql.tmLanguage.json');
  return fs.existsSync(file) ? file : undefined;
}

interface Token {
  text: string;
  scopes: string[];
}

for (const [label, sqlGrammar] of [['a stand-in SQL grammar', STAND_IN], ["VS Code's SQL grammar", vscodeSqlGrammar()]] as const) {
  let grammar: vsctm.IGrammar;

  before(async () => {
    if (!sqlGrammar) return;
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        const file = scopeName === 'source.sql' ? sqlGrammar : scopeName === 'source.sql.electric-ddlx' ? DDLX : undefined;
        return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      // What VS Code does with `injectTo` in the manifest.
      getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : undefined),
    });
    const loaded = await registry.loadGrammar('source.sql');
    assert.ok(loaded, 'source.sql grammar loads');
    grammar = loaded;
  });

  /** Tokenizes a document (lines joined by '\n') and returns its tokens, line by line. */
  function tokenize(source: string): Token[][] {
    let state = vsctm.INITIAL;
    return source.split('\n').map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  }

  /** The scopes of the `occurrence`-th token whose text is exactly `text` (surrounding spaces ignored). */
  function scopesOf(line: Token[], text: string, occurrence = 0): string[] {
    const matches = line.filter((t) => t.text.trim() === text);
    assert.ok(matches[occurrence], `no token "${text}" in ${JSON.stringify(line.map((t) => t.text))}`);
    return matches[occurrence].scopes;
  }

  function hasScope(scopes: string[], prefix: string): boolean {
    return scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
  }

  function assertScope(line: Token[], text: string, prefix: string, occurrence = 0): void {
    const scopes = scopesOf(line, text, occurrence);
    assert.ok(hasScope(scopes, prefix), `"${text}" has ${prefix}: ${scopes.join(' ')}`);
  }

  function assertNoDdlx(line: Token[]): void {
    for (const t of line) assert.ok(!t.scopes.some((s) => s.includes('ddlx')), `"${t.text}" is not DDLX: ${t.scopes.join(' ')}`);
  }

  describe(`DDLX TextMate injection into ${label}`, { skip: sqlGrammar ? false : `${label}: not installed (scripts/e2e-setup.sh installs code-server)` }, () => {
    it('is contributed as an injection into source.sql that skips comments and strings', () => {
      assert.deepEqual(contribution.injectTo, ['source.sql']);
      const raw = JSON.parse(fs.readFileSync(DDLX, 'utf8'));
      assert.equal(raw.scopeName, 'source.sql.electric-ddlx');
      assert.equal(raw.injectionSelector, 'L:source.sql -comment -string');
    });

    it('highlights ALTER TABLE … ENABLE ELECTRIC', () => {
      const [line] = tokenize('ALTER TABLE items ENABLE ELECTRIC;');
      assertScope(line, 'ENABLE', 'keyword.other.ddlx');
      assertScope(line, 'ELECTRIC', 'keyword.other.electric.ddlx');
      assertScope(line, 'items', 'entity.name.table.ddlx');
      assertScope(line, 'ALTER', 'keyword.other');
    });

    it('highlights DISABLE ELECTRIC, quoted and schema-qualified tables, in any case', () => {
      const [line] = tokenize('alter table public."Items" disable Electric;');
      assertScope(line, 'disable', 'keyword.other.ddlx');
      assertScope(line, 'Electric', 'keyword.other.electric.ddlx');
      assertScope(line, 'public."Items"', 'entity.name.table.ddlx');
    });

    it('highlights ENABLE ELECTRIC when ALTER TABLE is on the line above', () => {
      const [, second] = tokenize('ALTER TABLE items\n  ENABLE ELECTRIC;');
      assertScope(second, 'ENABLE', 'keyword.other.ddlx');
      assertScope(second, 'ELECTRIC', 'keyword.other.electric.ddlx');
    });

    it('highlights ELECTRIC GRANT with its keywords and the scoped role string', () => {
      const [line] = tokenize("ELECTRIC GRANT READ ON projects TO 'projects:member';");
      assertScope(line, 'ELECTRIC', 'keyword.other.electric.ddlx');
      for (const kw of ['GRANT', 'READ', 'ON', 'TO']) assertScope(line, kw, 'keyword.other.ddlx');
      assertScope(line, 'projects', 'entity.name.scope.ddlx', 1);
      assertScope(line, ':', 'punctuation.separator.scope.ddlx');
      assertScope(line, 'member', 'entity.name.role.ddlx');
      assertScope(line, 'member', 'string.quoted.single.role.ddlx');
      assertScope(line, ';', 'punctuation.terminator.statement');
      // The table name is an identifier, not a keyword.
      assert.ok(!hasScope(scopesOf(line, 'projects'), 'keyword'), 'table name is not a keyword');
    });

    it('highlights every DDLX command and keyword, case-insensitively', () => {
      const lines = tokenize([
        'electric enable projects;',
        'Electric Disable projects;',
        "ELECTRIC ASSIGN 'projects:owner' TO projects.owner_id IF (is_active);",
        "ELECTRIC UNASSIGN 'projects:owner' FROM projects.owner_id;",
        "ELECTRIC GRANT ALL ON issues TO 'projects:member' USING project_id CHECK (name = 'x');",
        "ELECTRIC GRANT write ON issues TO 'admin';",
        "ELECTRIC GRANT select ON issues TO 'admin';",
        "ELECTRIC GRANT INSERT ON issues TO 'admin';",
        "ELECTRIC GRANT Update ON issues TO 'admin';",
        "ELECTRIC REVOKE DELETE ON issues FROM 'admin';",
        "ELECTRIC SQLITE 'CREATE TABLE t (id TEXT)';",
      ].join('\n'));
      assertScope(lines[0], 'enable', 'keyword.other.ddlx');
      assertScope(lines[0], 'electric', 'keyword.other.electric.ddlx');
      assertScope(lines[1], 'Disable', 'keyword.other.ddlx');
      assertScope(lines[2], 'ASSIGN', 'keyword.other.ddlx');
      assertScope(lines[2], 'owner', 'entity.name.role.ddlx');
      assertScope(lines[2], 'IF', 'keyword.other.ddlx');
      assertScope(lines[2], 'TO', 'keyword.other.ddlx');
      assertScope(lines[3], 'UNASSIGN', 'keyword.other.ddlx');
      assertScope(lines[3], 'FROM', 'keyword.other.ddlx');
      for (const kw of ['ALL', 'USING', 'CHECK']) assertScope(lines[4], kw, 'keyword.other.ddlx');
      assertScope(lines[4], "'", 'string.quoted.single', 2);
      assertScope(lines[5], 'write', 'keyword.other.ddlx');
      assertScope(lines[5], 'admin', 'entity.name.role.ddlx');
      assertScope(lines[6], 'select', 'keyword.other.ddlx');
      assertScope(lines[7], 'INSERT', 'keyword.other.ddlx');
      assertScope(lines[8], 'Update', 'keyword.other.ddlx');
      assertScope(lines[9], 'REVOKE', 'keyword.other.ddlx');
      assertScope(lines[9], 'DELETE', 'keyword.other.ddlx');
      assertScope(lines[10], 'SQLITE', 'keyword.other.ddlx');
    });

    it('keeps a multi-line ELECTRIC statement together up to its semicolon, then returns to SQL', () => {
      const lines = tokenize("ELECTRIC GRANT UPDATE\n  ON projects\n  TO 'projects:member';\nCREATE TABLE t (id uuid);");
      assertScope(lines[1], 'ON', 'keyword.other.ddlx');
      assertScope(lines[2], 'member', 'entity.name.role.ddlx');
      assertNoDdlx(lines[3]);
    });

    it('does not highlight DDLX in comments or strings', () => {
      const lines = tokenize([
        '-- ELECTRIC GRANT READ ON projects TO \'projects:member\';',
        '   -- ALTER TABLE items ENABLE ELECTRIC;',
        '/* ELECTRIC GRANT ALL ON items TO \'admin\'; */',
        "INSERT INTO notes (body) VALUES ('ELECTRIC GRANT READ ON x TO ''y''; ALTER TABLE x ENABLE ELECTRIC');",
      ].join('\n'));
      for (const line of lines) assertNoDdlx(line);
      assertScope(lines[0], 'ELECTRIC GRANT READ ON projects TO \'projects:member\';', 'comment.line.double-dash');
    });

    it('does not highlight DDLX inside a block comment or a string that spans lines', () => {
      const lines = tokenize([
        '/*',
        "  ELECTRIC GRANT READ ON projects TO 'projects:member';",
        '  ALTER TABLE items ENABLE ELECTRIC;',
        '*/',
        "INSERT INTO notes (body) VALUES ('first line",
        "ELECTRIC ASSIGN ''projects:owner'' TO projects.owner_id;",
        "ALTER TABLE x ENABLE ELECTRIC');",
        'ALTER TABLE items ENABLE ELECTRIC;',
      ].join('\n'));
      for (const line of lines.slice(0, 7)) assertNoDdlx(line);
      // After the comment and the string, DDLX is highlighted again.
      assertScope(lines[7], 'ELECTRIC', 'keyword.other.electric.ddlx');
    });

    it('does not highlight a trailing comment of a DDLX statement as DDLX', () => {
      const [line] = tokenize("ELECTRIC ENABLE projects; -- then ELECTRIC GRANT ALL ON projects TO 'admin'");
      assertScope(line, 'ENABLE', 'keyword.other.ddlx');
      const comment = line.find((t) => t.text.includes('then ELECTRIC'));
      assert.ok(comment && !comment.scopes.some((x) => x.includes('ddlx')), `the comment is not DDLX: ${JSON.stringify(comment)}`);
    });

    it('highlights a DDLX statement split over lines, in mixed case, with a comment inside', () => {
      const lines = tokenize([
        'Electric Assign',
        "  'projects:owner'  -- the owner of a project",
        '  To projects.owner_id',
        '  iF (is_active);',
      ].join('\n'));
      assertScope(lines[0], 'Electric', 'keyword.other.electric.ddlx');
      assertScope(lines[0], 'Assign', 'keyword.other.ddlx');
      assertScope(lines[1], 'owner', 'entity.name.role.ddlx');
      assertScope(lines[1], 'the owner of a project', 'comment.line.double-dash');
      assertScope(lines[2], 'To', 'keyword.other.ddlx');
      assertScope(lines[3], 'iF', 'keyword.other.ddlx');
    });

    it('highlights roles: global, scoped, the (scope, role) tuple, after TO, FROM and ASSIGN', () => {
      const lines = tokenize([
        "ELECTRIC ASSIGN (projects, 'member') TO memberships.user_id;",
        "ELECTRIC REVOKE READ ON issues FROM 'projects:member';",
        "ELECTRIC GRANT READ ON issues TO 'anyone';",
        "ELECTRIC UNASSIGN 'projects:owner' FROM projects.owner_id;",
      ].join('\n'));
      assertScope(lines[0], 'projects', 'entity.name.scope.ddlx');
      assertScope(lines[0], 'member', 'entity.name.role.ddlx');
      assertScope(lines[1], 'projects', 'entity.name.scope.ddlx', 0);
      assertScope(lines[1], 'member', 'entity.name.role.ddlx');
      assertScope(lines[2], 'anyone', 'entity.name.role.ddlx');
      assertScope(lines[3], 'owner', 'entity.name.role.ddlx');
    });

    it('highlights ELECTRIC when the command is on the next line', () => {
      const lines = tokenize("ELECTRIC\n  GRANT READ ON projects TO 'projects:member';");
      assertScope(lines[0], 'ELECTRIC', 'keyword.other.electric.ddlx');
      assertScope(lines[1], 'GRANT', 'keyword.other.ddlx');
      assertScope(lines[1], 'member', 'entity.name.role.ddlx');
      // Only at the start of a line: an identifier named electric at the end of one is not DDLX.
      const [column, type] = tokenize('CREATE TABLE t (id int PRIMARY KEY, electric\n  boolean);');
      assertNoDdlx(column);
      assertNoDdlx(type);
    });

    it('does not take a column or table named electric for DDLX', () => {
      const lines = tokenize([
        'CREATE TABLE electric (id int PRIMARY KEY, enable boolean);',
        'SELECT electric.enable FROM electric;',
        'ALTER TABLE electric ADD COLUMN grant_to text;',
      ].join('\n'));
      for (const line of lines) assertNoDdlx(line);
    });

    it('leaves ordinary SQL to the base grammar', () => {
      const [create, grant, enable] = tokenize([
        'CREATE TABLE projects (id uuid PRIMARY KEY, name text NOT NULL);',
        'GRANT SELECT ON projects TO reader;',
        'ALTER TABLE items ENABLE TRIGGER audit;',
      ].join('\n'));
      for (const line of [create, grant, enable]) assertNoDdlx(line);
      // Whatever the base grammar calls it (VS Code's: keyword.other.DML.sql or similar), it stays a keyword.
      assertScope(grant, 'GRANT', 'keyword');
    });
  });
}
