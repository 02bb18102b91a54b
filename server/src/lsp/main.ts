/**
 * Entry point of dist/server.js. The transport comes from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`), as `createConnection` reads it; with none, stdio, which is what most LSP clients
 * expect when they start a server with no arguments.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.slice(2).some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) {
  // Through argv rather than explicit streams, so that the library also routes console output away from stdout.
  process.argv.push('--stdio');
}

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: handlers are wrapped, but a stray exception (a timer, a library callback) must not end the
// server and silently drop every diagnostic in the editor.
process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));

startServer(connection);
