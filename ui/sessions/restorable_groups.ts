/**
 * Owns the model of the sidebar's Restorable part: vanished sessions arranged by host and by name
 * group, the way live rows are (`a-b-c` → a ▸ b ▸ c, a group of one is that session's row).
 */

import { compareNames } from "../../protocol/name_order.ts";
import type { RestorableSession } from "../../protocol/restorable.ts";
import type { Host } from "../shared/types.ts";
import { groupHue, groupOf } from "./session_groups.ts";

export interface RestorableGroupNode {
  kind: "group";
  /** Unique across hosts: host + path. */
  key: string;
  label: string;
  path: string[];
  depth: number;
  /** Hue of the top-level group, as its live rows have. */
  hue: number;
  children: RestorableNode[];
  /** Sessions anywhere below. */
  count: number;
}

export interface RestorableLeafNode {
  kind: "session";
  /** `host/name`, as a live session's key. */
  key: string;
  label: string;
  depth: number;
  hue: number;
  session: RestorableSession;
}

export type RestorableNode = RestorableGroupNode | RestorableLeafNode;

export interface RestorableSection {
  /** The host's id (`local` for this server). */
  host: string;
  /** Its name as the hosts list gives it (the id when the list does not know it). */
  hostName: string;
  nodes: RestorableNode[];
  count: number;
}

/**
 * One section per host that has restorable sessions, in the order of `hosts` (unknown hosts
 * after, by id); in each, groups and sessions sorted by label, groups first on a tie.
 */
export function buildRestorableTree(
  sessions: readonly RestorableSession[],
  hosts: readonly Pick<Host, "id" | "name">[],
): RestorableSection[] {
  const sections = new Map<string, RestorableSection>();
  for (const session of sessions) {
    let section = sections.get(session.host);
    if (section === undefined) {
      const hostName = hosts.find((h) => h.id === session.host)?.name ?? session.host;
      section = { host: session.host, hostName, nodes: [], count: 0 };
      sections.set(session.host, section);
    }
    section.count++;
    const path = groupOf({ name: session.name, group: [] });
    const hue = groupHue(path[0] as string);
    let level = section.nodes;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const label = path[depth] as string;
      let group = level.find((node): node is RestorableGroupNode =>
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
        };
        level.push(group);
      }
      group.count++;
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
  const rank = (host: string) => {
    const at = hosts.findIndex((h) => h.id === host);
    return at < 0 ? hosts.length : at;
  };
  const result = [...sections.values()].sort((a, b) =>
    rank(a.host) - rank(b.host) || compareNames(a.host, b.host)
  );
  for (const section of result) {
    section.nodes = section.nodes.map(withoutLoneGroups);
    sortNodes(section.nodes);
  }
  return result;
}

/** `node` with every group of one session replaced by that session, labelled with its path's rest. */
function withoutLoneGroups(node: RestorableNode): RestorableNode {
  if (node.kind === "session") return node;
  if (node.count !== 1) {
    node.children = node.children.map(withoutLoneGroups);
    return node;
  }
  let only: RestorableNode = node;
  while (only.kind === "group") only = only.children[0] as RestorableNode;
  const name = only.session.name;
  const label = node.depth === 0 ? name : groupOf({ name, group: [] }).slice(node.depth).join("-");
  return { ...only, label, depth: node.depth };
}

function sortNodes(nodes: RestorableNode[]): void {
  nodes.sort((a, b) =>
    compareNames(a.label, b.label) ||
    (a.kind === b.kind ? 0 : a.kind === "group" ? -1 : 1) ||
    compareNames(a.key, b.key)
  );
  for (const node of nodes) if (node.kind === "group") sortNodes(node.children);
}

/** The agents a vanished session ran, as far as its record knows: its own, then its panes'. */
export function agentsOf(session: Pick<RestorableSession, "agent" | "windows">): string[] {
  const agents = new Set<string>();
  if (session.agent) agents.add(session.agent);
  for (const window of session.windows) {
    for (const pane of window.panes) if (pane.agent) agents.add(pane.agent);
  }
  return [...agents];
}
