/**
 * Owns how routes address a session: the name rule's 400 for names Maestro gives, and a session's
 * path on a worker with its name as exactly one path segment, so the worker sees the very name
 * the manager was given. An existing session's name follows no rule (it may have been made
 * outside Maestro): the session service finds it exactly, or answers 404.
 */

import { SESSION_NAME_RULE, sessionNameProblem, SessionNotFoundError } from "../../tmux/mod.ts";
import { HttpError } from "../http_error.ts";

/**
 * A 400 `invalid_name` for a name Maestro would give a session (creating, renaming to) that breaks
 * the name rule, in the session service's words.
 */
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
 * A 404 for a name no session has and no URL carries: "." and ".." (tmux turns "." in names into
 * "_"; URLs resolve both as path steps, "%2E" too) and ill-formed UTF-16 (a lone surrogate,
 * possible in JSON, has no UTF-8 to encode). Routes that must answer before asking tmux (the
 * terminal answers before its upgrade) check it for local sessions as {@link workerPath} does
 * for remote ones, so both answer alike.
 */
export function requireAddressable(name: string): void {
  if (name === "." || name === ".." || !name.isWellFormed()) throw new SessionNotFoundError(name);
}

/**
 * A worker's path for session `name` (on the worker, its sessions are `local`), then `rest`.
 *
 * Every name is one percent-encoded segment, except "." and "..": URLs resolve those (and "%2E",
 * as the URL standard says) before a request leaves, so `…/sessions/./screen` would reach
 * `…/sessions/screen`, another session. They get the answer this machine would give them (see
 * {@link requireAddressable}): a 404.
 *
 * @example
 * ```ts
 * workerPath("a/b?", "/screen"); // "/api/hosts/local/sessions/a%2Fb%3F/screen"
 * workerPath(".", "/screen"); // throws SessionNotFoundError (a 404)
 * ```
 */
export function workerPath(name: string, rest = ""): string {
  requireAddressable(name);
  return `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;
}
