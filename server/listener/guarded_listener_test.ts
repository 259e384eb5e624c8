import assert from "node:assert/strict";
import { nullLogger } from "../logger.ts";
import type { ConnectionEnv } from "./connection_env.ts";
import { DEFAULT_CONNECTION_LIMITS } from "./connection_policy.ts";
import type { ConnectionHandler } from "./guarded_connection.ts";
import { GuardedListener } from "./guarded_listener.ts";
import { legacyServeHttp } from "./serve_http.ts";

function listen(handler: ConnectionHandler): GuardedListener {
  return GuardedListener.listen({
    hostname: "127.0.0.1",
    port: 0,
    limits: DEFAULT_CONNECTION_LIMITS,
    logger: nullLogger,
    handler,
  });
}

Deno.test("legacyServeHttp serves a request on an accepted connection", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const http = legacyServeHttp()(await listener.accept());
    const event = await http.nextRequest();
    assert.ok(event);
    await event.respondWith(new Response(`hello ${new URL(event.request.url).pathname}`));
    assert.equal(await http.nextRequest(), null, "the client asked to close");
    http.close();
  })();
  const { port } = listener.addr;
  const response = await fetch(`http://127.0.0.1:${port}/there`, {
    headers: { connection: "close" },
  });
  assert.equal(await response.text(), "hello /there");
  await serving;
});

Deno.test("GuardedListener counts a connection as a stranger until it authenticates", async () => {
  let seen: ConnectionEnv | null = null;
  await using listener = listen((request, env) => {
    seen = env;
    if (request.headers.get("authorization") === "yes") env.markAuthenticated();
    return new Response("ok");
  });
  const url = `http://127.0.0.1:${listener.addr.port}/`;
  using client = Deno.createHttpClient({ poolMaxIdlePerHost: 1 });

  const first = await fetch(url, { client });
  assert.equal(await first.text(), "ok");
  assert.equal(listener.unauthenticated(), 1);
  assert.equal(listener.unauthenticated("127.0.0.1"), 1);
  assert.equal((seen as ConnectionEnv | null)?.remoteAddr.hostname, "127.0.0.1");

  const second = await fetch(url, { client, headers: { authorization: "yes" } });
  assert.equal(await second.text(), "ok");
  assert.equal(listener.unauthenticated(), 0, "the same keep-alive connection authenticated");
});

Deno.test("GuardedListener answers 500 when the handler throws, and goes on", async () => {
  let calls = 0;
  await using listener = listen(() => {
    if (++calls === 1) throw new Error("handler bug");
    return new Response("fine");
  });
  const url = `http://127.0.0.1:${listener.addr.port}/`;
  const failed = await fetch(url);
  assert.equal(failed.status, 500);
  assert.equal(await failed.text(), "Internal server error");
  const next = await fetch(url);
  assert.equal(await next.text(), "fine");
});

Deno.test("GuardedListener stops accepting once disposed", async () => {
  const listener = listen(() => new Response("ok"));
  const { port } = listener.addr;
  await listener[Symbol.asyncDispose]();
  await listener.finished;
  await assert.rejects(
    Deno.connect({ hostname: "127.0.0.1", port }),
    Deno.errors.ConnectionRefused,
  );
});
