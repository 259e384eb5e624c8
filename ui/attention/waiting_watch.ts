/**
 * Owns deciding when to call the user: which sessions just started waiting for input, which of
 * those deserve a notification, how many wait (the tab-title badge), and what the title,
 * favicon and notification say. Pure: no DOM, no timers.
 */

import type { Session, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

/** Muted sessions, as session keys (`local/acme-web`). */
export type MutedKeys = ReadonlySet<string>;

export function isMuted(ref: SessionRef, muted: MutedKeys): boolean {
  return muted.has(sessionKey(ref));
}

/** How many sessions wait for input, not counting muted ones: the number in the tab title. */
export function waitingCount(sessions: readonly Session[], muted: MutedKeys): number {
  return sessions.filter((s) => s.status === "needs-you" && !isMuted(s, muted)).length;
}

/**
 * A session's identity across lists: tmux's session id survives a rename, so a session that is
 * renamed while it waits has not "started" waiting again.
 */
export function watchKey(session: Pick<Session, "host" | "id">): string {
  return `${session.host}\x1f${session.id}`;
}

/**
 * Follows successive session lists and reports the sessions that entered `waiting` since the
 * previous one. The first list only sets the baseline: a page opened on three waiting sessions
 * shows them in the badge but does not raise three notifications.
 *
 * @example
 * ```ts
 * const watch = new WaitingWatch();
 * watch.update(firstList); // [] (baseline)
 * watch.update(nextList); // the sessions whose status became "waiting"
 * ```
 */
export class WaitingWatch {
  #waiting: Set<string> | null = null;

  /** Whether a first list has been seen. */
  get started(): boolean {
    return this.#waiting !== null;
  }

  /** Keys ({@linkcode watchKey}) of the sessions waiting in the last list. */
  get waiting(): ReadonlySet<string> {
    return this.#waiting ?? new Set();
  }

  /** Take the next list; returns the sessions that were not waiting in the previous one. */
  update(sessions: readonly Session[]): Session[] {
    const previous = this.#waiting;
    const waiting = sessions.filter((s) => s.status === "needs-you");
    this.#waiting = new Set(waiting.map(watchKey));
    if (previous === null) return [];
    return waiting.filter((s) => !previous.has(watchKey(s)));
  }
}

/** What the page knows when deciding whether to interrupt the user. */
export interface AlertContext {
  muted: MutedKeys;
  /** The session open in the page, if any. */
  selected: SessionRef | null;
  /** Whether the page is visible (`document.visibilityState === "visible"`). */
  pageVisible: boolean;
}

/**
 * The sessions, among those that just started waiting, to notify about: not muted ones, and not
 * the one the user is looking at (open in a visible page).
 */
export function sessionsToAlert(entered: readonly Session[], context: AlertContext): Session[] {
  const { muted, selected, pageVisible } = context;
  return entered.filter((s) =>
    !isMuted(s, muted) &&
    !(pageVisible && selected !== null && s.host === selected.host && s.name === selected.name)
  );
}

/** `(2) acme-web — Maestro`: the waiting count first, so it shows in a narrow tab. */
export function badgeTitle(count: number, selectedName: string | null): string {
  const badge = count > 0 ? `(${count}) ` : "";
  return `${badge}${selectedName === null ? "" : `${selectedName} — `}Maestro`;
}

/** The dot added to the favicon while sessions wait (amber, ringed in the icon's background). */
const FAVICON_DOT = "%3Ccircle cx='25' cy='7' r='6.5' fill='%23fbbf24' stroke='%23101418' " +
  "stroke-width='2'/%3E";
const SVG_END = "%3C/svg%3E";

/**
 * The favicon with a dot in its corner, for an icon that is a URL-encoded SVG `data:` URL (as
 * index.html has); any other icon comes back unchanged.
 */
export function badgedFavicon(href: string): string {
  if (!href.startsWith("data:image/svg+xml,") || !href.endsWith(SVG_END)) return href;
  return href.slice(0, -SVG_END.length) + FAVICON_DOT + SVG_END;
}

/**
 * The rule that made the server call the session waiting (`statusRule`, when the server says),
 * e.g. the agent's approval prompt.
 */
export function statusRuleOf(session: Session): string | null {
  const rule = session.statusRule;
  return typeof rule === "string" && rule !== "" ? rule : null;
}

/** What a browser notification says about a session that waits. */
export interface NotificationText {
  title: string;
  body: string;
  /** One notification per session: a later one replaces it instead of stacking up. */
  tag: string;
}

/**
 * Names the session; says what it asks (when the screen says), its host when it is not this
 * machine, the rule that fired, its directory.
 */
export function notificationText(session: Session, hostName: string | null): NotificationText {
  const rule = statusRuleOf(session);
  const lines = [
    session.prompt?.text ?? "",
    session.host === "local" ? "" : `On ${hostName ?? session.host}`,
    rule === null ? "" : `Rule: ${rule}`,
    session.cwd === "" ? "" : `In ${session.cwd}`,
  ].filter((line) => line !== "");
  return {
    title: `${session.name} needs you`,
    body: lines.join("\n"),
    tag: `maestro-waiting:${sessionKey(session)}`,
  };
}
