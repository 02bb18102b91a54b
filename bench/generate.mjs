#!/usr/bin/env node
// Writes a large, realistic ElectricSQL migrations folder for `npm run bench`, always the same for the same seed.
//   node bench/generate.mjs [DIR] [--files N] [--seed S]      (DIR defaults to bench/out/migrations)
// Files are `NNN-name.sql`, shaped like shared/corpus/electric-examples: CREATE TABLE then ENABLE ELECTRIC, FKs to
// earlier tables, indexes, plpgsql trigger functions, seed INSERTs, ADD COLUMN, a little DDLX, comments. A few
// planted mistakes (listed in the returned manifest) give the linter real diagnostics to produce.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: tiny, fast and deterministic (Math.random would make runs incomparable). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// [plural table name, singular used for FK column names]
const NOUNS = [
  ['projects', 'project'], ['issues', 'issue'], ['comments', 'comment'], ['labels', 'label'], ['teams', 'team'],
  ['memberships', 'membership'], ['orders', 'order'], ['order_items', 'order_item'], ['products', 'product'],
  ['customers', 'customer'], ['invoices', 'invoice'], ['payments', 'payment'], ['shipments', 'shipment'],
  ['warehouses', 'warehouse'], ['documents', 'document'], ['folders', 'folder'], ['attachments', 'attachment'],
  ['messages', 'message'], ['chat_rooms', 'chat_room'], ['notifications', 'notification'], ['tasks', 'task'],
  ['milestones', 'milestone'], ['sprints', 'sprint'], ['boards', 'board'], ['columns_config', 'column_config'],
  ['cards', 'card'], ['tags', 'tag'], ['events', 'event'], ['venues', 'venue'], ['tickets', 'ticket'],
  ['reviews', 'review'], ['ratings', 'rating'], ['recipes', 'recipe'], ['ingredients', 'ingredient'],
  ['playlists', 'playlist'], ['tracks', 'track'], ['devices', 'device'], ['readings', 'reading'],
  ['sensors', 'sensor'], ['locations', 'location'], ['trips', 'trip'], ['vehicles', 'vehicle'],
  ['drivers', 'driver'], ['deliveries', 'delivery'], ['routes', 'route'], ['courses', 'course'],
  ['lessons', 'lesson'], ['enrollments', 'enrollment'], ['quizzes', 'quiz'], ['answers', 'answer'],
  ['surveys', 'survey'], ['responses', 'response'], ['campaigns', 'campaign'], ['leads', 'lead'],
  ['contacts', 'contact'], ['companies', 'company'], ['deals', 'deal'], ['notes', 'note'], ['reminders', 'reminder'],
  ['budgets', 'budget'], ['expenses', 'expense'], ['accounts', 'account'], ['transactions', 'transaction_entry'],
  ['photos', 'photo'], ['albums', 'album'], ['posts', 'post'], ['threads', 'thread'], ['reactions', 'reaction'],
];
const QUALIFIERS = ['team', 'org', 'archived', 'customer', 'vendor', 'internal', 'draft', 'shared', 'public',
  'weekly', 'project', 'user', 'guest', 'mobile', 'legacy', 'partner', 'regional', 'scheduled', 'pending', 'saved'];

// Column name pools by (Electric-supported) type. Electrified tables only ever use these types.
const COLUMNS = {
  TEXT: ['name', 'title', 'description', 'status', 'email', 'slug', 'body', 'notes', 'kind', 'color', 'currency',
    'locale', 'url', 'summary', 'priority', 'content', 'label', 'phone', 'address', 'city', 'country', 'code'],
  TIMESTAMPTZ: ['due_at', 'completed_at', 'archived_at', 'published_at', 'starts_at', 'ends_at', 'last_seen_at',
    'scheduled_at', 'modified'],
  INTEGER: ['position', 'quantity', 'sort_order', 'version', 'amount_cents', 'attempts', 'duration_seconds', 'rank'],
  BIGINT: ['size_bytes', 'view_count', 'total_cents'],
  BOOLEAN: ['is_active', 'archived', 'completed', 'pinned', 'verified', 'cancelled', 'is_public'],
  JSONB: ['metadata', 'settings', 'payload', 'attributes', 'result', 'preferences'],
  REAL: ['progress', 'score', 'weight'],
  'DOUBLE PRECISION': ['latitude', 'longitude', 'amount'],
  DATE: ['due_date', 'birth_date', 'start_date', 'end_date'],
  UUID: ['external_id', 'correlation_id'],
};
const TYPES = Object.keys(COLUMNS);
const WORDS = ['alpha', 'bravo', 'open', 'closed', 'draft', 'review', 'shipped', 'paid', 'pending', 'urgent', 'low',
  'medium', 'high', 'north', 'south', 'berlin', 'lisbon', 'tokyo', 'welcome', 'onboarding', 'backlog', 'done'];
// Lower-cased in the ~quarter of files written in lower case (as docs-data-modelling__example.sql is).
const KEYWORDS = /\b(CREATE|TABLE|IF|NOT|EXISTS|NULL|PRIMARY|KEY|REFERENCES|ON|DELETE|UPDATE|CASCADE|SET|CONSTRAINT|FOREIGN|ALTER|ENABLE|ELECTRIC|ADD|COLUMN|INDEX|INSERT|INTO|VALUES|WHERE|UUID|TEXT|TIMESTAMPTZ|INTEGER|BIGINT|BOOLEAN|JSONB|REAL|DOUBLE|PRECISION|DATE|DEFERRABLE|USING|BTREE|ASSIGN|GRANT|TO|READ|WRITE|ALL|SELECT)\b/g;

export function generate({ dir, files = 400, seed = 20240619 }) {
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chance = (p) => rnd() < p;
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

  const tables = []; // { name, singular, pkType, cols: [{name, type, notNull, fk}], electrified, seeds: [] }
  const usedNames = new Set();
  const indexNames = new Set();
  const roles = new Set();
  const manifest = { files: 0, statements: 0, bytes: 0, mistakes: [] };

  function newTableName() {
    for (let attempt = 0; ; attempt++) {
      const [plural, singular] = pick(NOUNS);
      const q = attempt < 2 && !usedNames.has(plural) ? '' : `${pick(QUALIFIERS)}_`;
      const name = q + plural + (attempt > 40 ? `_${attempt}` : '');
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return { name, singular: q + singular };
      }
    }
  }
  const electrified = () => tables.filter((t) => t.electrified);
  const indexName = (base) => {
    let name = base.slice(0, 55);
    for (let i = 2; indexNames.has(name); i++) name = `${base.slice(0, 52)}_${i}`;
    indexNames.add(name);
    return name;
  };
  const literal = (type) => {
    switch (type) {
      case 'UUID': return `'${uuid()}'`;
      case 'TEXT': return `'${pick(WORDS)} ${pick(WORDS)}'`;
      case 'TIMESTAMPTZ': return `'2024-0${int(1, 9)}-1${int(0, 9)}T${int(10, 23)}:${int(10, 59)}:00Z'`;
      case 'DATE': return `'2024-0${int(1, 9)}-1${int(0, 9)}'`;
      case 'INTEGER': case 'BIGINT': return String(int(0, 5000));
      case 'BOOLEAN': return chance(0.5) ? 'true' : 'false';
      case 'JSONB': return `'{"${pick(WORDS)}": ${int(0, 99)}, "tags": ["${pick(WORDS)}"]}'`;
      default: return (rnd() * 100).toFixed(2);
    }
  };

  /** One migration file: collects its text and counts its statements. */
  function fileBuilder(style) {
    const out = [];
    let statements = 0;
    const q = (name) => (style.quote ? `"${name}"` : name);
    return {
      q, style,
      text: () => out.join(''),
      statements: () => statements,
      comment: (c) => out.push(`${style.indent}-- ${c}\n`),
      blank: () => out.push('\n'),
      stmt: (sql) => { statements++; out.push(`${style.indent}${sql.replace(/\n/g, `\n${style.indent}`)};\n`); },
      raw: (s) => out.push(s),
    };
  }

  function createTable(f, { electrify, withDefault = false }) {
    const { q } = f;
    const { name, singular } = newTableName();
    const pkType = chance(0.78) ? 'UUID' : 'TEXT';
    const t = { name, singular, pkType, cols: [{ name: 'id', type: pkType, notNull: true }], electrified: false, seeds: [] };
    const lines = [];
    const trailing = [];
    const pkStyle = int(0, 2);
    lines.push(pkStyle === 0 ? `${q('id')} ${pkType} PRIMARY KEY NOT NULL` : pkStyle === 1 ? `${q('id')} ${pkType} NOT NULL PRIMARY KEY` : `${q('id')} ${pkType} NOT NULL`);
    if (pkStyle === 2) trailing.push(`CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY (${q('id')})`);
    // FKs only to electrified tables from electrified ones (else electrify-fk-unelectrified would fire everywhere).
    const parents = (electrify ? electrified() : tables).filter((p) => !p.noFkTarget);
    const fkCount = parents.length === 0 ? 0 : Math.min(parents.length, pick([0, 1, 1, 1, 2, 2, 3]));
    const chosen = new Set();
    for (let i = 0; i < fkCount; i++) {
      const parent = i === 0 && parents[0].name === 'users' && chance(0.5) ? parents[0] : pick(parents);
      if (chosen.has(parent)) continue;
      chosen.add(parent);
      const col = parent.name === 'users' ? pick(['user_id', 'owner_id', 'author_id', 'user_id']) : `${parent.singular}_id`;
      if (t.cols.some((c) => c.name === col)) continue;
      const notNull = chance(0.75);
      t.cols.push({ name: col, type: parent.pkType, notNull, fk: parent });
      const onDelete = pick(['', ' ON DELETE CASCADE', ' ON DELETE CASCADE ON UPDATE CASCADE', ' ON DELETE SET NULL']);
      const action = notNull && onDelete.includes('SET NULL') ? ' ON DELETE CASCADE' : onDelete;
      if (chance(0.6)) lines.push(`${q(col)} ${parent.pkType}${notNull ? ' NOT NULL' : ''} REFERENCES ${q(parent.name)}(${q('id')})${action}`);
      else {
        lines.push(`${q(col)} ${parent.pkType}${notNull ? ' NOT NULL' : ''}`);
        trailing.push(`CONSTRAINT ${q(`${name}_${col}_fkey`)} FOREIGN KEY (${q(col)}) REFERENCES ${q(parent.name)} (${q('id')})${action}${chance(0.2) ? ' DEFERRABLE' : ''}`);
      }
    }
    for (let i = int(2, 8); i > 0; i--) {
      const type = pick(TYPES);
      const col = pick(COLUMNS[type]);
      if (t.cols.some((c) => c.name === col)) continue;
      const notNull = chance(0.6);
      t.cols.push({ name: col, type, notNull });
      lines.push(`${q(col)} ${type}${notNull ? ' NOT NULL' : ''}${chance(0.08) ? ` -- ${pick(WORDS)} ${pick(WORDS)}` : ''}`);
    }
    if (chance(0.7) || withDefault) {
      lines.push('');
      for (const col of ['created_at', 'updated_at']) {
        t.cols.push({ name: col, type: 'TIMESTAMPTZ', notNull: true });
        const dflt = withDefault || (!electrify && chance(0.7)) ? ' DEFAULT now()' : '';
        lines.push(`${q(col)} TIMESTAMPTZ NOT NULL${dflt}`);
      }
    }
    // Server-only tables use what Electric forbids on electrified ones (defaults, CHECK, UNIQUE).
    if (!electrify && chance(0.4)) trailing.push(`CONSTRAINT ${q(`${name}_id_check`)} CHECK (length(${q('id')}::text) > 0)`);
    const body = [...lines, ...trailing];
    const text = body.map((l, i) => {
      if (l === '') return '';
      const comment = l.indexOf(' -- ');
      const needsComma = body.slice(i + 1).some((x) => x !== '');
      return comment < 0 ? `  ${l}${needsComma ? ',' : ''}` : `  ${l.slice(0, comment)}${needsComma ? ',' : ''}${l.slice(comment)}`;
    }).join('\n');
    const ifNot = chance(0.35) ? 'IF NOT EXISTS ' : '';
    if (chance(0.6)) f.comment(`${pick(['Create', 'Add', 'Define'])} the ${name.replace(/_/g, ' ')} table`);
    f.stmt(`CREATE TABLE ${ifNot}${q(name)} (\n${text}\n)`);
    tables.push(t);
    return t;
  }

  function electrifyTable(f, t) {
    if (chance(0.5)) f.comment(pick(['⚡ Electrify the table', '⚡', 'Electrify', 'Expose to the sync service']));
    if (f.style.transaction && chance(0.5)) f.stmt(`CALL electric.electrify('${t.name}')`);
    else f.stmt(`ALTER TABLE ${f.q(t.name)} ENABLE ELECTRIC`);
    t.electrified = true;
  }

  function createIndexes(f, t) {
    const candidates = t.cols.filter((c) => c.fk || /_at$|status|slug|email|position/.test(c.name));
    for (const c of candidates.slice(0, int(1, 4))) {
      const name = indexName(`${t.name}_${c.name}_idx`);
      const using = chance(0.15) ? ' USING btree' : '';
      const ifNot = chance(0.3) ? 'IF NOT EXISTS ' : '';
      f.stmt(`CREATE INDEX ${ifNot}${f.q(name)} ON ${f.q(t.name)}${using} (${f.q(c.name)}${chance(0.1) ? ' DESC' : ''})`);
    }
  }

  function seed(f, t) {
    const cols = t.cols.filter((c) => !c.dropped);
    if (cols.some((c) => c.fk && c.fk.seeds.length === 0)) return; // no parent rows to point at
    const row = () => cols.map((c) => {
      if (c.name === 'id') {
        const id = t.pkType === 'UUID' ? `'${uuid()}'` : `'${t.singular}-${t.seeds.length + 1}'`;
        t.seeds.push(id);
        return id;
      }
      return c.fk ? pick(c.fk.seeds) : literal(c.type);
    }).join(', ');
    const head = `INSERT INTO ${f.q(t.name)} (${cols.map((c) => f.q(c.name)).join(', ')})`;
    if (chance(0.6)) f.comment(`Seed ${t.name.replace(/_/g, ' ')}`);
    if (chance(0.3)) f.stmt(`${head} VALUES\n${Array.from({ length: int(2, 5) }, () => `  (${row()})`).join(',\n')}`);
    else for (let i = int(2, 10); i > 0; i--) f.stmt(`${head} VALUES (${row()})`);
  }

  function tablesFile(f) {
    const created = [];
    const groupElectrify = chance(0.3); // linearlite style: all ENABLE ELECTRIC at the end
    for (let i = int(2, 6); i > 0; i--) {
      const electrify = chance(0.88);
      const t = createTable(f, { electrify });
      f.blank();
      if (electrify && !groupElectrify) electrifyTable(f, t);
      if (electrify) created.push(t);
      createIndexes(f, t);
      if (chance(0.4)) seed(f, t);
      f.blank();
    }
    if (groupElectrify) created.forEach((t) => electrifyTable(f, t));
    return created[0]?.name ?? 'tables';
  }

  function alterFile(f) {
    const targets = Array.from({ length: int(2, 7) }, () => pick(tables));
    for (const t of new Set(targets)) {
      const added = [];
      for (let i = int(1, 5); i > 0; i--) {
        const type = pick(TYPES);
        const col = pick(COLUMNS[type]) + (chance(0.3) ? `_${pick(['v2', 'new', 'local', 'extra'])}` : '');
        if (t.cols.some((c) => c.name === col)) continue;
        // Electrified: nullable and no default, as Electric allows. Server-only tables get defaults sometimes.
        const tail = !t.electrified && chance(0.4) ? ` NOT NULL DEFAULT ${literal(type)}` : '';
        t.cols.push({ name: col, type, notNull: tail !== '' });
        added.push(t.cols.at(-1));
        f.stmt(`ALTER TABLE ${f.q(t.name)} ADD COLUMN ${f.q(col)} ${type}${tail}`);
      }
      if (added.length && chance(0.35)) f.stmt(`UPDATE ${f.q(t.name)} SET ${f.q(added[0].name)} = ${literal(added[0].type)} WHERE ${f.q(added[0].name)} IS NULL`);
      if (added.length && chance(0.4)) {
        f.stmt(`CREATE INDEX ${f.q(indexName(`${t.name}_${added[0].name}_idx`))} ON ${f.q(t.name)} (${f.q(added[0].name)})`);
      }
      f.blank();
    }
    return `add_${targets[0].singular}_columns`;
  }

  function triggerFile(f) {
    const candidates = electrified();
    const t = pick(candidates.length ? candidates : tables);
    const { q } = f;
    const fn = `${t.singular}_${pick(['audit', 'notify', 'touch', 'sync'])}`;
    let audit;
    if (chance(0.5)) {
      // A server-only audit table: bigserial key and defaults are fine here, it is never electrified.
      audit = `${t.name}_audit`;
      if (!usedNames.has(audit)) {
        usedNames.add(audit);
        f.comment(`Server-side audit log for ${t.name} (not electrified)`);
        f.stmt(`CREATE TABLE IF NOT EXISTS ${q(audit)} (\n  ${q('id')} BIGSERIAL PRIMARY KEY,\n  ${q('row_id')} ${t.pkType} NOT NULL,\n  ${q('op')} TEXT NOT NULL,\n  ${q('row_data')} JSONB,\n  ${q('changed_at')} TIMESTAMPTZ NOT NULL DEFAULT now()\n)`);
        tables.push({ name: audit, singular: `${t.singular}_audit`, pkType: 'BIGINT', cols: [{ name: 'id' }, { name: 'row_id' }, { name: 'op' }, { name: 'row_data' }, { name: 'changed_at' }], electrified: false, seeds: [], noFkTarget: true });
        f.stmt(`CREATE INDEX ${q(indexName(`${audit}_row_id_idx`))} ON ${q(audit)} (${q('row_id')}, ${q('changed_at')} DESC)`);
        f.blank();
      }
    }
    const target = chance(0.3) ? `"public"."${t.name}"` : q(t.name);
    f.stmt(`DROP TRIGGER IF EXISTS ${q(`${fn}_trigger`)} ON ${target}`);
    f.stmt(`DROP FUNCTION IF EXISTS ${fn}()`);
    f.blank();
    const textCol = t.cols.find((c) => c.type === 'TEXT' && c.name !== 'id');
    const body = [];
    if (audit) body.push(`INSERT INTO ${audit} (row_id, op, row_data) VALUES (NEW.id, TG_OP, row_to_json(NEW)::jsonb);`);
    if (textCol && chance(0.6)) body.push(`IF NEW.${textCol.name} IS NULL OR NEW.${textCol.name} = '' THEN`, `  RAISE NOTICE '${t.name}: empty ${textCol.name} for %', NEW.id;`, 'END IF;');
    if (!audit || chance(0.5)) body.push(`PERFORM pg_notify('${t.name}_changed', json_build_object('id', NEW.id, 'op', TG_OP)::text);`);
    if (chance(0.3)) body.push(`PERFORM net.http_post(\n  'http://kong:8000/functions/v1/${fn}',\n  ('{"id": "' || NEW.id || '"}')::jsonb,\n  '{}'::jsonb,\n  '{"Content-type":"application/json"}'::jsonb\n);`);
    const timing = pick(['AFTER INSERT', 'AFTER INSERT OR UPDATE', 'BEFORE UPDATE']);
    body.push(timing.startsWith('BEFORE') || chance(0.5) ? 'RETURN NEW;' : 'RETURN NULL;');
    f.comment(`When a ${t.singular.replace(/_/g, ' ')} changes, ${audit ? 'record it' : 'notify listeners'}`);
    const replace = chance(0.6) ? 'OR REPLACE ' : '';
    f.stmt(`CREATE ${replace}FUNCTION ${fn}()\nRETURNS TRIGGER AS $$\nBEGIN\n${body.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n')}\nEND;\n$$ LANGUAGE plpgsql`);
    f.blank();
    f.stmt(`CREATE TRIGGER ${q(`${fn}_trigger`)}\n${timing} ON ${target}\nFOR EACH ROW\nEXECUTE FUNCTION ${fn}()`);
    if (t.electrified) {
      f.comment('Triggers on electrified tables must also fire for changes applied by Electric');
      f.stmt(`ALTER TABLE ${target} ENABLE ALWAYS TRIGGER ${fn}_trigger`);
    }
    return `create_${fn}_trigger`;
  }

  function ddlxFile(f) {
    // Roles come from ASSIGN on a user column; GRANTs only name assigned roles, on electrified tables.
    const owners = electrified().filter((t) => t.cols.some((c) => ['user_id', 'owner_id'].includes(c.name)));
    if (owners.length === 0) return tablesFile(f);
    f.comment('Permissions (DDLX). Parsed by the proxy but not enforced before Electric 1.0');
    for (let i = int(1, 2); i > 0; i--) {
      const t = pick(owners);
      const col = t.cols.find((c) => ['user_id', 'owner_id'].includes(c.name)).name;
      const role = pick(['admin', 'member', 'editor', 'viewer', 'owner']);
      roles.add(role);
      f.stmt(`ELECTRIC ASSIGN '${role}' TO ${t.name}.${col}`);
    }
    const grants = new Set();
    for (let i = int(2, 6); i > 0; i--) {
      grants.add(`ELECTRIC GRANT ${pick(['READ', 'WRITE', 'ALL', 'SELECT', 'UPDATE', 'INSERT'])} ON ${pick(electrified()).name} TO '${pick([...roles, 'ANYONE'])}'`);
    }
    grants.forEach((g) => f.stmt(g));
    return 'permissions';
  }

  function miscFile(f) {
    // Server-only things: an enum and a table using it, a view, table comments and Postgres GRANTs.
    const type = `${pick(NOUNS)[1]}_${pick(['status', 'kind', 'state'])}`;
    const enumName = usedNames.has(type) ? `${type}_${int(2, 99)}` : type;
    usedNames.add(enumName);
    const values = WORDS.slice(int(0, 5), int(8, 12));
    f.stmt(`CREATE TYPE ${enumName} AS ENUM ('${values.join("', '")}')`);
    const t = createTable(f, { electrify: false });
    f.stmt(`ALTER TABLE ${f.q(t.name)} ADD COLUMN ${f.q('state')} ${enumName} NOT NULL DEFAULT '${pick(values)}'`);
    t.cols.push({ name: 'state', type: enumName, notNull: true });
    f.blank();
    const src = pick(tables);
    if (chance(0.5)) f.stmt(`CREATE OR REPLACE VIEW ${src.name}_recent AS\nSELECT * FROM ${f.q(src.name)}\nORDER BY ${f.q('id')} DESC\nLIMIT 100`);
    if (chance(0.5)) f.stmt(`COMMENT ON TABLE ${f.q(src.name)} IS '${pick(WORDS)} ${pick(WORDS)} data'`);
    if (chance(0.4)) f.stmt(`GRANT SELECT ON ${f.q(t.name)} TO ${pick(['reporting', 'readonly', 'analytics'])}`);
    return `create_${t.name}`;
  }

  // Planted mistakes: one every ~60 files, each one of the rule ids below, appended to that file.
  const MISTAKES = ['drop-electrified-column', 'electrify-default', 'syntax-error', 'add-column-default',
    'alter-electrified-table', 'syntax-error', 'drop-electrified-column'];
  function plantMistake(f, kind, file) {
    const t = pick(electrified());
    const plain = t.cols.filter((c) => c.name !== 'id' && !c.fk && !c.dropped && c.type);
    const record = (code) => manifest.mistakes.push({ file, code });
    f.blank();
    if (kind === 'drop-electrified-column' && plain.length) {
      const c = pick(plain);
      record(kind);
      f.stmt(`ALTER TABLE ${f.q(t.name)} DROP COLUMN ${f.q(c.name)}`);
      c.dropped = true;
    } else if (kind === 'electrify-default') {
      const created = createTable(f, { electrify: true, withDefault: true });
      record(kind);
      electrifyTable(f, created);
    } else if (kind === 'add-column-default') {
      record(kind);
      f.stmt(`ALTER TABLE ${f.q(t.name)} ADD COLUMN ${f.q('is_flagged')} BOOLEAN DEFAULT false`);
    } else if (kind === 'alter-electrified-table' && plain.length) {
      record(kind);
      f.stmt(`ALTER TABLE ${f.q(t.name)} ALTER COLUMN ${f.q(pick(plain).name)} SET NOT NULL`);
    } else {
      record('syntax-error');
      if (manifest.mistakes.length % 2) f.stmt(`CRATE INDEX ${indexName(`${t.name}_typo_idx`)} ON ${f.q(t.name)} (${f.q('id')})`);
      else f.stmt(`INSERT INTO ${f.q(t.name)} (${f.q('id')}) VALUES (${t.pkType === 'UUID' ? `'${uuid()}'` : "'x'"}`);
    }
  }

  fs.mkdirSync(dir, { recursive: true });
  // Only our own NNN-*.sql files are removed, so pointing DIR at a real folder cannot lose other work.
  for (const old of fs.readdirSync(dir)) if (/^\d{3}-.*\.sql$/.test(old)) fs.unlinkSync(path.join(dir, old));

  for (let i = 1; i <= files; i++) {
    const style = { quote: chance(0.2), indent: '', transaction: chance(0.08), lower: chance(0.25) };
    const f = fileBuilder(style);
    if (chance(0.3)) f.raw(`-- Migration ${i}: ${pick(WORDS)} ${pick(WORDS)}\n`);
    if (chance(0.05)) f.raw(`/*\n * ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}.\n * Generated for the benchmark corpus.\n */\n\n`);
    if (style.transaction) {
      f.stmt('BEGIN');
      style.indent = '  ';
    }
    let name;
    if (i === 1) {
      const users = { name: 'users', singular: 'user', pkType: 'UUID', electrified: false, seeds: [], cols: [{ name: 'id', type: 'UUID', notNull: true }, { name: 'email', type: 'TEXT', notNull: true }, { name: 'name', type: 'TEXT' }, { name: 'inserted_at', type: 'TIMESTAMPTZ', notNull: true }] };
      usedNames.add('users');
      tables.push(users);
      f.stmt(`CREATE TABLE ${f.q('users')} (\n  ${f.q('id')} UUID PRIMARY KEY NOT NULL,\n  ${f.q('email')} TEXT NOT NULL,\n  ${f.q('name')} TEXT,\n  ${f.q('inserted_at')} TIMESTAMPTZ NOT NULL\n)`);
      electrifyTable(f, users);
      seed(f, users);
      name = 'create_users';
    } else {
      const r = rnd();
      name = r < 0.45 ? tablesFile(f) : r < 0.7 ? alterFile(f) : r < 0.85 ? triggerFile(f) : r < 0.9 ? ddlxFile(f) : miscFile(f);
      if (r < 0.45) name = `create_${name}`;
    }
    if (i % 60 === 37) plantMistake(f, MISTAKES[Math.floor(i / 60) % MISTAKES.length], `${String(i).padStart(3, '0')}-${name}.sql`);
    if (style.transaction) {
      style.indent = '';
      f.stmt('COMMIT');
    }
    let text = f.text();
    if (style.lower) text = text.replace(KEYWORDS, (k) => k.toLowerCase());
    const file = `${String(i).padStart(3, '0')}-${name}.sql`;
    fs.writeFileSync(path.join(dir, file), text);
    manifest.files++;
    manifest.statements += f.statements();
    manifest.bytes += Buffer.byteLength(text);
  }
  manifest.tables = tables.length;
  manifest.electrifiedTables = electrified().length;
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
  const dir = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--')) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'out/migrations');
  const manifest = generate({ dir, files: opt('--files', 400), seed: opt('--seed', 20240619) });
  console.log(JSON.stringify({ dir, ...manifest }, null, 2));
}
