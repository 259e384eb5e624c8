/**
 * Owns how routes address a session: the name rule's 400, and a session's path on a worker with
 * its name as exactly one path segment, so the worker sees the very name the manager was given.
 */

import { SESSION_NAME_RULE, sessionNameProblem, SessionNotFoundError } from "../../tmux/mod.ts";
import { HttpError } from "../http_error.ts";

/** A 400 `invalid_name` for a name tmux must never see (the same words as the session service). */
export function requireValidName(name: string): void {
  const problem = sessionNameProblem(name);
  if (problem !== null) {
    throw new HttpError(
      400,
      "invalid_name",
      `Invalid session name ${JSON.stringify(name)}: ${problem} (${SESSION_NAME_RULE})`,
    );
  }
}

/**
 * A worker's path for session `name` (on the worker, its sessions are `local`), then `rest`.
 *
 * Every name is one percent-encoded segment, except "." and "..": URLs resolve those (and "%2E",
 * as the URL standard says) before a request leaves, so `…/sessions/./screen` would reach
 * `…/sessions/screen`, another session. They get the answer this machine would give them: the
 * name rule's 400 — or, were the rule to allow them, a 404, since tmux has no session so named
 * (it turns "." in names into "_").
 *
 * @example
 * ```ts
 * workerPath("a/b?", "/screen"); // "/api/hosts/local/sessions/a%2Fb%3F/screen"
 * workerPath(".", "/screen"); // throws HttpError 400 invalid_name
 * ```
 */
export function workerPath(name: string, rest = ""): string {
  // A lone surrogate (possible in JSON, never in a tmux name) has no UTF-8 to encode either.
  if (name === "." || name === ".." || !name.isWellFormed()) {
    requireValidName(name);
    throw new SessionNotFoundError(name);
  }
  return `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;
}
