/** Owns the page's address: which view or session the hash names (`#/overview`, `#/local/api`). */

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
  | { kind: "none" };

/** `#/local/acme-web` → that session; `#/overview` → the overview. */
export function routeFromHash(hash: string): Route {
  if (hash === OVERVIEW_HASH) return { kind: "overview" };
  if (hash === INBOX_HASH) return { kind: "inbox" };
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
      return `#/${encodeURIComponent(route.ref.host)}/${encodeURIComponent(route.ref.name)}`;
    case "none":
      return "";
  }
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
