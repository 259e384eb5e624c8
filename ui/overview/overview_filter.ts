/** Owns the overview's filter model: group choices, status counts, and which sessions show. Pure. */

import { compareNames } from "../../protocol/name_order.ts";
import { groupHue, groupOf } from "../sessions/session_groups.ts";
import type { Session } from "../shared/types.ts";

/** The statuses offered as filters, in this order; others found in sessions follow. */
export const STATUS_ORDER: readonly string[] = ["needs-you", "done", "working", "idle", "exited"];

/** What the overview shows: a group ("" = all; else its path joined with "/") and statuses. */
export interface OverviewFilter {
  group: string;
  /** Empty = every status. */
  statuses: readonly string[];
}

export const NO_FILTER: OverviewFilter = { group: "", statuses: [] };

export interface GroupOption {
  /** The group path joined with "/" (group names never contain "/"). */
  value: string;
  label: string;
  depth: number;
  hue: number;
  count: number;
}

/** Every group (and subgroup) that has sessions, in tree order, with its session count. */
export function groupOptions(sessions: readonly Session[]): GroupOption[] {
  const options = new Map<string, GroupOption>();
  for (const session of sessions) {
    const path = groupOf(session).slice(0, -1);
    for (let depth = 0; depth < path.length; depth++) {
      const prefix = path.slice(0, depth + 1);
      const value = prefix.join("/");
      const option = options.get(value) ?? {
        value,
        label: prefix.join(" ▸ "),
        depth,
        hue: groupHue(path[0] as string),
        count: 0,
      };
      option.count++;
      options.set(value, option);
    }
  }
  return [...options.values()].sort((a, b) => {
    const pa = a.value.split("/"), pb = b.value.split("/");
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const order = compareNames(pa[i] as string, pb[i] as string);
      if (order !== 0) return order;
    }
    return pa.length - pb.length;
  });
}

/** How many sessions have each status: the known ones always, others when present. */
export function statusCounts(sessions: readonly Session[]): { status: string; count: number }[] {
  const counts = new Map<string, number>(STATUS_ORDER.map((status) => [status, 0]));
  for (const session of sessions) {
    counts.set(session.status, (counts.get(session.status) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => ({ status, count }));
}

/** Whether a session is in the group (the group itself or below it). */
export function inGroup(session: Session, group: string): boolean {
  if (group === "") return true;
  const path = groupOf(session).slice(0, -1).join("/");
  return path === group || path.startsWith(`${group}/`);
}

/** How the overview orders its cards: by host and name, or who needs you first. */
export type OverviewOrder = "name" | "status";

/** Card sizes: S a few readable lines, M and L the whole screen scaled to fit. */
export type OverviewDensity = "s" | "m" | "l";

/** How the overview is laid out, kept in the browser. */
export interface OverviewLayout {
  order: OverviewOrder;
  density: OverviewDensity;
}

export const DEFAULT_VIEW: OverviewLayout = { order: "name", density: "m" };

/** A stored view, or the default for anything missing or garbled. */
export function readView(stored: unknown): OverviewLayout {
  const value = stored as Partial<OverviewLayout> | null;
  return {
    order: value?.order === "status" ? "status" : "name",
    density: value?.density === "s" || value?.density === "l" ? value.density : "m",
  };
}

/**
 * The sessions the filter lets through: by host (this machine first) and name, or with `status`
 * order by status first (needs you, done, working, idle, exited).
 */
export function filterSessions(
  sessions: readonly Session[],
  filter: OverviewFilter,
  order: OverviewOrder = "name",
): Session[] {
  const rank = (s: Session) => {
    const at = STATUS_ORDER.indexOf(s.status);
    return at < 0 ? STATUS_ORDER.length : at;
  };
  return sessions
    .filter((session) =>
      inGroup(session, filter.group) &&
      (filter.statuses.length === 0 || filter.statuses.includes(session.status))
    )
    .sort((a, b) =>
      (order === "status" ? rank(a) - rank(b) : 0) ||
      Number(a.host !== "local") - Number(b.host !== "local") ||
      compareNames(a.host, b.host) || compareNames(a.name, b.name)
    );
}

/** Add or remove one status from the filter. */
export function toggleStatus(filter: OverviewFilter, status: string): OverviewFilter {
  const statuses = filter.statuses.includes(status)
    ? filter.statuses.filter((s) => s !== status)
    : [...filter.statuses, status];
  return { ...filter, statuses };
}
