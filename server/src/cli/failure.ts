/**
 * How a failed command ends: its one line on stderr and its exit status. Shared by the CLI's entry (main.ts) and
 * the apply/status bundle, which has its own copies of the error classes (a class from one bundle is not
 * `instanceof` the same class in another), so each side classifies what it threw itself.
 */
import { ApplyInputError } from '../migrations/applyInput';
import { ApplyStartError } from '../migrations/target';
import { displayMessage } from '../util/displayText';
import { UsageError } from './args';
import { InputError, type CliEnvironment } from './lintCommand';

const PROGRAM = 'electric-migrations';

export function reportFailure(error: unknown, env: Pick<CliEnvironment, 'stderr'>): number {
  if (error instanceof UsageError || error instanceof InputError || error instanceof ApplyInputError) {
    env.stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
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

/** One line, safe for a terminal: file names and config values in messages may hold any character. */
function oneLine(text: string): string {
  return displayMessage(text.replace(/\s*\n\s*/g, ' ').trim());
}
