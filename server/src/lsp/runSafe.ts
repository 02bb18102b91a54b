/**
 * One wrapper for every handler: an exception (or a rejected promise) in a handler is logged and answered with a
 * fallback, never allowed to take the server down. Cancellation is honoured before and after the work.
 */
import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

/** Where the wrapper reports failures (the connection's console in the server, an array in tests). */
export interface Logger {
  log(message: string): void;
  error(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/**
 * Runs a request handler's work. Returns the fallback when it throws; a cancelled request answers with the LSP
 * "request cancelled" error, as clients expect.
 */
export async function runSafe<T>(
  logger: Logger,
  name: string,
  fallback: T,
  work: () => T | Promise<T>,
  token?: CancellationToken,
): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    return token?.isCancellationRequested ? cancelled() : result;
  } catch (error) {
    logger.error(`${name} failed: ${describeError(error)}`);
    return fallback;
  }
}

/** Wraps a notification or event handler (no answer to give): failures are logged and swallowed. */
export function safeHandler<A extends unknown[]>(
  logger: Logger,
  name: string,
  handler: (...args: A) => void | Promise<void>,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result && typeof (result as Promise<void>).catch === 'function') {
        (result as Promise<void>).catch((error: unknown) => logger.error(`${name} failed: ${describeError(error)}`));
      }
    } catch (error) {
      logger.error(`${name} failed: ${describeError(error)}`);
    }
  };
}
