/**
 * An applier the tests can kill at a chosen moment: runs the engine (as the CLI does) and prints every progress
 * event as one JSON line, so the test knows which statement is running.
 *   node --import tsx test/db/support/apply-child.ts <migrations dir> <pglite dir>
 */
import { applyMigrations } from '../../../server/src/migrations/apply';
import { loadMigrations } from '../../../server/src/cli/migrationsInput';

async function run(): Promise<void> {
  const [dir, dataDir] = process.argv.slice(2);
  const input = loadMigrations(dir, process.cwd());
  const report = await applyMigrations(
    { ...input, target: { kind: 'pglite', dataDir } },
    { onProgress: (event) => process.stdout.write(`${JSON.stringify(event)}\n`) },
  );
  process.stdout.write(`${JSON.stringify({ kind: 'report', outcome: report.outcome })}\n`);
}

void run();
