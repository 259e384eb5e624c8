import assert from "node:assert/strict";
import {
  buildTree,
  groupHue,
  type GroupNode,
  groupOf,
  nextNeedingYou,
  type SessionNode,
  visibleRows,
} from "./session_groups.ts";
import type { Host, Session } from "../shared/types.ts";
import { testSession } from "../shared/_test_session.ts";

function session(name: string, extra: Partial<Session> = {}): Session {
  return testSession(name, { id: `$${name.length}`, ...extra });
}

const local: Host = { id: "local", name: "laptop", status: "online", lastSeen: 0, sessionCount: 0 };

Deno.test("groupOf splits into at most three levels, the leaf last", () => {
  assert.deepEqual(groupOf({ name: "web", group: [] }), ["web"]);
  assert.deepEqual(groupOf({ name: "acme-web", group: [] }), ["acme", "web"]);
  assert.deepEqual(groupOf({ name: "acme-web-front-end", group: [] }), [
    "acme",
    "web",
    "front-end",
  ]);
  assert.deepEqual(groupOf({ name: "x", group: ["a", "b"] }), ["a", "b"]);
});

Deno.test("groupHue is stable and within 0-359", () => {
  assert.equal(groupHue("acme"), groupHue("acme"));
  for (const name of ["acme", "customers", "", "z"]) {
    const hue = groupHue(name);
    assert.ok(hue >= 0 && hue < 360, `${name}: ${hue}`);
  }
});

Deno.test("buildTree nests sessions under their groups with counts", () => {
  const [section] = buildTree([
    session("acme-web-frontend", { status: "working" }),
    session("acme-web-backend"),
    session("acme-api"),
    session("scratch"),
  ], [local]);
  assert.ok(section);
  assert.equal(section.count, 4);
  assert.deepEqual(section.nodes.map((node) => node.label), ["acme", "scratch"]);
  const acme = section.nodes[0] as GroupNode;
  assert.equal(acme.count, 3);
  assert.equal(acme.statuses.working, 1);
  assert.deepEqual(acme.children.map((node) => `${node.kind}:${node.label}`), [
    "session:api",
    "group:web",
  ]);
  const web = acme.children[1] as GroupNode;
  assert.equal(web.count, 2);
  assert.deepEqual(web.children.map((node) => node.label), ["backend", "frontend"]);
  assert.equal((web.children[1] as SessionNode).session.name, "acme-web-frontend");
  assert.equal(web.hue, acme.hue);
});

Deno.test("buildTree keeps a section per host, including hosts of unknown sessions", () => {
  const sections = buildTree([session("a"), session("b", { host: "mini" })], [local]);
  assert.deepEqual(sections.map((section) => [section.host.id, section.count]), [
    ["local", 1],
    ["mini", 1],
  ]);
});

Deno.test("buildTree filters by a case-insensitive substring", () => {
  const [section] = buildTree([session("acme-web"), session("zoom-api")], [local], "WEB");
  assert.equal(section?.count, 1);
  assert.equal(section?.nodes[0]?.label, "acme-web");
});

Deno.test("buildTree sorts numerically", () => {
  const [section] = buildTree([session("job10"), session("job9"), session("job1")], [local]);
  assert.deepEqual(section?.nodes.map((node) => node.label), ["job1", "job9", "job10"]);
});

Deno.test("visibleRows hides children of collapsed groups unless expanding all", () => {
  const [section] = buildTree([session("acme-web-a"), session("acme-web-b")], [local]);
  const nodes = section?.nodes ?? [];
  assert.equal(visibleRows(nodes, new Set()).length, 4);
  const collapsed = new Set(["local\x1facme\x1fweb"]);
  const rows = visibleRows(nodes, collapsed);
  assert.deepEqual(rows.map((row) => row.node.label), ["acme", "web"]);
  assert.equal(rows[1]?.parent, "local\x1facme");
  assert.equal(visibleRows(nodes, collapsed, true).length, 4);
});

Deno.test("buildTree puts the sessions that need you first, then done, groups by their most urgent", () => {
  const list = [
    testSession("alpha-one", { status: "idle" }),
    testSession("beta-one", { status: "working" }),
    testSession("beta-two", { status: "needs-you" }),
    testSession("gamma", { status: "done" }),
    testSession("delta", { status: "exited" }),
  ];
  const [section] = buildTree(list, [], { order: "status" });
  assert.deepEqual(section?.nodes.map((n) => n.label), ["beta", "gamma", "alpha-one", "delta"]);
  const beta = section?.nodes[0];
  assert.ok(beta?.kind === "group");
  assert.deepEqual(beta.children.map((n) => n.label), ["two", "one"]);
  const [byName] = buildTree(list, []);
  assert.deepEqual(byName?.nodes.map((n) => n.label), ["alpha-one", "beta", "delta", "gamma"]);
});

Deno.test("buildTree shows only the statuses asked for, and nextNeedingYou walks them in order", () => {
  const list = [
    testSession("a", { status: "needs-you" }),
    testSession("b", { status: "idle" }),
    testSession("c", { status: "needs-you" }),
    testSession("d", { status: "done" }),
  ];
  const only = buildTree(list, [], { statuses: new Set(["needs-you", "done"]) });
  assert.deepEqual(only[0]?.nodes.map((n) => n.label), ["a", "c", "d"]);
  const sections = buildTree(list, []);
  assert.deepEqual(nextNeedingYou(sections, null), { host: "local", name: "a" });
  assert.deepEqual(nextNeedingYou(sections, "local/a"), { host: "local", name: "c" });
  assert.deepEqual(nextNeedingYou(sections, "local/c"), { host: "local", name: "a" }, "wraps");
  assert.deepEqual(nextNeedingYou(sections, "local/b"), { host: "local", name: "a" });
  assert.equal(nextNeedingYou(buildTree([testSession("x")], []), null), null);
});

/** Each top-level node as "group:label(count)" or "session:label@depth", children in brackets. */
function shape(nodes: readonly (GroupNode | SessionNode)[]): string[] {
  return nodes.map((node) =>
    node.kind === "group"
      ? `group:${node.label}(${node.count})[${shape(node.children).join(" ")}]`
      : `session:${node.label}@${node.depth}`
  );
}

Deno.test("buildTree shows a group of one session as that session, at the group's level", () => {
  const [section] = buildTree([
    session("after-reboot"),
    session("acme-web-a"),
    session("acme-web-b"),
    session("acme-api-x"),
    session("zoom-one-two"),
    session("solo"),
  ], [local]);
  assert.deepEqual(shape(section?.nodes ?? []), [
    "group:acme(3)[session:api-x@1 group:web(2)[session:a@2 session:b@2]]",
    "session:after-reboot@0",
    "session:solo@0",
    "session:zoom-one-two@0",
  ]);
  const reboot = section?.nodes[1] as SessionNode;
  assert.equal(reboot.session.name, "after-reboot");
  assert.equal(reboot.key, "local/after-reboot");
  assert.equal(reboot.hue, groupHue("after"), "the colour of the group it would have been");
});

Deno.test("buildTree shows a lone session by its whole name, dashes groupOf drops included", () => {
  const [section] = buildTree([session("a--b"), session("-x")], [local]);
  assert.deepEqual(shape(section?.nodes ?? []), ["session:-x@0", "session:a--b@0"]);
});

Deno.test("buildTree keeps a group of two, and folds what a filter or status leaves alone", () => {
  const list = [
    session("after-reboot", { status: "needs-you" }),
    session("after-lunch", { status: "idle" }),
    session("before-x", { status: "idle" }),
  ];
  assert.deepEqual(shape(buildTree(list, [local])[0]?.nodes ?? []), [
    "group:after(2)[session:lunch@1 session:reboot@1]",
    "session:before-x@0",
  ]);
  assert.deepEqual(shape(buildTree(list, [local], "reboot")[0]?.nodes ?? []), [
    "session:after-reboot@0",
  ]);
  const waiting = buildTree(list, [local], { statuses: new Set(["needs-you"]) });
  assert.deepEqual(shape(waiting[0]?.nodes ?? []), ["session:after-reboot@0"]);
  // By status, a folded session sorts by its own status among groups by their most urgent.
  const byStatus = buildTree([...list, session("zed-one", { status: "needs-you" })], [local], {
    order: "status",
  });
  assert.deepEqual(shape(byStatus[0]?.nodes ?? []), [
    "group:after(2)[session:reboot@1 session:lunch@1]",
    "session:zed-one@0",
    "session:before-x@0",
  ]);
});

Deno.test("visibleRows counts a folded session as one row among its siblings", () => {
  const [section] = buildTree([session("after-reboot"), session("b-1"), session("b-2")], [local]);
  const rows = visibleRows(section?.nodes ?? [], new Set());
  assert.deepEqual(rows.map((r) => [r.node.label, r.position, r.siblings]), [
    ["after-reboot", 1, 2],
    ["b", 2, 2],
    ["1", 1, 2],
    ["2", 2, 2],
  ]);
});

Deno.test("buildTree filters by each word of the filter, in order, in name, command or title", () => {
  const list = [
    session("k8s-prod-api"),
    session("k8s-staging-api"),
    session("customers-globex-api"),
    session("customers-globex-web"),
    session("scratch", { command: "kubectl --context prod" }),
  ];
  const shown = (filter: string) =>
    visibleRows(buildTree(list, [local], filter)[0]?.nodes ?? [], new Set(), true)
      .flatMap((row) => row.node.kind === "session" ? [row.node.session.name] : []);
  assert.deepEqual(shown("k8s prod"), ["k8s-prod-api"]);
  assert.deepEqual(shown("globex api"), ["customers-globex-api"]);
  assert.deepEqual(shown("kubectl prod"), ["scratch"]);
  assert.deepEqual(shown("api globex"), []);
  assert.deepEqual(shown("  "), list.map((s) => s.name).sort());
});
