/**
 * An applier the tests can kill at a chosen moment: runs the engine (as the CLI does) and prints every progress
 * event as one JSON line, so the test knows which statement is running.
 *   node --import tsx test/db/support/apply-child.ts <migrations dir> <pglite dir>
 */
import { applyFolder } from '../../../server/src/migrations/engine';
import { locateMigrations } from '../../../server/src/cli/migrationsInput';

async function run(): Promise<void> {
  const [dir, dataDir] = process.argv.slice(2);
  const folder = locateMigrations(dir, process.cwd());
  const { report } = await applyFolder(folder, { kind: 'pglite', dataDir }, { lint: folder.lint }, {
    onProgress: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
  });
  process.stdout.write(`${JSON.stringify({ kind: 'report', outcome: report.outcome })}\n`);
}

void run();
