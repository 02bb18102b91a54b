/** `electric-migrations`: the command-line entry, bundled as dist/cli.js (see `cli/main.ts`). */
import nodeModule from 'node:module';
import readline from 'node:readline';
import { main } from './cli/main';

// Node ≥ 22.1 keeps V8's compiled code of the bundles it loads (dist/lint-engine.js is ~1 MB) between runs; older
// Node has no such API and compiles them each time.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

runMain();

function runMain(): void {
  // A reader that stops early (`electric-migrations lint | head`) closes the pipe: not a failure of ours, so the
  // rest of the output is dropped and the exit status still says whether errors were found.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // Only a terminal can answer a confirmation; piped or closed stdin (CI) never blocks on a question.
    ask: process.stdin.isTTY ? askOnTerminal : undefined,
  }).then((status) => {
    // exitCode rather than exit(): piped output drains fully before the process ends.
    process.exitCode = status;
  });
}

function askOnTerminal(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    // Ctrl-D answers no.
    rl.on('close', () => resolve(''));
  });
}
