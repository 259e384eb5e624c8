/**
 * Owns finding a session by its exact name, so that it is addressed by its id (`$3`) and the name
 * itself never reaches tmux as a target.
 *
 * tmux 3.3a reads a session target loosely, even with the `=` meant for exact names: a target
 * starting with `$` is only ever a session id (`=$0` finds the session whose id is `$0`, never a
 * session named "$0"), and a name no session has may be a client's name (`=client-123` reaches
 * the session that control client is attached to — every Maestro stream is such a client).
 * Without `=`, prefixes and patterns match too. Sessions named outside Maestro may hold any of
 * that, so a name is looked up in the session list instead, and the id it has there is the
 * target. An id is exact: tmux never gives one session's id to another while its server runs.
 */

import { TmuxCommandError } from "./errors.ts";
import { type ListDelimiters, listDelimiters, listFormat, parseList } from "./list_format.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";
import { isNoServer } from "./tmux_stderr.ts";

const SESSION_ID = /^\$[0-9]+$/;

/** Whether `value` is a tmux session id such as `$3`. */
export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

const FIELDS = ["#{session_id}", "#{session_name}"];

/** The `list-sessions -F` format {@link findSessionId} reads. */
export function sessionIdsFormat(delimiters: ListDelimiters): string {
  return listFormat(FIELDS, delimiters);
}

/**
 * The id of the session named exactly `name` in `list-sessions -F sessionIdsFormat(…)` output,
 * or null when no session has that name (tmux keeps names unique).
 *
 * @example
 * ```ts
 * const d = { record: "\x1eR", field: "\x1fF" };
 * findSessionId("\x1eR$0\x1fF$1\n\x1eR$1\x1fF$0\n", d, "$0"); // "$1"
 * ```
 */
export function findSessionId(
  text: string,
  delimiters: ListDelimiters,
  name: string,
): string | null {
  for (const [id = "", listed] of parseList(text, delimiters, FIELDS.length)) {
    if (listed === name && isSessionId(id)) return id;
  }
  return null;
}

/**
 * The id of the session named exactly `name` on the server `options` reach, or null when there
 * is none (no server running included).
 */
export async function lookupSessionId(options: TmuxOptions, name: string): Promise<string | null> {
  const delimiters = listDelimiters();
  const result = await execTmux(options, ["list-sessions", "-F", sessionIdsFormat(delimiters)]);
  if (result.code !== 0) {
    if (isNoServer(result.stderr)) return null;
    throw new TmuxCommandError("list-sessions", result.stderr);
  }
  return findSessionId(new TextDecoder().decode(result.stdout), delimiters, name);
}
