/**
 * Counts Ohm rule applications while matching every statement of the benchmark folder: a deterministic measure of
 * the grammar's work (wall time on a shared machine moves by ±20%), for comparing grammar changes.
 *   node --import tsx bench/rule-applications.ts [migrationsDir]   → prints {"statements","characters","applications","evaluations"}
 * `applications` counts every rule application, `evaluations` those not answered from Ohm's memo table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { countRuleApplications } from '../test/helpers/ruleApplications';

const dir = process.argv[2] ?? path.join(__dirname, 'out', 'migrations');
const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
console.log(JSON.stringify(countRuleApplications(texts)));
