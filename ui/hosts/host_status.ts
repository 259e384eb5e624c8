/** Owns how a host's state reads: online, connecting, offline and why, disabled, last seen. */

import { agoText } from "../shared/relative_time.ts";
import type { Host, HostDetails } from "../shared/types.ts";

export type HostStateKind = "online" | "connecting" | "offline" | "disabled";

/** The API says `offline` with `error: "connecting" | "disabled" | <reason>`; tell those apart. */
export function hostStateKind(host: Pick<Host, "status" | "error">): HostStateKind {
  if (host.status === "online") return "online";
  if (host.error === "disabled") return "disabled";
  if (host.error === "connecting") return "connecting";
  return "offline";
}

export const HOST_STATE_TEXT: Record<HostStateKind, string> = {
  online: "Online",
  connecting: "Connecting…",
  offline: "Offline",
  disabled: "Disabled",
};

/** Why an offline host is offline, capitalised ("" when it is not offline or nobody knows). */
export function offlineReason(host: Pick<Host, "status" | "error">): string {
  if (hostStateKind(host) !== "offline") return "";
  const reason = (host.error ?? "").trim();
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/** "last seen 5 minutes ago", or "never seen" (both unix seconds). */
export function lastSeenText(lastSeen: number | null, now: number): string {
  return lastSeen === null ? "never seen" : `last seen ${agoText(lastSeen, now)}`;
}

/**
 * One line saying where a host stands: "Online", "Connecting…", "Disabled", or
 * "Offline: Connection refused · last seen 5 minutes ago".
 */
export function hostStateSentence(host: Host, now: number): string {
  const kind = hostStateKind(host);
  if (kind !== "offline") return HOST_STATE_TEXT[kind];
  const reason = offlineReason(host);
  return `Offline${reason === "" ? "" : `: ${reason}`} · ${lastSeenText(host.lastSeen, now)}`;
}

/** Whether sessions on `host` can be reached now (an unknown host is given the benefit). */
export function hostAvailable(host: Pick<Host, "status"> | undefined): boolean {
  return host === undefined || host.status === "online";
}

/**
 * Details from `GET /api/hosts` with the live state from `/api/events` laid over them, so the
 * settings view follows hosts going up and down without fetching again.
 */
export function withLiveState(
  details: readonly HostDetails[],
  live: readonly Host[],
): HostDetails[] {
  return details.map((host) => {
    const now = live.find((h) => h.id === host.id);
    if (now === undefined) return host;
    const { error: _stale, ...rest } = host;
    return {
      ...rest,
      status: now.status,
      lastSeen: now.lastSeen,
      sessionCount: now.sessionCount,
      ...(now.error !== undefined ? { error: now.error } : {}),
    };
  });
}

/** Whether two host lists name the same hosts (if not, the details need fetching again). */
export function sameHostIds(
  a: readonly Pick<Host, "id">[],
  b: readonly Pick<Host, "id">[],
): boolean {
  const ids = (list: readonly Pick<Host, "id">[]) => list.map((h) => h.id).sort().join("\n");
  return ids(a) === ids(b);
}
