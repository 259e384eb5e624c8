import assert from "node:assert/strict";
import {
  DEFAULT_VIEW,
  filterSessions,
  groupOptions,
  inGroup,
  NO_FILTER,
  readView,
  statusCounts,
  toggleStatus,
} from "./overview_filter.ts";
import { groupHue } from "../sessions/session_groups.ts";
import type { Session } from "../shared/types.ts";
import { testSession } from "../shared/_test_session.ts";

function session(name: string, status = "idle", host = "local"): Session {
  return testSession(name, { status: status as Session["status"], host, group: [] });
}

const sessions = [
  session("acme-web-frontend", "working"),
  session("acme-web-backend", "needs-you"),
  session("acme-api", "idle", "w1"),
  session("zeta-db", "exited"),
  session("solo", "working"),
];

Deno.test("groupOptions lists groups and subgroups in tree order with counts and hues", () => {
  assert.deepEqual(groupOptions(sessions).map((o) => [o.value, o.label, o.depth, o.count]), [
    ["acme", "acme", 0, 3],
    ["acme/web", "acme ▸ web", 1, 2],
    ["zeta", "zeta", 0, 1],
  ]);
  assert.equal(groupOptions(sessions)[1]?.hue, groupHue("acme"));
});

Deno.test("filterSessions by group and statuses, this machine first, then by name", () => {
  const names = (filter: Parameters<typeof filterSessions>[1]) =>
    filterSessions(sessions, filter).map((s) => `${s.host}/${s.name}`);
  assert.deepEqual(names(NO_FILTER), [
    "local/acme-web-backend",
    "local/acme-web-frontend",
    "local/solo",
    "local/zeta-db",
    "w1/acme-api",
  ]);
  assert.deepEqual(names({ group: "acme", statuses: [] }), [
    "local/acme-web-backend",
    "local/acme-web-frontend",
    "w1/acme-api",
  ]);
  assert.deepEqual(names({ group: "acme/web", statuses: ["working"] }), [
    "local/acme-web-frontend",
  ]);
  assert.deepEqual(names({ group: "", statuses: ["working", "exited"] }), [
    "local/acme-web-frontend",
    "local/solo",
    "local/zeta-db",
  ]);
  // "acme" is not a prefix match of "acmex".
  assert.equal(inGroup(session("acmex-a"), "acme"), false);
});

Deno.test("statusCounts always has the known statuses and adds any others found", () => {
  assert.deepEqual(statusCounts([...sessions, session("x-y", "thinking")]), [
    { status: "needs-you", count: 1 },
    { status: "done", count: 0 },
    { status: "working", count: 2 },
    { status: "idle", count: 1 },
    { status: "exited", count: 1 },
    { status: "thinking", count: 1 },
  ]);
});

Deno.test("toggleStatus adds and removes one status", () => {
  const on = toggleStatus(NO_FILTER, "idle");
  assert.deepEqual(on.statuses, ["idle"]);
  assert.deepEqual(toggleStatus(on, "idle").statuses, []);
});

Deno.test("filterSessions orders by status first when asked; readView falls back to the default", () => {
  const make = (name: string, status: Session["status"]) =>
    ({ host: "local", name, status, group: [name] }) as unknown as Session;
  const sessions = [
    make("a", "idle"),
    make("b", "needs-you"),
    make("c", "done"),
    make("d", "working"),
  ];
  assert.deepEqual(filterSessions(sessions, NO_FILTER).map((s) => s.name), ["a", "b", "c", "d"]);
  assert.deepEqual(
    filterSessions(sessions, NO_FILTER, "status").map((s) => s.name),
    ["b", "c", "d", "a"],
  );
  assert.deepEqual(readView(null), DEFAULT_VIEW);
  assert.deepEqual(readView({ order: "status", density: "l" }), { order: "status", density: "l" });
  assert.deepEqual(readView({ order: "x", density: 3 }), DEFAULT_VIEW);
});
