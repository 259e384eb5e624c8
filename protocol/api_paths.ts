/** Owns the paths of the session routes, so every client addresses a session the same way. Pure. */

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
    // Nothing tmux has is so named (it turns "." in a session name into "_"): the server's 404.
    throw new UnaddressableError(404, "session_not_found", `Session "${name}" does not exist`);
  }
  return `/api/hosts/${encodeURIComponent(host)}/sessions/${encodeURIComponent(name)}${rest}`;
}
