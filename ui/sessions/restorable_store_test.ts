import assert from "node:assert/strict";
import type { RestorableSession } from "../../protocol/restorable.ts";
import { fakeApi } from "../shared/_fake_api.ts";
import type { Host, SessionList } from "../shared/types.ts";
import { testSession } from "../shared/_test_session.ts";
import { hostsToAsk, listSignature, RestorableStore, restoreFailures } from "./restorable_store.ts";

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

const local: Host = { id: "local", name: "laptop", status: "online", lastSeen: 0, sessionCount: 0 };
const worker: Host = { id: "w1", name: "box", status: "online", lastSeen: 0, sessionCount: 0 };
const down: Host = { ...worker, id: "w2", name: "down", status: "offline" };

/** A store over a fake server: `respond` answers each call, and every call is kept. */
function store(respond: (method: string, path: string, body: unknown) => Response) {
  const { api, calls } = fakeApi(respond);
  let changes = 0;
  return { store: new RestorableStore(api, () => changes++), calls, changes: () => changes };
}

Deno.test("listSignature changes with the sessions and the hosts' states, not with statuses", () => {
  const list: SessionList = { sessions: [testSession("a")], hosts: [local] };
  const working: SessionList = { ...list, sessions: [testSession("a", { status: "working" })] };
  assert.equal(listSignature(list), listSignature(working));
  assert.notEqual(listSignature(list), listSignature({ ...list, sessions: [] }));
  assert.notEqual(
    listSignature({ ...list, hosts: [local, worker] }),
    listSignature({ ...list, hosts: [local, { ...worker, status: "offline" }] }),
  );
});

Deno.test("hostsToAsk is this server and each online worker", () => {
  assert.deepEqual(hostsToAsk([local, worker, down]), ["local", "w1"]);
  assert.deepEqual(hostsToAsk([]), ["local"]);
});

Deno.test("restoreFailures names each failed session, and its host when a worker", () => {
  const failures = restoreFailures([
    { host: "local", name: "a", ok: true, id: "$1", created: 1 },
    {
      host: "local",
      name: "b",
      ok: false,
      error: { code: "session_exists", message: 'Cannot restore "b": it exists' },
    },
    { host: "w1", name: "c", ok: false, error: { code: "not_restorable", message: "Gone" } },
  ], (id) => (id === "w1" ? "box" : id));
  assert.deepEqual(failures, [
    'Cannot restore "b": it exists (session_exists)',
    "box: Gone (not_restorable)",
  ]);
});

Deno.test("RestorableStore lists every online host's, refetching only when the list changes", async () => {
  const { store: s, calls } = store((_, path) =>
    Response.json({ restorable: path.includes("w1") ? [gone("x", "w1")] : [gone("a")] })
  );
  const list: SessionList = { sessions: [], hosts: [local, worker, down] };
  s.listChanged(list);
  await s.settled;
  assert.deepEqual(calls, ["GET /api/restorable", "GET /api/restorable?host=w1"]);
  assert.deepEqual(s.state.sessions.map((r) => `${r.host}/${r.name}`), ["local/a", "w1/x"]);
  s.listChanged({ ...list, sessions: [testSession("b", { status: "working" })] });
  s.listChanged({ ...list, sessions: [testSession("b", { status: "idle" })] });
  await s.settled;
  assert.equal(calls.length, 4, "one more fetch for the new session, none for its status");
});

Deno.test("RestorableStore shows a host it cannot list as an error and keeps its last rows", async () => {
  let fail = false;
  const { store: s } = store((_, path) =>
    fail && path.includes("w1")
      ? Response.json({ error: { code: "host_offline", message: "No answer" } }, { status: 502 })
      : Response.json({ restorable: path.includes("w1") ? [gone("x", "w1")] : [] })
  );
  s.listChanged({ sessions: [], hosts: [local, worker] });
  await s.settled;
  fail = true;
  await s.refresh();
  assert.deepEqual(s.state.sessions.map((r) => r.name), ["x"]);
  assert.deepEqual(s.state.errors, ["Cannot list the restorable sessions on box: No answer"]);
  fail = false;
  await s.refresh();
  assert.deepEqual(s.state.errors, [], "a good list replaces a listing error");
});

Deno.test("RestorableStore restores per host, drops the restored and keeps each failure", async () => {
  let listed = [gone("a"), gone("b"), gone("c", "w1")];
  const { store: s, calls } = store((method, path, body) => {
    if (method === "GET") {
      const host = path.includes("w1") ? "w1" : "local";
      return Response.json({ restorable: listed.filter((r) => r.host === host) });
    }
    const { names, host = "local" } = body as { names: string[]; host?: string };
    const results = names.map((name) =>
      name === "b"
        ? { host, name, ok: false, error: { code: "session_exists", message: "b exists" } }
        : { host, name, ok: true, id: "$9", created: 2 }
    );
    listed = listed.filter((r) => !names.includes(r.name) || r.name === "b");
    return Response.json({ results }, { status: results.every((r) => r.ok) ? 200 : 207 });
  });
  s.listChanged({ sessions: [], hosts: [local, worker] });
  await s.settled;
  calls.length = 0;
  await s.restore([{ host: "local", name: "a" }, { host: "local", name: "b" }, {
    host: "w1",
    name: "c",
  }]);
  assert.deepEqual(calls.slice(0, 2), [
    'POST /api/restore {"names":["a","b"]}',
    'POST /api/restore {"names":["c"],"host":"w1"}',
  ]);
  assert.deepEqual(s.state.sessions.map((r) => r.name), ["b"]);
  assert.deepEqual(s.state.errors, ["b exists (session_exists)"]);
  assert.equal(s.state.busy.size, 0);
  s.dismiss();
  assert.deepEqual(s.state.errors, []);
});

Deno.test("RestorableStore restores all on each host that has some, and says when it cannot", async () => {
  const { store: s, calls } = store((method, path) =>
    method === "GET"
      ? Response.json({ restorable: path.includes("w1") ? [gone("c", "w1")] : [gone("a")] })
      : path === "/api/restore"
      ? new Response("proxy down", { status: 502 })
      : Response.json({})
  );
  s.listChanged({ sessions: [], hosts: [local, worker] });
  await s.settled;
  calls.length = 0;
  await s.restoreAll();
  assert.deepEqual(calls.slice(0, 2), [
    'POST /api/restore {"all":true}',
    'POST /api/restore {"all":true,"host":"w1"}',
  ]);
  assert.equal(s.state.restoringAll, false);
  assert.deepEqual(s.state.errors, [
    "Cannot restore every session: POST /api/restore failed: proxy down",
    "Cannot restore every session on box: POST /api/restore failed: proxy down",
  ]);
});

Deno.test("RestorableStore fetches once more when asked during a fetch, never twice at once", async () => {
  let inFlight = 0;
  let most = 0;
  const { store: s, calls } = store(() => {
    inFlight++;
    most = Math.max(most, inFlight);
    inFlight--;
    return Response.json({ restorable: [] });
  });
  await Promise.all([s.refresh(), s.refresh(), s.refresh()]);
  assert.equal(most, 1);
  assert.equal(calls.length, 2, "the first fetch and one more for the asks meanwhile");
});
