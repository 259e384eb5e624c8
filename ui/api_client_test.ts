import assert from "node:assert/strict";
import { ApiClient, ApiError } from "./api_client.ts";

function client(respond: (path: string, init?: RequestInit) => Response) {
  const calls: { path: string; init: RequestInit | undefined }[] = [];
  const api = new ApiClient((path, init) => {
    calls.push({ path, init });
    return Promise.resolve(respond(path, init));
  });
  return { api, calls };
}

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
