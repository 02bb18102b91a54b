/**
 * The `electric-migrations` program as a function of its arguments and environment, so tests can run it in
 * process as well as through `server/src/cli.ts`. Returns the exit status: 0 without errors, 1 with errors (or a
 * failed apply, or another apply holding the lock), 2 for bad usage, unreadable input or no database; every failure
 * is one line on stderr.
 */
import { ApplyInputError } from '../migrations/applyInput';
import { ApplyStartError } from '../migrations/target';
import { HELP_TEXT, parseCommandLine, UsageError } from './args';
import { InputError, type CliEnvironment } from './input';
import { packageVersion } from './version';

export type { CliEnvironment } from './input';

const PROGRAM = 'electric-migrations';

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
      // Each command is loaded when it runs: `status` must not pay for loading the linter and its grammar.
      case 'lint':
        return await (await import('./lintCommand')).runLint(request.args, env);
      case 'apply':
        return await (await import('./applyCommand')).runApply(request.args, env);
      case 'status':
        return await (await import('./applyCommand')).runStatus(request.args, env);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof ApplyInputError) {
      env.stderr(`${PROGRAM}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ApplyStartError) {
      // Nothing was written. Another applier holding the lock is a failed apply (1); no database is an input error (2).
      env.stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
      return error.reason === 'locked' ? 1 : 2;
    }
    // Bad input must never surface as a stack trace; keep the cause on one line for the bug report.
    env.stderr(`${PROGRAM}: internal error: ${(error as Error)?.stack?.split('\n').slice(0, 2).join(' ') ?? String(error)}\n`);
    return 2;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
