/**
 * The `electric-migrations` program as a function of its arguments and environment, so tests can run it in
 * process as well as through `server/src/cli.ts`. Returns the exit status: 0 without errors, 1 with errors (or a
 * failed apply, or another apply holding the lock), 2 for bad usage, unreadable input or no database; every failure
 * is one line on stderr.
 */
import { HELP_TEXT, parseCommandLine } from './args';
import { reportFailure } from './failure';
import { runLint, type CliEnvironment } from './lintCommand';
import { packageVersion } from './version';

export type { CliEnvironment } from './lintCommand';

export async function main(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    const request = parseCommandLine(argv);
    switch (request.kind) {
      case 'help':
        env.stdout(HELP_TEXT);
        return 0;
      case 'version':
        env.stdout(`${packageVersion()}\n`);
        return 0;
      case 'lint':
        return await runLint(request.args, env);
      // Loaded only for these commands (dist/cli-apply.js): PGlite and node-postgres are most of the code, and lint
      // needs neither. `require`, not `import()`: see lintCommand.ts.
      case 'apply':
      case 'status':
        return await (require('./applyCommand') as typeof import('./applyCommand')).runApplyCommand(request, env);
    }
  } catch (error) {
    return reportFailure(error, env);
  }
}
