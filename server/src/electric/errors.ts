/** How Electric answers a migration it rejects, and how our messages quote that answer. */

/** What Electric answers: the code (absent for 0.6's event-trigger exceptions) and the message text. */
export interface ElectricError {
  code?: string;
  message: string;
}

/** `Electric rejects this (EX010): Cannot drop column …` / `Electric 0.6's event trigger rejects this: "…"`. */
export function rejection(error: ElectricError): string {
  return error.code ? `Electric rejects this (${error.code}): ${error.message}` : `Electric 0.6's event trigger rejects this: "${error.message}"`;
}
