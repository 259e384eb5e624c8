import assert from "node:assert/strict";
import type { RestorableSession } from "../../protocol/restorable.ts";
import {
  agentsOf,
  buildRestorableTree,
  type RestorableGroupNode,
  type RestorableLeafNode,
  type RestorableNode,
} from "./restorable_groups.ts";
import { groupHue } from "./session_groups.ts";

function gone(name: string, host = "local"): RestorableSession {
  return {
    host,
    name,
    id: "$3~1700000000-ab12",
    created: 1_700_000_000,
    cwd: "/tmp",
    command: "",
    agent: null,
    vanishedAt: 1_700_000_600,
    windows: [],
    note: null,
  };
}

const hosts = [{ id: "local", name: "laptop" }, { id: "w1", name: "build-box" }];

/** Each node as `kind:label@depth`, children indented under it. */
function outline(nodes: readonly RestorableNode[], indent = ""): string[] {
  return nodes.flatMap((node) => [
    `${indent}${node.kind}:${node.label}@${node.depth}`,
    ...(node.kind === "group" ? outline(node.children, `${indent}  `) : []),
  ]);
}

Deno.test("buildRestorableTree groups by name like live rows, a group of one being its session", () => {
  const [section] = buildRestorableTree([
    gone("acme-web-front"),
    gone("acme-web-back"),
    gone("acme-api"),
    gone("after-reboot"),
    gone("scratch"),
  ], hosts);
  assert.ok(section);
  assert.equal(section.count, 5);
  assert.deepEqual(outline(section.nodes), [
    "group:acme@0",
    "  session:api@1",
    "  group:web@1",
    "    session:back@2",
    "    session:front@2",
    "session:after-reboot@0",
    "session:scratch@0",
  ]);
  const acme = section.nodes[0] as RestorableGroupNode;
  assert.equal(acme.count, 3);
  assert.equal(acme.hue, groupHue("acme"));
  const web = acme.children[1] as RestorableGroupNode;
  assert.equal((web.children[1] as RestorableLeafNode).session.name, "acme-web-front");
  assert.equal((web.children[1] as RestorableLeafNode).key, "local/acme-web-front");
});

Deno.test("buildRestorableTree folds a lone session below a group into the rest of its name", () => {
  const [section] = buildRestorableTree([
    gone("acme-web-a"),
    gone("acme-web-b"),
    gone("acme-api-x"),
  ], hosts);
  assert.ok(section);
  assert.deepEqual(outline(section.nodes), [
    "group:acme@0",
    "  session:api-x@1",
    "  group:web@1",
    "    session:a@2",
    "    session:b@2",
  ]);
});

Deno.test("buildRestorableTree keeps a section per host in the hosts' order, only hosts with some", () => {
  const sections = buildRestorableTree([
    gone("x", "w9"),
    gone("b", "w1"),
    gone("a", "local"),
    gone("c", "w1"),
  ], hosts);
  assert.deepEqual(
    sections.map((s) => `${s.host}:${s.hostName}:${s.count}`),
    ["local:laptop:1", "w1:build-box:2", "w9:w9:1"],
  );
  assert.deepEqual(buildRestorableTree([], hosts), []);
});

Deno.test("buildRestorableTree sorts numerically and keeps the same name on two hosts apart", () => {
  const sections = buildRestorableTree([
    gone("job-10"),
    gone("job-9"),
    gone("job-10", "w1"),
  ], hosts);
  assert.deepEqual(outline(sections[0]?.nodes ?? []), [
    "group:job@0",
    "  session:9@1",
    "  session:10@1",
  ]);
  assert.deepEqual(outline(sections[1]?.nodes ?? []), ["session:job-10@0"]);
  assert.equal((sections[1]?.nodes[0] as RestorableLeafNode).key, "w1/job-10");
});

Deno.test("agentsOf gives the session's agent, then its panes', each once", () => {
  const pane = (agent?: string) => ({
    cwd: "/tmp",
    command: agent ?? "bash",
    startCommand: "",
    ...(agent === undefined ? {} : { agent }),
  });
  const window = (...panes: ReturnType<typeof pane>[]) => ({
    index: 0,
    name: null,
    layout: "",
    active: true,
    panes,
  });
  assert.deepEqual(agentsOf({ agent: null, windows: [] }), []);
  assert.deepEqual(agentsOf({ agent: null, windows: [window(pane(), pane("codex"))] }), ["codex"]);
  assert.deepEqual(
    agentsOf({ agent: "claude", windows: [window(pane("claude")), window(pane("gemini"))] }),
    ["claude", "gemini"],
  );
});
