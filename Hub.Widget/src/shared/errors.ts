import { ApiFailure } from "./HubRest";

/** What to show a person for a failed call: the hub's own text, without SignalR's prefix. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  // SignalR prefixes hub errors: "An unexpected error occurred invoking 'X' on the server. HubException: text".
  const hub = /HubException: (.*)$/s.exec(text);
  return (hub ? hub[1] : text).slice(0, 300);
}
