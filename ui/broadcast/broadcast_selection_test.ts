import assert from "node:assert/strict";
import {
  groupState,
  recipients,
  recipientsSummary,
  sessionsBelow,
  toggleGroup,
  toggleSession,
} from "./broadcast_selection.ts";
import { buildTree, type GroupNode } from "../sessions/session_groups.ts";
import type { Host, Session } from "../shared/types.ts";
import { testSession } from "../shared/_test_session.ts";

function session(name: string, host = "local"): Session {
  return testSession(name, { host });
}

const LOCAL: Host = {
  id: "local",
  name: "laptop",
  status: "online",
  lastSeen: null,
  sessionCount: 0,
};
const SESSIONS = [
  session("acme-web-api"),
  session("acme-web-ui"),
  session("acme-db"),
  session("solo"),
];

function group(label: string): GroupNode {
  const [section] = buildTree(SESSIONS, [LOCAL]);
  const find = (nodes: GroupNode["children"]): GroupNode | undefined => {
    for (const node of nodes) {
      if (node.kind !== "group") continue;
      if (node.label === label) return node;
      const inner = find(node.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = find(section?.nodes ?? []);
  if (!found) throw new Error(`No group ${label}`);
  return found;
}

Deno.test("sessionsBelow lists every session under a group at any depth", () => {
  assert.deepEqual(sessionsBelow(group("acme")).map((s) => s.name), [
    "acme-db",
    "acme-web-api",
    "acme-web-ui",
  ]);
  assert.deepEqual(sessionsBelow(group("web")).map((s) => s.name), ["acme-web-api", "acme-web-ui"]);
});

Deno.test("toggleGroup ticks every session below, then unticks them once all are ticked", () => {
  const acme = group("acme");
  const one = toggleSession(new Set(), "local/acme-db");
  assert.equal(groupState(acme, one), "some");
  const all = toggleGroup(one, acme);
  assert.deepEqual([...all].sort(), ["local/acme-db", "local/acme-web-api", "local/acme-web-ui"]);
  assert.equal(groupState(acme, all), "all");
  assert.equal(groupState(group("web"), all), "all");
  const withSolo = toggleSession(all, "local/solo");
  assert.deepEqual([...toggleGroup(withSolo, acme)], ["local/solo"], "others stay ticked");
  assert.equal(groupState(acme, new Set(["local/solo"])), "none");
});

Deno.test("toggleSession ticks and unticks one session", () => {
  const on = toggleSession(new Set(["local/solo"]), "local/acme-db");
  assert.deepEqual([...on], ["local/solo", "local/acme-db"]);
  assert.deepEqual([...toggleSession(on, "local/solo")], ["local/acme-db"]);
});

Deno.test("recipients are the ticked sessions still listed, and the summary counts them", () => {
  const targets = new Set(["local/solo", "local/gone", "local/acme-db", "box/solo"]);
  assert.deepEqual(recipients(targets, SESSIONS).map((s) => s.name), ["acme-db", "solo"]);
  assert.equal(recipientsSummary(2), "Sending to 2 sessions:");
  assert.equal(recipientsSummary(1), "Sending to 1 session:");
  assert.match(recipientsSummary(0), /^No session selected/);
});
