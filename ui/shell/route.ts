/**
 * Owns the page's address: which view or session the hash names (`#/overview`, `#/local/api`),
 * or the two sessions of a split (`#/split/local/api/local/web`: left or top first).
 */

import type { SessionRef } from "../shared/types.ts";

/** The route of the overview (every session's screen at a glance). */
export const OVERVIEW_HASH = "#/overview";

/** The route of the inbox (who needs you, with their questions and answers). */
export const INBOX_HASH = "#/inbox";

/** What the address shows: the overview, the inbox, one session, or nothing in particular. */
export type Route =
  | { kind: "overview" }
  | { kind: "inbox" }
  | { kind: "session"; ref: SessionRef }
  | { kind: "split"; first: SessionRef; second: SessionRef }
  | { kind: "none" };

const SPLIT_PREFIX = "#/split/";

/** `#/local/acme-web` → that session; `#/overview` → the overview. */
export function routeFromHash(hash: string): Route {
  if (hash === OVERVIEW_HASH) return { kind: "overview" };
  if (hash === INBOX_HASH) return { kind: "inbox" };
  // Every part is encoded, so a split's four parts never hold a "/".
  const parts = hash.startsWith(SPLIT_PREFIX) ? hash.slice(SPLIT_PREFIX.length).split("/") : [];
  if (parts.length === 4 && parts.every((part) => part !== "")) {
    const first = routeFromHash(`#/${parts[0]}/${parts[1]}`);
    const second = routeFromHash(`#/${parts[2]}/${parts[3]}`);
    if (first.kind !== "session" || second.kind !== "session") return { kind: "none" };
    return { kind: "split", first: first.ref, second: second.ref };
  }
  const match = /^#\/([^/]+)\/(.+)$/.exec(hash);
  if (match === null) return { kind: "none" };
  try {
    return {
      kind: "session",
      ref: {
        host: decodeURIComponent(match[1] as string),
        name: decodeURIComponent(match[2] as string),
      },
    };
  } catch {
    return { kind: "none" };
  }
}

/** The hash for a route ("" for none). */
export function hashOf(route: Route): string {
  switch (route.kind) {
    case "overview":
      return OVERVIEW_HASH;
    case "inbox":
      return INBOX_HASH;
    case "session":
      return `#/${refPath(route.ref)}`;
    case "split":
      return `${SPLIT_PREFIX}${refPath(route.first)}/${refPath(route.second)}`;
    case "none":
      return "";
  }
}

function refPath(ref: SessionRef): string {
  return `${encodeURIComponent(ref.host)}/${encodeURIComponent(ref.name)}`;
}

/**
 * The token of the URL Maestro printed (`?token=…`) and the address without it; null when the
 * address has none.
 */
export function splitLandingToken(
  search: string,
): { token: string; search: string } | null {
  const params = new URLSearchParams(search);
  const token = params.get("token");
  if (token === null) return null;
  params.delete("token");
  return { token, search: params.size > 0 ? `?${params}` : "" };
}
