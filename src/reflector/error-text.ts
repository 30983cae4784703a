/** An exception as one text for logs and actions: the stack when there is one (it names the message too). */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
