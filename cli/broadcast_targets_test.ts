import assert from "node:assert/strict";
import { groupPath } from "../protocol/session_name.ts";
import {
  broadcastTargets,
  EmptyGroupError,
  formatResults,
  inGroup,
  type ListedSession,
  parseRef,
} from "./broadcast_targets.ts";

const listed = (host: string, name: string): ListedSession => ({
  host,
  name,
  group: groupPath(name),
});

const SESSIONS = [
  listed("local", "customers-zoom-api"),
  listed("local", "customers-zoom-web-ui"),
  listed("local", "customers-acme"),
  listed("local", "customers"),
  listed("box", "customers-zoom-db"),
  listed("local", "internal-tools"),
];

Deno.test("parseRef reads NAME as a local session and HOST/NAME as one on a host", () => {
  assert.deepEqual(parseRef("agent-1"), { host: "local", name: "agent-1" });
  assert.deepEqual(parseRef("box/agent-1"), { host: "box", name: "agent-1" });
});

Deno.test("inGroup follows the sidebar tree: a group's sessions are below it, not beside it", () => {
  const api = listed("local", "customers-zoom-api");
  assert.ok(inGroup(api, ["customers"]));
  assert.ok(inGroup(api, ["customers", "zoom"]));
  assert.ok(!inGroup(api, ["customers", "zoom", "api"]), "a session is not its own group");
  assert.ok(!inGroup(api, ["custom"]), "a group is whole parts, not a name prefix");
  assert.ok(!inGroup(listed("local", "customers"), ["customers"]), "a lone name is a leaf");
  assert.ok(!inGroup(api, []));
});

Deno.test("broadcastTargets takes --group on every host or one, and --to as given, each once", () => {
  assert.deepEqual(broadcastTargets([], ["customers-zoom"], SESSIONS), [
    { host: "local", name: "customers-zoom-api" },
    { host: "local", name: "customers-zoom-web-ui" },
    { host: "box", name: "customers-zoom-db" },
  ]);
  assert.deepEqual(broadcastTargets([], ["box/customers"], SESSIONS), [
    { host: "box", name: "customers-zoom-db" },
  ]);
  assert.deepEqual(
    broadcastTargets(["internal-tools", "box/other", "customers-acme"], ["customers"], SESSIONS)
      .map((t) => `${t.host}/${t.name}`),
    [
      "local/internal-tools",
      "box/other",
      "local/customers-acme",
      "local/customers-zoom-api",
      "local/customers-zoom-web-ui",
      "box/customers-zoom-db",
    ],
  );
});

Deno.test("broadcastTargets refuses a group with no session rather than send to fewer", () => {
  assert.throws(() => broadcastTargets(["internal-tools"], ["nobody"], SESSIONS), EmptyGroupError);
  assert.throws(() => broadcastTargets([], ["box/internal"], SESSIONS), /group "box\/internal"/);
});

Deno.test("formatResults prints a line per target and counts the failures", () => {
  const all = formatResults([
    { host: "local", name: "a", ok: true },
    { host: "box", name: "b", ok: true },
  ]);
  assert.deepEqual(all, { stdout: "sent    a\nsent    box/b\n", stderr: "", failed: 0 });
  const some = formatResults([
    { host: "local", name: "a", ok: true },
    {
      host: "local",
      name: "gone",
      ok: false,
      error: { code: "session_not_found", message: 'Session "gone" does not exist' },
    },
  ]);
  assert.equal(some.stdout, 'sent    a\nfailed  gone: Session "gone" does not exist\n');
  assert.equal(some.stderr, "maestro: 1 of 2 sessions did not get the input\n");
  assert.equal(some.failed, 1);
});
