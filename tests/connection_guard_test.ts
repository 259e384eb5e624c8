/**
 * The stranger limits of a real server (DESIGN §6, issue 11): header, idle, lifetime and body
 * timeouts, and the caps on unauthenticated connections, over real sockets on port 0.
 */

import assert from "node:assert/strict";
import type { SessionView } from "../server/session_view.ts";
import { EventsClient } from "./helpers/events_client.ts";
import { readUntil } from "./helpers/polling.ts";
import { RawConnection, requestHead } from "./helpers/raw_connection.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token request's status on a fresh connection; 0 when the connection was refused. */
async function healthStatus(server: TestServer): Promise<number> {
  try {
    const response = await server.fetch("/api/health", { headers: { connection: "close" } });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

Deno.test("Connection guard closes a half-sent request after the header timeout", async () => {
  await using server = await TestServer.start({ limits: { headerTimeoutMs: 300 } });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  await raw.write(`GET /api/health HTTP/1.1\r\nHost: ${new URL(url).host}\r\n`);
  const ms = await raw.waitForEnd("the half-sent request to be closed");
  assert.ok(ms >= 200, `closed after ${ms} ms, before its header timeout`);
  assert.equal(raw.received, "", "nothing is answered");
});

Deno.test("Connection guard closes a request head trickled byte by byte at the header timeout", async () => {
  await using server = await TestServer.start({ limits: { headerTimeoutMs: 300 } });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  const head = requestHead(url, "/api/health");
  for (let i = 0; i < head.length - 2 && !raw.ended; i++) {
    await raw.write(head[i] ?? "");
    await sleep(25);
  }
  assert.ok(raw.ended, "closed before the head was complete, although bytes kept coming");
  assert.equal(raw.received, "");
});

Deno.test("Connection guard closes an idle unauthenticated keep-alive connection", async () => {
  await using server = await TestServer.start({ limits: { idleTimeoutMs: 300 } });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  await raw.write(requestHead(url, "/api/health"));
  assert.deepEqual(await raw.waitForResponses(1, "the 401"), [401]);
  await raw.waitForEnd("the idle connection to be closed");
});

Deno.test("Connection guard keeps an authenticated keep-alive connection past the short idle timeout", async () => {
  await using server = await TestServer.start({
    limits: { headerTimeoutMs: 200, idleTimeoutMs: 200, unauthenticatedLifetimeMs: 400 },
  });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  const authorized = requestHead(url, "/api/health", { authorization: `Bearer ${server.token}` });
  await raw.write(authorized);
  assert.deepEqual(await raw.waitForResponses(1, "the first answer"), [200]);
  await sleep(800);
  assert.equal(raw.ended, false, "still open after four short idle timeouts and the lifetime");
  await raw.write(authorized);
  assert.deepEqual(await raw.waitForResponses(2, "the second answer"), [200, 200]);
});

Deno.test("Connection guard closes an unauthenticated connection that trickles requests at its lifetime cap", async () => {
  await using server = await TestServer.start({
    limits: { idleTimeoutMs: 2000, unauthenticatedLifetimeMs: 800 },
  });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  let sent = 0;
  while (!raw.ended && sent < 100) {
    await raw.write(requestHead(url, "/api/health"));
    sent++;
    await sleep(100);
  }
  assert.ok(raw.ended, "closed although a request came every 100 ms");
  assert.ok((raw.received.match(/HTTP\/1\.1 401 /g) ?? []).length >= 3, "it was answered before");
});

Deno.test("Connection guard cuts off a stalled request body with a 408", async () => {
  await using server = await TestServer.start({ limits: { bodyTimeoutMs: 300 } });
  const url = server.server.url;
  await using raw = await RawConnection.open(url);
  const head = requestHead(url, "/api/login", {
    "content-type": "application/json",
    "content-length": "100",
  }, "POST");
  await raw.write(head + '{"token": "');
  await raw.waitForEnd("the stalled body to be cut off");
  assert.match(raw.received, /^HTTP\/1\.1 408 /);
  assert.match(raw.received, /"code":"request_timeout"/);
  assert.equal(await healthStatus(server), 200, "the server goes on");
});

Deno.test("Connection guard refuses unauthenticated connections over the per-peer cap, not authenticated sockets", async () => {
  await using server = await TestServer.start({ limits: { maxUnauthenticatedPerPeer: 3 } });
  const url = server.server.url;
  await server.tmux.newSession("guard-one");
  await using events = new EventsClient<{ type: string; sessions?: SessionView[] }>(
    server.wsUrl("/api/events"),
    server.headers,
  );
  const listed = (name: string) =>
    events.messages.some((m) => m.sessions?.some((session) => session.name === name));
  await events.waitFor(() => listed("guard-one"), "the first session list");

  const idle = await Promise.all([1, 2, 3].map(() => RawConnection.open(url)));
  try {
    await using fourth = await RawConnection.open(url);
    await fourth.waitForEnd("the fourth connection to be refused", 3000);
    assert.equal(fourth.received, "");
    assert.equal(await healthStatus(server), 0, "a new connection is refused, token or not");
    assert.ok(idle.every((raw) => !raw.ended), "the admitted ones stay");

    // Another peer has its own count.
    await using other = await RawConnection.open(url, { from: "127.0.0.2" });
    await other.write(requestHead(url, "/api/health", { authorization: `Bearer ${server.token}` }));
    assert.deepEqual(await other.waitForResponses(1, "an answer to another peer"), [200]);

    // The authenticated WebSocket keeps working.
    await server.tmux.newSession("guard-two");
    await events.waitFor(() => listed("guard-two"), "a session list with the new session");
  } finally {
    for (const raw of idle) await raw[Symbol.asyncDispose]();
  }
  await readUntil(() => healthStatus(server), (status) => status === 200, "a slot to free");
});

Deno.test("Connection guard refuses unauthenticated connections over the total cap while a terminal types", async () => {
  await using server = await TestServer.start({ limits: { maxUnauthenticated: 3 } });
  const url = server.server.url;
  await server.tmux.newSession("guard-typing");
  await using terminal = new TerminalClient(
    server.wsUrl("/api/hosts/local/sessions/guard-typing/terminal"),
    server.headers,
  );
  await terminal.opened;
  terminal.send({ type: "hello", cols: 80, rows: 24 });
  await terminal.waitFor(() => terminal.count("snapshot-end") >= 1, "the first snapshot");

  const peers = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
  const idle = await Promise.all(peers.map((from) => RawConnection.open(url, { from })));
  try {
    await using refused = await RawConnection.open(url, { from: "127.0.0.4" });
    await refused.waitForEnd("a fourth peer to be refused", 3000);
    assert.ok(idle.every((raw) => !raw.ended), "the admitted ones stay");

    terminal.type("echo guard-$((40+2))\r");
    await terminal.waitFor(() => terminal.text.includes("guard-42"), "the echo in the terminal");
  } finally {
    for (const raw of idle) await raw[Symbol.asyncDispose]();
  }
  await readUntil(() => healthStatus(server), (status) => status === 200, "a slot to free");
});

Deno.test("Connection guard lets a person in when one stranger fills the total cap", async () => {
  await using server = await TestServer.start({ limits: { maxUnauthenticated: 4 } });
  const url = server.server.url;
  const strangers = await Promise.all(
    [1, 2, 3, 4].map(() => RawConnection.open(url, { from: "127.0.0.2" })),
  );
  try {
    // From another address, a token request still gets in: the stranger's oldest makes room.
    assert.equal(await healthStatus(server), 200);
    await readUntil(
      () => Promise.resolve(strangers.filter((raw) => raw.ended).length),
      (ended) => ended === 1,
      "one stranger connection to be closed",
    );
    assert.equal(strangers[0]?.ended, true, "the oldest one");
  } finally {
    for (const raw of strangers) await raw[Symbol.asyncDispose]();
  }
});

Deno.test("Connection guard stops counting a connection once it authenticates", async () => {
  await using server = await TestServer.start({ limits: { maxUnauthenticatedPerPeer: 2 } });
  const url = server.server.url;
  await using authenticated = await RawConnection.open(url);
  await authenticated.write(
    requestHead(url, "/api/health", { authorization: `Bearer ${server.token}` }),
  );
  assert.deepEqual(await authenticated.waitForResponses(1, "the token request"), [200]);
  await using first = await RawConnection.open(url);
  await using second = await RawConnection.open(url);
  await using third = await RawConnection.open(url);
  await third.waitForEnd("the third unauthenticated connection to be refused", 3000);
  assert.equal(first.ended || second.ended || authenticated.ended, false);
});

Deno.test("Connection guard closes WebSockets and idle connections when the server stops", async () => {
  const server = await TestServer.start();
  try {
    await using events = new EventsClient(server.wsUrl("/api/events"), server.headers);
    await events.opened;
    await using raw = await RawConnection.open(server.server.url);
    await server.stop();
    await raw.waitForEnd("the idle connection to close");
    await events.closed;
    assert.equal(events.closeCode, 1001);
  } finally {
    await server[Symbol.asyncDispose]();
  }
});
