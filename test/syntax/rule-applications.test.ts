/**
 * The grammar's work, held to a checked-in budget (test/fixtures/rule-applications-budget.json): rule applications
 * are deterministic, so a grammar change that makes matching costlier fails here on any machine, without timing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { countRuleApplications } from '../helpers/ruleApplications';

const root = path.resolve(__dirname, '../..');
const budget = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/rule-applications-budget.json'), 'utf8')) as {
  folder: string;
  maxApplications: number;
  maxEvaluations: number;
};

test('rule applications per statement stay within the budget', () => {
  const dir = path.join(root, budget.folder);
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const count = countRuleApplications(texts);
  assert.ok(count.statements > 100, `the fixture folder has its statements (${count.statements})`);
  const perStatement = (count.applications / count.statements).toFixed(1);
  assert.ok(count.applications <= budget.maxApplications, `${count.applications} rule applications (${perStatement} per statement) exceed the budget of ${budget.maxApplications}`);
  assert.ok(count.evaluations <= budget.maxEvaluations, `${count.evaluations} evaluations exceed the budget of ${budget.maxEvaluations}`);
});
