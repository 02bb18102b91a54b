/**
 * Postgres type facts: the canonical name of a written type (int → int4), how Postgres prints it in Electric's
 * messages (`varchar(255)`, `int4[]`), and which types each Electric release syncs (electric-ddlx.md §e.1).
 */
import type { TypeName } from '../syntax/ast';
import { compareVersions, type ElectricVersion } from '../electric/versions';

/** A column type in Postgres' own terms. */
export interface NormalType {
  /** Canonical name: `int4`, `varchar`, `timestamptz`, … or the user type's name. */
  base: string;
  modifiers: string[];
  arrayDims: number;
  /** `serial` / `bigserial` / `smallserial`: an integer with a sequence DEFAULT, not a type of its own. */
  serial?: 'serial' | 'bigserial' | 'smallserial';
  /** Schema-qualified key of a user-defined type (`public.mood`) when the name is not built in. */
  userType?: string;
  /** As Postgres prints it (and Electric quotes it): `varchar(255)`, `int4[]`, `bpchar(1)`. */
  display: string;
}

const ALIASES: Record<string, string> = {
  int: 'int4', integer: 'int4', int4: 'int4', smallint: 'int2', int2: 'int2', bigint: 'int8', int8: 'int8',
  real: 'float4', float4: 'float4', 'double precision': 'float8', float8: 'float8',
  boolean: 'bool', bool: 'bool',
  'character varying': 'varchar', varchar: 'varchar', character: 'bpchar', char: 'bpchar', bpchar: 'bpchar',
  'timestamp with time zone': 'timestamptz', timestamptz: 'timestamptz',
  'timestamp without time zone': 'timestamp', timestamp: 'timestamp',
  'time with time zone': 'timetz', timetz: 'timetz', 'time without time zone': 'time', time: 'time',
  decimal: 'numeric', numeric: 'numeric', 'bit varying': 'varbit', varbit: 'varbit',
};

const SERIALS: Record<string, { serial: NonNullable<NormalType['serial']>; base: string }> = {
  serial: { serial: 'serial', base: 'int4' }, serial4: { serial: 'serial', base: 'int4' },
  bigserial: { serial: 'bigserial', base: 'int8' }, serial8: { serial: 'bigserial', base: 'int8' },
  smallserial: { serial: 'smallserial', base: 'int2' }, serial2: { serial: 'smallserial', base: 'int2' },
};

/** Built-in type names that are not aliases of the above, so a bare name is not taken for a user type. */
const BUILT_IN = new Set([
  'text', 'uuid', 'json', 'jsonb', 'bytea', 'date', 'interval', 'money', 'inet', 'cidr', 'macaddr', 'macaddr8',
  'xml', 'tsvector', 'tsquery', 'oid', 'bit', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle',
  'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'pg_lsn', 'txid_snapshot', 'name',
  'regclass', 'record', 'void', 'trigger', 'anyelement', 'citext',
]);

/**
 * Resolves a written type. `resolveUserType` maps a (possibly qualified) user type name to its catalog key, or
 * undefined when no earlier statement created it.
 */
export function normaliseType(type: TypeName, resolveUserType: (schema: string | undefined, name: string) => string | undefined): NormalType {
  const schema = type.qualified?.schema?.name;
  const quoted = type.qualified?.name.quoted ?? false;
  const builtInSchema = schema === undefined || schema === 'pg_catalog';
  let base = type.name;
  let modifiers = type.modifiers;
  let serial: NormalType['serial'];
  let userType: string | undefined;
  if (builtInSchema && !quoted && SERIALS[base]) {
    serial = SERIALS[base].serial;
    base = SERIALS[base].base;
  } else if (builtInSchema && !quoted && base === 'float') {
    base = modifiers.length > 0 && Number(modifiers[0]) <= 24 ? 'float4' : 'float8';
    modifiers = [];
  } else if (builtInSchema && !quoted && ALIASES[base]) {
    base = ALIASES[base];
    // `char` without a length is char(1), and Postgres prints it so.
    if (base === 'bpchar' && modifiers.length === 0 && type.name !== 'bpchar') modifiers = ['1'];
  } else if (!(builtInSchema && !quoted && BUILT_IN.has(base))) {
    userType = resolveUserType(schema, base);
  }
  const display = serial ?? `${base}${modifiers.length > 0 ? `(${modifiers.map((m) => m.replace(/\s+/g, '')).join(',')})` : ''}${'[]'.repeat(type.arrayDims)}`;
  return { base, modifiers, arrayDims: type.arrayDims, ...(serial ? { serial } : {}), ...(userType ? { userType } : {}), display };
}

/** The built-in types each Electric release syncs (electric-ddlx.md §e.1). */
export function electricBuiltInTypes(version: ElectricVersion): ReadonlySet<string> {
  const types = ['bool', 'date', 'float8', 'int2', 'int4', 'text', 'time', 'timestamp', 'timestamptz', 'uuid', 'varchar'];
  if (compareVersions(version, '0.8') >= 0) types.push('float4', 'int8', 'jsonb');
  if (compareVersions(version, '0.10') >= 0) types.push('bytea');
  return new Set(types);
}

export function enumsSupported(version: ElectricVersion): boolean {
  return compareVersions(version, '0.9') >= 0;
}

/** Electric 0.9+ requires enum labels that look like identifiers. */
export function invalidEnumLabels(values: readonly string[]): string[] {
  return values.filter((v) => !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(v));
}

/** Types Postgres stores with a time or size modifier that Electric's docs rule out. */
export function hasUnsupportedModifier(type: NormalType): boolean {
  return type.modifiers.length > 0 && ['varchar', 'time', 'timetz', 'timestamp', 'timestamptz', 'bpchar', 'interval'].includes(type.base);
}

/** Integer types, for the sequential-key check. */
export function isIntegerType(type: NormalType): boolean {
  return ['int2', 'int4', 'int8', 'numeric'].includes(type.base) && type.arrayDims === 0;
}

/** The list of supported types of a version, for messages. */
export function supportedTypesText(version: ElectricVersion): string {
  const list = [...electricBuiltInTypes(version)].sort();
  return `${list.join(', ')}${enumsSupported(version) ? ' and enums' : ''}`;
}
