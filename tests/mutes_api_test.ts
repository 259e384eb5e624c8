import assert from "node:assert/strict";
import { openDatabase } from "../server/db/database.ts";
import { MAX_MUTED_SESSIONS, type MutedSession, MuteStore } from "../server/db/mute_store.ts";
import { ApiHarness, type ApiRequestInit } from "./helpers/api_harness.ts";
import { TestServer } from "./helpers/test_server.ts";
import { EventsClient } from "./helpers/events_client.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

interface MuteBody {
  host: string;
  name: string;
  muted: boolean;
}

const mutePath = (name: string, host = "local") =>
  `/api/hosts/${encodeURIComponent(host)}/sessions/${encodeURIComponent(name)}/mute`;

const setMute = (name: string, muted: unknown, host = "local"): [string, ApiRequestInit] => [
  mutePath(name, host),
  { method: "PUT", body: { muted } },
];

async function json<T>(response: Response): Promise<{ status: number; body: T }> {
  const text = await response.text();
  return { status: response.status, body: (text === "" ? null : JSON.parse(text)) as T };
}

Deno.test("Mute API mutes a session, follows its rename and forgets it when Maestro kills it", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("mt-agent");
  await api.tmux.newSession("mt-other");

  assert.deepEqual(await api.json("/api/mutes"), { status: 200, body: { muted: [] } });
  assert.deepEqual(await api.json(mutePath("mt-agent")), {
    status: 200,
    body: { host: "local", name: "mt-agent", muted: false },
  });

  const muted = await api.json<MuteBody>(...setMute("mt-agent", true));
  assert.deepEqual(muted, { status: 200, body: { host: "local", name: "mt-agent", muted: true } });
  // Muting again is harmless.
  assert.equal((await api.json<MuteBody>(...setMute("mt-agent", true))).body.muted, true);
  assert.deepEqual((await api.json("/api/mutes")).body, {
    muted: [{ host: "local", name: "mt-agent" }],
  });

  const renamed = await api.request("/api/hosts/local/sessions/mt-agent", {
    method: "PATCH",
    body: { name: "mt-renamed" },
  });
  assert.equal(renamed.status, 200);
  await renamed.body?.cancel();
  assert.equal((await api.json<MuteBody>(mutePath("mt-renamed"))).body.muted, true);
  assert.equal((await api.json<MuteBody>(mutePath("mt-agent"))).body.muted, false);

  const unmuted = await api.json<MuteBody>(...setMute("mt-renamed", false));
  assert.equal(unmuted.body.muted, false);
  assert.deepEqual((await api.json("/api/mutes")).body, { muted: [] });

  // Killed through Maestro: a new session of that name starts unmuted.
  await api.json(...setMute("mt-other", true));
  const killed = await api.request("/api/hosts/local/sessions/mt-other", { method: "DELETE" });
  assert.equal(killed.status, 204);
  assert.deepEqual((await api.json("/api/mutes")).body, { muted: [] });

  // A mute left by a session that ended outside Maestro can still be lifted.
  await api.json(...setMute("mt-renamed", true));
  await api.tmux.tmux("kill-session", "-t", "=mt-renamed");
  assert.equal((await api.json<MuteBody>(...setMute("mt-renamed", false))).status, 200);
  assert.deepEqual((await api.json("/api/mutes")).body, { muted: [] });
});

Deno.test("Mute API refuses bad input and changes nothing", async (t) => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("base");
  await api.json(...setMute("base", true));
  const cases: {
    name: string;
    status: number;
    code: string;
    path: string;
    init: ApiRequestInit;
  }[] = [
    {
      name: "a string muted is refused",
      status: 400,
      code: "invalid_input",
      path: mutePath("base"),
      init: { method: "PUT", body: { muted: "false" } },
    },
    {
      name: "a missing muted is refused",
      status: 400,
      code: "invalid_input",
      path: mutePath("base"),
      init: { method: "PUT", body: {} },
    },
    {
      name: "a body that is not JSON is refused",
      status: 400,
      code: "invalid_json",
      path: mutePath("base"),
      init: { method: "PUT", body: "muted" },
    },
    {
      name: "a JSON array is refused",
      status: 400,
      code: "invalid_json",
      path: mutePath("base"),
      init: { method: "PUT", body: "[false]" },
    },
    // Any name may be a session's (made outside Maestro): looked up exactly, these find none.
    {
      name: "a name tmux would read as a target mutes no session",
      status: 404,
      code: "session_not_found",
      path: mutePath("base:0"),
      init: { method: "PUT", body: { muted: true } },
    },
    {
      name: "a name pattern mutes no session",
      status: 404,
      code: "session_not_found",
      path: mutePath("ba*"),
      init: { method: "PUT", body: { muted: true } },
    },
    {
      name: "a session id mutes no session",
      status: 404,
      code: "session_not_found",
      path: mutePath("$0"),
      init: { method: "PUT", body: { muted: true } },
    },
    {
      name: "an unknown session cannot be muted",
      status: 404,
      code: "session_not_found",
      path: mutePath("ghost"),
      init: { method: "PUT", body: { muted: true } },
    },
    {
      name: "an unknown host is a 404",
      status: 404,
      code: "host_not_found",
      path: mutePath("base", "nowhere"),
      init: { method: "PUT", body: { muted: false } },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const result = await api.json<ErrorBody>(c.path, c.init);
      assert.equal(result.status, c.status, JSON.stringify(result.body));
      assert.equal(result.body.error.code, c.code);
      assert.ok(result.body.error.message.length > 0);
      assert.deepEqual((await api.json("/api/mutes")).body, {
        muted: [{ host: "local", name: "base" }],
      });
    });
  }
  const message = (await api.json<ErrorBody>(...setMute("base", "false"))).body.error.message;
  assert.equal(message, 'Field "muted" must be true or false');
});

Deno.test("Mute API refuses to mute more than the limit allows", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("one-more");
  {
    // Mutes of sessions that are gone (but may be restored) count too.
    using db = openDatabase(api.home);
    new MuteStore(db).setMany(
      Array.from({ length: MAX_MUTED_SESSIONS }, (_, i) => ({
        host: "local",
        id: `$${i + 100}`,
        created: 1,
        name: `gone-${i}`,
      })),
      true,
    );
  }
  const refused = await api.json<ErrorBody>(...setMute("one-more", true));
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "limit_reached");
  assert.match(refused.body.error.message, /at most 2000 sessions may be muted/);
  assert.equal((await api.json<MuteBody>(mutePath("one-more"))).body.muted, false);
  // Lifting one makes room.
  assert.equal((await api.json(...setMute("gone-0", false))).status, 200);
  assert.equal((await api.json<MuteBody>(...setMute("one-more", true))).body.muted, true);
});

Deno.test("Events WebSocket pushes the muted list first on connect and again on every change", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ev-mute");
  await using client = new EventsClient<{ type: string; muted?: MutedSession[] }>(
    server.wsUrl("/api/events"),
    server.headers,
  );
  const messages = client.messages;
  const waitFor = (condition: () => boolean, what: string) => client.waitFor(condition, what);
  const mutedLists = () => messages.filter((m) => m.type === "muted").map((m) => m.muted);

  await waitFor(() => messages.some((m) => m.type === "sessions"), "the session list");
  assert.equal(messages[0]?.type, "muted", "the muted list comes before the sessions");
  assert.deepEqual(mutedLists(), [[]]);

  const put = await server.fetch(mutePath("ev-mute"), {
    method: "PUT",
    body: JSON.stringify({ muted: true }),
  });
  assert.equal(put.status, 200);
  await put.body?.cancel();
  await waitFor(() => mutedLists().length === 2, "the list after muting");
  assert.deepEqual(mutedLists()[1], [{ host: "local", name: "ev-mute" }]);

  const renamed = await server.fetch("/api/hosts/local/sessions/ev-mute", {
    method: "PATCH",
    body: JSON.stringify({ name: "ev-moved" }),
  });
  assert.equal(renamed.status, 200);
  await renamed.body?.cancel();
  await waitFor(() => mutedLists().length === 3, "the list after the rename");
  assert.deepEqual(mutedLists()[2], [{ host: "local", name: "ev-moved" }]);
});

Deno.test("Mute API mutes a remote host's session on the manager, checked on the worker", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("wk-agent");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();

  const put = (name: string, muted: boolean) =>
    manager.fetch(mutePath(name, "w1"), { method: "PUT", body: JSON.stringify({ muted }) });
  const missing = await json<ErrorBody>(await put("wk-ghost", true));
  assert.equal(missing.status, 404);
  assert.match(missing.body.error.message, /^On host "w1": /);

  const muted = await json<MuteBody>(await put("wk-agent", true));
  assert.deepEqual(muted, { status: 200, body: { host: "w1", name: "wk-agent", muted: true } });
  // The mute lives on the manager: the worker knows nothing of it.
  assert.deepEqual((await json(await worker.fetch("/api/mutes"))).body, { muted: [] });

  const renamed = await manager.fetch("/api/hosts/w1/sessions/wk-agent", {
    method: "PATCH",
    body: JSON.stringify({ name: "wk-moved" }),
  });
  assert.equal(renamed.status, 200);
  await renamed.body?.cancel();
  assert.deepEqual((await json(await manager.fetch("/api/mutes"))).body, {
    muted: [{ host: "w1", name: "wk-moved" }],
  });

  const killed = await manager.fetch("/api/hosts/w1/sessions/wk-moved", { method: "DELETE" });
  assert.equal(killed.status, 204);
  await killed.body?.cancel();
  assert.deepEqual((await json(await manager.fetch("/api/mutes"))).body, { muted: [] });
});

Deno.test("Mute API mutes and unmutes several sessions at once, all or none", async () => {
  await using api = await ApiHarness.start();
  for (const name of ["grp-a", "grp-b", "grp-c"]) await api.tmux.newSession(name);
  const targets = [{ name: "grp-a" }, { host: "local", name: "grp-b" }];
  const muted = await api.json<{ muted: MutedSession[] }>("/api/mutes", {
    method: "PUT",
    body: { targets, muted: true },
  });
  assert.deepEqual(muted, {
    status: 200,
    body: { muted: [{ host: "local", name: "grp-a" }, { host: "local", name: "grp-b" }] },
  });

  // One unknown session: nothing is muted, and the answer says which.
  const refused = await api.json<ErrorBody>("/api/mutes", {
    method: "PUT",
    body: { targets: [{ name: "grp-c" }, { name: "grp-nosuch" }], muted: true },
  });
  assert.equal(refused.status, 404);
  assert.match(refused.body.error.message, /"grp-nosuch".*nothing was muted/);
  assert.equal((await api.json<MuteBody>(mutePath("grp-c"))).body.muted, false);

  // Bad input changes nothing either.
  for (const body of [{ targets, muted: "yes" }, { targets: [], muted: true }, { muted: true }]) {
    const bad = await api.json<ErrorBody>("/api/mutes", { method: "PUT", body });
    assert.equal(bad.status, 400, JSON.stringify(body));
  }
  const unknownHost = await api.json<ErrorBody>("/api/mutes", {
    method: "PUT",
    body: { targets: [{ host: "nowhere", name: "x" }], muted: false },
  });
  assert.equal(unknownHost.status, 404);

  const unmuted = await api.json<{ muted: MutedSession[] }>("/api/mutes", {
    method: "PUT",
    body: { targets: [...targets, { name: "gone-long-ago" }], muted: false },
  });
  assert.deepEqual(unmuted, { status: 200, body: { muted: [] } });
});
