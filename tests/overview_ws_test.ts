import assert from "node:assert/strict";
import { DEFAULT_MAX_OVERVIEW_SOCKETS } from "../server/routes/overview.ts";
import { OverviewClient } from "./helpers/overview_client.ts";
import { TestServer } from "./helpers/test_server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openOverview(server: TestServer): Promise<OverviewClient> {
  const client = new OverviewClient(server.wsUrl("/api/overview"), server.headers);
  await client.opened;
  return client;
}

Deno.test("Overview WebSocket sends every screen, then only what changed, and removals", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ov-busy");
  await server.tmux.newSession("ov-quiet");
  await server.tmux.tmux("new-session", "-d", "-s", "ov-huge", "-x", "300", "-y", "100");
  await using client = await openOverview(server);

  await client.waitFor(() => client.synced, "the overview to be complete");
  assert.equal(client.messages[0]?.reset, true, "the first message resets the page's state");
  for (const name of ["ov-busy", "ov-quiet", "ov-huge"]) {
    await client.waitForScreen(name, (s) => /[#$]/.test(s), "a prompt");
  }
  assert.deepEqual(
    [client.thumbnail("ov-busy")?.cols, client.thumbnail("ov-busy")?.rows],
    [80, 24],
  );
  // A pane bigger than a thumbnail needs is cut to the bounds.
  assert.deepEqual(
    [client.thumbnail("ov-huge")?.cols, client.thumbnail("ov-huge")?.rows],
    [240, 80],
  );

  // Let the quiet one settle (its last capture after its last output), then count its sends.
  await sleep(2500);
  const quietSends = client.sends("ov-quiet");

  // Output (with colour) in one session reaches the page; the quiet one is not sent again.
  await server.tmux.tmux(
    "send-keys",
    "-t",
    "=ov-busy:",
    "printf '\\033[31mred-%s\\033[0m\\n' $((6*7))",
    "Enter",
  );
  const busy = await client.waitForScreen(
    "ov-busy",
    (s) => s.includes("\x1b[31mred-42"),
    "the printed line",
  );
  assert.ok(busy.screen.includes("\x1b[31mred-42"), "colours arrive as SGR escapes");
  for (let i = 0; i < 3; i++) {
    await server.tmux.tmux("send-keys", "-t", "=ov-busy:", `echo line-${i}`, "Enter");
    await client.waitForScreen("ov-busy", (s) => s.includes(`\nline-${i}`), `line-${i}`);
  }
  await sleep(1500);
  assert.equal(client.sends("ov-quiet"), quietSends, "an unchanged session is not sent again");

  // A killed session is removed.
  const killed = await server.fetch("/api/hosts/local/sessions/ov-quiet", { method: "DELETE" });
  assert.equal(killed.status, 204);
  await killed.body?.cancel();
  await client.waitFor(
    () => client.messages.some((m) => m.removed.some((r) => r.name === "ov-quiet")),
    "ov-quiet to be removed",
  );
  assert.equal(client.thumbnail("ov-quiet"), undefined);
  assert.ok(client.thumbnail("ov-busy"));
});

Deno.test("Overview WebSocket checks its input and its limits", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ov-limits");

  const plain = await server.fetch("/api/overview");
  assert.equal(plain.status, 426);
  assert.equal((await plain.json()).error.code, "upgrade_required");

  const anonymous = await fetch(`${server.server.url}/api/overview`, {
    headers: { upgrade: "websocket", connection: "Upgrade" },
  });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();

  const foreign = await server.fetch("/api/overview", {
    headers: {
      upgrade: "websocket",
      connection: "Upgrade",
      origin: "http://evil.example",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-version": "13",
    },
  });
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();

  // The overview only sends: a message from the page closes the socket with a reason.
  {
    await using talker = await openOverview(server);
    await talker.waitFor(() => talker.messages.length > 0, "the first message");
    talker.socket.send(JSON.stringify({ type: "hello" }));
    await talker.closed;
    assert.equal(talker.closeCode, 1003);
    assert.match(talker.closeReason, /takes no messages/);
  }

  // At most DEFAULT_MAX_OVERVIEW_SOCKETS at once; the next one is a clear 429.
  const sockets: OverviewClient[] = [];
  try {
    for (let i = 0; i < DEFAULT_MAX_OVERVIEW_SOCKETS; i++) sockets.push(await openOverview(server));
    const refused = await server.fetch("/api/overview", {
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).error.code, "too_many_overviews");
  } finally {
    for (const socket of sockets) await socket[Symbol.asyncDispose]();
  }
  // Closing them frees the places again (the server may see the closes a moment later).
  let opened: OverviewClient | null = null;
  for (let attempt = 0; attempt < 50 && opened === null; attempt++) {
    opened = await openOverview(server).catch(() => null);
    if (opened === null) await sleep(50);
  }
  assert.ok(opened, "an overview opens again once the others closed");
  await using again = opened;
  await again.waitForScreen("ov-limits", (s) => /[#$]/.test(s), "a prompt");
});
