/**
 * A request with LSP work-done progress shown as a cancellable notification: the client makes the token, relays
 * the server's `$/progress` reports (one per file) and, on Cancel, cancels the request — the server stops between
 * files.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { type LanguageClient, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { progressIncrement } from './applyText';

export async function withWorkDoneProgress<R>(
  client: LanguageClient,
  title: string,
  run: (workDoneToken: string, cancellation: vscode.CancellationToken) => Promise<R>,
): Promise<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancellation) => {
    const workDoneToken = randomUUID();
    let percentage = 0;
    const relay = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const report = value as WorkDoneProgressBegin | WorkDoneProgressReport;
      const step = progressIncrement(percentage, report.percentage);
      percentage = step.next;
      progress.report({ ...(report.message ? { message: report.message } : {}), ...(step.increment > 0 ? { increment: step.increment } : {}) });
    });
    try {
      return await run(workDoneToken, cancellation);
    } finally {
      relay.dispose();
    }
  });
}
