/**
 * Owns the broadcast selection's rules: which sessions receive a broadcast, ticking a session or
 * a whole group, and how a group's box shows a partial selection. Pure; keys are `sessionKey`s.
 */

import type { GroupNode, TreeNode } from "../sessions/session_groups.ts";
import type { Session } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

/** The sessions that receive a broadcast, by key; keys of sessions that are gone are kept. */
export type BroadcastTargets = ReadonlySet<string>;

/** How a group's box looks: nothing below it ticked, some, or every session below it. */
export type GroupState = "none" | "some" | "all";

/** Every session below a group, at any depth, in tree order. */
export function sessionsBelow(group: GroupNode): Session[] {
  const out: Session[] = [];
  const walk = (nodes: readonly TreeNode[]) => {
    for (const node of nodes) {
      if (node.kind === "session") out.push(node.session);
      else walk(node.children);
    }
  };
  walk(group.children);
  return out;
}

export function groupState(group: GroupNode, targets: BroadcastTargets): GroupState {
  const keys = sessionsBelow(group).map(sessionKey);
  const ticked = keys.filter((key) => targets.has(key)).length;
  if (ticked === 0) return "none";
  return ticked === keys.length ? "all" : "some";
}

/** Tick or untick one session. */
export function toggleSession(targets: BroadcastTargets, key: string): Set<string> {
  const next = new Set(targets);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** A group whose sessions are all ticked gets them all unticked; otherwise all ticked. */
export function toggleGroup(targets: BroadcastTargets, group: GroupNode): Set<string> {
  const keys = sessionsBelow(group).map(sessionKey);
  const next = new Set(targets);
  if (groupState(group, targets) === "all") { for (const key of keys) next.delete(key); }
  else for (const key of keys) next.add(key);
  return next;
}

/** The sessions that would receive a broadcast now: ticked and still listed, in list order. */
export function recipients(targets: BroadcastTargets, sessions: readonly Session[]): Session[] {
  return sessions.filter((session) => targets.has(sessionKey(session)));
}

/** "Sending to 3 sessions", "Sending to 1 session", or what to do when none is ticked. */
export function recipientsSummary(count: number): string {
  if (count === 0) return "No session selected: tick sessions or whole groups in the sidebar.";
  return `Sending to ${count} session${count === 1 ? "" : "s"}:`;
}
