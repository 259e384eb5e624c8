/** Owns the paths of the session routes, so every client addresses a session the same way. Pure. */

import { SESSION_NAME_RULE, sessionNameProblem } from "./session_name.ts";

/** A host or session that no URL can address; carries the answer the server would give. */
export class UnaddressableError extends Error {
  constructor(readonly status: 400 | 404, readonly code: string, message: string) {
    super(message);
    this.name = "UnaddressableError";
  }
}

/**
 * Path of a session's resource on a host, each part one exact segment. URLs resolve "." and ".."
 * (and "%2E") before a request leaves — `sessions/./notes` would be the session "notes" — so
 * those are refused here with the server's own words; no tmux session or host has such a name.
 *
 * @throws {UnaddressableError} for "." and "..".
 *
 * @example
 * ```ts
 * sessionPath("local", "my agent", "/notes"); // "/api/hosts/local/sessions/my%20agent/notes"
 * ```
 */
export function sessionPath(host: string, name: string, rest = ""): string {
  if (host === "." || host === "..") {
    throw new UnaddressableError(
      404,
      "host_not_found",
      `Host ${JSON.stringify(host)} is not known`,
    );
  }
  if (name === "." || name === "..") {
    const problem = sessionNameProblem(name) ?? "it cannot be part of a URL";
    throw new UnaddressableError(
      400,
      "invalid_name",
      `Invalid session name ${JSON.stringify(name)}: ${problem} (${SESSION_NAME_RULE})`,
    );
  }
  return `/api/hosts/${encodeURIComponent(host)}/sessions/${encodeURIComponent(name)}${rest}`;
}
