/** Owns what the inbox lists and in which order: who needs you, oldest first, then who is done. Pure. */

import type { Session } from "../shared/types.ts";

/** One row of the inbox. */
export interface InboxItem {
  session: Session;
  /** "needs-you" rows come first; "done" rows after them. */
  kind: "needs-you" | "done";
  /** Since when, in seconds since the epoch: when the prompt appeared, or the last activity. */
  since: number;
}

/**
 * The sessions that need you, oldest question first, then the sessions that are done, oldest
 * first; every host. Muted sessions are listed too (muting is about notifications).
 */
export function inboxItems(sessions: readonly Session[]): InboxItem[] {
  const rows = (kind: InboxItem["kind"]) =>
    sessions.filter((s) => s.status === kind).map((session): InboxItem => ({
      session,
      kind,
      since: session.prompt?.since ?? session.activity,
    })).sort((a, b) =>
      a.since - b.since || a.session.host.localeCompare(b.session.host) ||
      a.session.name.localeCompare(b.session.name)
    );
  return [...rows("needs-you"), ...rows("done")];
}

/** How many sessions the inbox holds that need you. */
export function needsYouCount(sessions: readonly Session[]): number {
  return sessions.filter((s) => s.status === "needs-you").length;
}
