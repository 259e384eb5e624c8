import assert from "node:assert/strict";
import { ApiClient, ApiError } from "./api_client.ts";
import { PageCredential } from "./page_credential.ts";

function client(respond: (path: string, init?: RequestInit) => Response) {
  const calls: { path: string; init: RequestInit | undefined }[] = [];
  const stored = new Map<string, string>();
  const credential = new PageCredential(() => ({
    getItem: (key) => stored.get(key) ?? null,
    setItem: (key, value) => void stored.set(key, value),
    removeItem: (key) => void stored.delete(key),
  }));
  const api = new ApiClient((path, init) => {
    calls.push({ path, init });
    return Promise.resolve(respond(path, init));
  }, credential);
  return { api, calls, credential };
}

const headersOf = (init: RequestInit | undefined) =>
  (init?.headers ?? {}) as Record<string, string>;

Deno.test("ApiClient signs in with the token and then sends only its own credential", async () => {
  const { api, calls, credential } = client((path) =>
    path === "/api/login" ? Response.json({ credential: "page-cred" }) : Response.json({})
  );
  await api.health();
  assert.equal(headersOf(calls[0]?.init).authorization, undefined);
  await api.login("the-token");
  assert.equal(calls[1]?.init?.body, JSON.stringify({ token: "the-token" }));
  assert.equal(credential.get(), "page-cred");
  await api.sessions();
  assert.equal(headersOf(calls[2]?.init).authorization, "Bearer page-cred");
  assert.equal(calls[2]?.init?.credentials, "omit", "no cookie is sent or needed");
});

Deno.test("ApiClient forgets its credential on sign-out, even when the server is gone", async () => {
  const { api, calls, credential } = client(() => new Response(null, { status: 204 }));
  credential.set("page-cred");
  await api.logout(true);
  assert.equal(calls[0]?.path, "/api/logout");
  assert.equal(calls[0]?.init?.body, JSON.stringify({ everywhere: true }));
  assert.equal(credential.get(), null);
  const offline = client(() => {
    throw new TypeError("Failed to fetch");
  });
  offline.credential.set("page-cred");
  await assert.rejects(offline.api.logout());
  assert.equal(offline.credential.get(), null);
});

Deno.test("ApiClient sends JSON and parses JSON", async () => {
  const { api, calls } = client(() => Response.json({ name: "b" }));
  const session = await api.renameSession({ host: "local", name: "a b" }, "b");
  assert.equal(session.name, "b");
  assert.equal(calls[0]?.path, "/api/hosts/local/sessions/a%20b");
  assert.equal(calls[0]?.init?.method, "PATCH");
  assert.equal(calls[0]?.init?.body, JSON.stringify({ name: "b" }));
  assert.equal(
    (calls[0]?.init?.headers as Record<string, string>)["content-type"],
    "application/json",
  );
});

Deno.test("ApiClient resolves 204 to undefined", async () => {
  const { api } = client(() => new Response(null, { status: 204 }));
  assert.equal(await api.killSession({ host: "local", name: "x" }), undefined);
});

Deno.test("ApiClient surfaces the server's error code and message", async () => {
  const { api } = client(() =>
    Response.json({ error: { code: "session_exists", message: 'Session "x" exists' } }, {
      status: 409,
    })
  );
  await assert.rejects(api.createSession({ name: "x" }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 409);
    assert.equal(error.code, "session_exists");
    assert.equal(error.message, 'Session "x" exists');
    return true;
  });
});

Deno.test("ApiClient reports non-JSON failures and network errors", async () => {
  const { api } = client(() => new Response("Bad gateway", { status: 502 }));
  await assert.rejects(api.health(), /GET \/api\/health failed: Bad gateway/);
  const offline = new ApiClient(() => Promise.reject(new TypeError("Failed to fetch")));
  await assert.rejects(offline.health(), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "network");
    return true;
  });
});

Deno.test("ApiClient lists, adds, updates and removes hosts", async () => {
  const details = {
    id: "mini",
    name: "mini",
    url: "http://mini:23000",
    enabled: true,
    status: "online",
    lastSeen: 1,
    sessionCount: 0,
    tls: false,
    trustsCustomCa: false,
  };
  const { api, calls } = client((path, init) =>
    init?.method === "DELETE"
      ? new Response(null, { status: 204 })
      : path === "/api/hosts" && init?.method === "GET"
      ? Response.json({ hosts: [details] })
      : Response.json(details, { status: init?.method === "POST" ? 201 : 200 })
  );
  assert.deepEqual(await api.hosts(), [details]);
  assert.equal(
    (await api.addHost({ name: "mini", url: "http://mini:23000", token: "t" })).id,
    "mini",
  );
  await api.updateHost("my host", { enabled: false });
  assert.equal(await api.removeHost("mini"), undefined);
  assert.deepEqual(calls.map((c) => `${c.init?.method} ${c.path} ${c.init?.body ?? ""}`), [
    "GET /api/hosts ",
    'POST /api/hosts {"name":"mini","url":"http://mini:23000","token":"t"}',
    'PATCH /api/hosts/my%20host {"enabled":false}',
    "DELETE /api/hosts/mini ",
  ]);
});

Deno.test("ApiClient surfaces a host test failure as the server words it", async () => {
  const { api } = client(() =>
    Response.json({
      error: { code: "host_token_rejected", message: "http://w rejected the token" },
    }, { status: 400 })
  );
  await assert.rejects(
    api.addHost({ name: "w", url: "http://w", token: "x" }),
    (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "host_token_rejected");
      assert.equal(error.message, "http://w rejected the token");
      return true;
    },
  );
});

Deno.test("ApiClient sets a session's mute with PUT .../mute", async () => {
  const { api, calls } = client(() => Response.json({ host: "mini", name: "a", muted: true }));
  const answer = await api.setMuted({ host: "mini", name: "a" }, true);
  assert.deepEqual(answer, { host: "mini", name: "a", muted: true });
  assert.equal(calls[0]?.path, "/api/hosts/mini/sessions/a/mute");
  assert.equal(calls[0]?.init?.method, "PUT");
  assert.equal(calls[0]?.init?.body, JSON.stringify({ muted: true }));
});

Deno.test("ApiClient searches with the text and scrollback in the query string", async () => {
  const answer = { query: "a&b", matches: [], truncated: false, errors: [] };
  const { api, calls } = client(() => Response.json(answer));
  assert.deepEqual(await api.search("a&b c", 1000), answer);
  assert.equal(calls[0]?.path, "/api/search?q=a%26b+c&scrollback=1000");
  assert.equal(calls[0]?.init?.method, "GET");
});
