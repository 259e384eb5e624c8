/** Owns the sidebar's model: sessions arranged by host and name group, with counts and colours. */

import { compareNames } from "../../protocol/name_order.ts";
import { SESSION_STATUSES } from "../../protocol/session.ts";
import type { Host, Session, SessionRef, SessionStatus } from "../shared/types.ts";
import { matchesSession } from "./session_match.ts";

/** How the tree orders its rows: by name, or the sessions that need you first. */
export type TreeOrder = "name" | "status";

/** What the tree shows and in which order. */
export interface TreeOptions {
  /** What the name, command or title must hold: each word, in order (see session_match.ts). */
  filter?: string;
  order?: TreeOrder;
  /** Only sessions with these statuses (null or absent: every status). */
  statuses?: ReadonlySet<SessionStatus> | null;
}

/** How urgent a status is: 0 for needs-you (most), then done, working, idle, exited. */
export function statusRank(status: SessionStatus): number {
  const rank = SESSION_STATUSES.indexOf(status);
  return rank < 0 ? SESSION_STATUSES.length : rank;
}

export interface GroupNode {
  kind: "group";
  /** Unique across hosts: `host` + path, used for the collapsed set. */
  key: string;
  label: string;
  path: string[];
  depth: number;
  /** Hue (0–359) of the top-level group this node belongs to. */
  hue: number;
  children: TreeNode[];
  /** Sessions anywhere below. */
  count: number;
  /** Sessions below by status. */
  statuses: Record<SessionStatus, number>;
}

export interface SessionNode {
  kind: "session";
  key: string;
  label: string;
  depth: number;
  hue: number;
  session: Session;
}

export type TreeNode = GroupNode | SessionNode;

export interface HostSection {
  host: Host;
  nodes: TreeNode[];
  count: number;
}

/** The group path of a session, the leaf last; falls back to splitting the name on "-". */
export function groupOf(session: Pick<Session, "name" | "group">): string[] {
  if (Array.isArray(session.group) && session.group.length > 0) return session.group;
  const parts = session.name.split("-").filter((part) => part.length > 0);
  if (parts.length <= 1) return [session.name];
  if (parts.length === 2) return parts;
  return [parts[0] as string, parts[1] as string, parts.slice(2).join("-")];
}

/** A stable hue for a top-level group name (FNV-1a, so the same name always gets one colour). */
export function groupHue(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return GROUP_HUES[(hash >>> 0) % GROUP_HUES.length] as number;
}

/** Hues far enough apart to tell groups apart at a glance (blue, green, orange, violet, …). */
export const GROUP_HUES: readonly number[] = [212, 145, 32, 272, 340, 185, 52, 8, 245, 95];

function emptyStatuses(): Record<SessionStatus, number> {
  return { "needs-you": 0, done: 0, working: 0, idle: 0, exited: 0 };
}

/**
 * Arrange sessions into one section per host (hosts without sessions are kept so their state
 * shows), each a tree of groups and sessions sorted by label, groups first on a tie. A group
 * holding one session is that session: `after-reboot` alone is the row "after-reboot", not
 * "after" ▸ "reboot"; beside `acme-web-a` and `acme-web-b`, `acme-api-x` is acme ▸ "api-x".
 */
export function buildTree(
  sessions: readonly Session[],
  hosts: readonly Host[],
  options: TreeOptions | string = {},
): HostSection[] {
  const { filter = "", order = "name", statuses = null } = typeof options === "string"
    ? { filter: options }
    : options;
  const sections = new Map<string, HostSection>();
  for (const host of hosts) sections.set(host.id, { host, nodes: [], count: 0 });
  for (const session of sessions) {
    if (!matchesSession(session, filter)) continue;
    if (statuses !== null && !statuses.has(session.status)) continue;
    let section = sections.get(session.host);
    if (section === undefined) {
      const host: Host = {
        id: session.host,
        name: session.host,
        status: "online",
        lastSeen: null,
        sessionCount: 0,
      };
      section = { host, nodes: [], count: 0 };
      sections.set(session.host, section);
    }
    section.count++;
    const path = groupOf(session);
    const hue = groupHue(path[0] as string);
    let level = section.nodes;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const label = path[depth] as string;
      let group = level.find((node): node is GroupNode =>
        node.kind === "group" && node.label === label
      );
      if (group === undefined) {
        const groupPath = path.slice(0, depth + 1);
        group = {
          kind: "group",
          key: `${session.host}\x1f${groupPath.join("\x1f")}`,
          label,
          path: groupPath,
          depth,
          hue,
          children: [],
          count: 0,
          statuses: emptyStatuses(),
        };
        level.push(group);
      }
      group.count++;
      group.statuses[session.status] = (group.statuses[session.status] ?? 0) + 1;
      level = group.children;
    }
    level.push({
      kind: "session",
      key: `${session.host}/${session.name}`,
      label: path[path.length - 1] as string,
      depth: path.length - 1,
      hue,
      session,
    });
  }
  const result = [...sections.values()];
  for (const section of result) {
    section.nodes = section.nodes.map(withoutLoneGroups);
    sortNodes(section.nodes, order);
  }
  return result;
}

/**
 * `node`, with every group of one session replaced by that session at the group's level,
 * labelled with the rest of its path (`after` ▸ `reboot` → `after-reboot`).
 */
function withoutLoneGroups(node: TreeNode): TreeNode {
  if (node.kind === "session") return node;
  if (node.count !== 1) {
    node.children = node.children.map(withoutLoneGroups);
    return node;
  }
  let only: TreeNode = node;
  while (only.kind === "group") only = only.children[0] as TreeNode;
  // At the top the row says the whole name (which may hold dashes groupOf dropped, as in "a--b").
  const label = node.depth === 0
    ? only.session.name
    : groupOf(only.session).slice(node.depth).join("-");
  return { ...only, label, depth: node.depth };
}

/** The most urgent status of a node: a session's own, a group's most urgent below it. */
function urgency(node: TreeNode): number {
  if (node.kind === "session") return statusRank(node.session.status);
  let best = SESSION_STATUSES.length;
  for (const [status, count] of Object.entries(node.statuses)) {
    if (count > 0) best = Math.min(best, statusRank(status as SessionStatus));
  }
  return best;
}

function sortNodes(nodes: TreeNode[], order: TreeOrder): void {
  nodes.sort((a, b) =>
    (order === "status" ? urgency(a) - urgency(b) : 0) ||
    compareNames(a.label, b.label) ||
    (a.kind === b.kind ? 0 : a.kind === "group" ? -1 : 1) ||
    compareNames(a.key, b.key)
  );
  for (const node of nodes) if (node.kind === "group") sortNodes(node.children, order);
}

/**
 * The session after `current` (a session key) that needs you, in the order `sections` show them,
 * wrapping around; the first one when `current` is none of them; null when none needs you.
 */
export function nextNeedingYou(
  sections: readonly HostSection[],
  current: string | null,
): SessionRef | null {
  const waiting: Session[] = [];
  const walk = (nodes: readonly TreeNode[]) => {
    for (const node of nodes) {
      if (node.kind === "group") walk(node.children);
      else if (node.session.status === "needs-you") waiting.push(node.session);
    }
  };
  for (const section of sections) walk(section.nodes);
  if (waiting.length === 0) return null;
  const at = waiting.findIndex((s) => `${s.host}/${s.name}` === current);
  const next = waiting[(at + 1) % waiting.length] as Session;
  return { host: next.host, name: next.name };
}

/** A row of the tree as displayed: the nodes whose ancestors are all expanded, in order. */
export interface VisibleRow {
  node: TreeNode;
  /** Key of the parent group, or null at the top. */
  parent: string | null;
  /** 1-based position among siblings and the sibling count, for aria-posinset/setsize. */
  position: number;
  siblings: number;
}

/**
 * Flatten `nodes` to the rows a reader sees; groups in `collapsed` hide their children. With
 * `expandAll` (while filtering) every group is open.
 */
export function visibleRows(
  nodes: readonly TreeNode[],
  collapsed: ReadonlySet<string>,
  expandAll = false,
): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const walk = (level: readonly TreeNode[], parent: string | null) => {
    level.forEach((node, index) => {
      rows.push({ node, parent, position: index + 1, siblings: level.length });
      if (node.kind === "group" && (expandAll || !collapsed.has(node.key))) {
        walk(node.children, node.key);
      }
    });
  };
  walk(nodes, null);
  return rows;
}
