/**
 * Owns what `maestro broadcast` sends to and how it reports back: `--to` and `--group` values
 * turned into targets, and one line per target from the API's results. Pure.
 */

/** A session somewhere: `host` is "local" or a worker's id. */
export interface TargetRef {
  host: string;
  name: string;
}

/** A session as the list gives it, with its group path (`customers-zoom-api` → 3 parts). */
export interface ListedSession extends TargetRef {
  group: readonly string[];
}

/** One target's outcome, as `POST /api/broadcast` answers it. */
export interface TargetResult extends TargetRef {
  ok: boolean;
  error?: { code: string; message: string };
}

/** A `--group` that names no session: nothing is sent. */
export class EmptyGroupError extends Error {
  constructor(readonly group: string) {
    super(`No session is in group "${group}" (see \`maestro ls\`)`);
    this.name = "EmptyGroupError";
  }
}

/** `NAME` or `HOST/NAME` (session names never contain "/"). */
export function parseRef(value: string): TargetRef {
  const slash = value.indexOf("/");
  if (slash === -1) return { host: "local", name: value };
  return { host: value.slice(0, slash), name: value.slice(slash + 1) };
}

/** How a target is shown: its name, with its host in front when it is not this machine. */
export function refText(ref: TargetRef): string {
  return ref.host === "local" ? ref.name : `${ref.host}/${ref.name}`;
}

/**
 * Whether `session` sits below `group` in the sidebar's tree: the group's "-"-separated parts
 * start the session's group path and the session's own leaf is below them.
 */
export function inGroup(session: ListedSession, group: readonly string[]): boolean {
  return group.length > 0 && group.length < session.group.length &&
    group.every((part, index) => session.group[index] === part);
}

/**
 * The targets named by `--to` values (taken as given: the server says which are missing) and
 * `--group` values (`GROUP` on every host or `HOST/GROUP` on one), in order, each once.
 */
export function broadcastTargets(
  to: readonly string[],
  groups: readonly string[],
  sessions: readonly ListedSession[],
): TargetRef[] {
  const targets = new Map<string, TargetRef>();
  const add = (ref: TargetRef) => {
    const key = `${ref.host}/${ref.name}`;
    if (!targets.has(key)) targets.set(key, { host: ref.host, name: ref.name });
  };
  for (const value of to) add(parseRef(value));
  for (const value of groups) {
    const slash = value.indexOf("/");
    const host = slash === -1 ? null : value.slice(0, slash);
    const path = value.slice(slash + 1).split("-").filter((part) => part !== "");
    const members = sessions.filter((session) =>
      (host === null || session.host === host) && inGroup(session, path)
    );
    if (members.length === 0) throw new EmptyGroupError(value);
    for (const session of members) add(session);
  }
  return [...targets.values()];
}

/** One line per target (`sent NAME` or `failed NAME: why`), and a summary when any failed. */
export function formatResults(
  results: readonly TargetResult[],
): { stdout: string; stderr: string; failed: number } {
  const lines = results.map((result) =>
    result.ok
      ? `sent    ${refText(result)}`
      : `failed  ${refText(result)}: ${result.error?.message ?? "unknown error"}`
  );
  const failed = results.filter((result) => !result.ok).length;
  return {
    stdout: lines.join("\n") + "\n",
    stderr: failed === 0
      ? ""
      : `maestro: ${failed} of ${results.length} session${
        results.length === 1 ? "" : "s"
      } did not get the input\n`,
    failed,
  };
}
