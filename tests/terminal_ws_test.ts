import assert from "node:assert/strict";
import { MAX_CLIENT_FRAME_BYTES } from "../protocol/terminal_protocol.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

const terminalPath = (name: string) => `/api/hosts/local/sessions/${name}/terminal`;

async function openTerminal(server: TestServer, name: string): Promise<TerminalClient> {
  const client = new TerminalClient(server.wsUrl(terminalPath(name)), server.headers);
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
  return client;
}

Deno.test("Terminal WebSocket attaches, echoes input, resizes and reports the session's exit", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ws-life");
  // Another session keeps the tmux server up once ws-life is gone (tmux exits with its last).
  await server.tmux.newSession("ws-other");
  await server.tmux.tmux("send-keys", "-t", "=ws-life:", "echo before-$((1+1))-attach", "Enter");
  // Attach only once the output is on the screen, so it must come with the snapshot.
  for (let i = 0; i < 500; i++) {
    if (
      (await server.tmux.tmux("capture-pane", "-p", "-t", "=ws-life:")).includes(
        // Only the output has it (the command reads "$((1+1))"); it may follow a prompt when the
        // keys arrive before the shell's first prompt, so no "\n" in front.
        "before-2-attach",
      )
    ) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await using client = await openTerminal(server, "ws-life");
  assert.equal(client.messages[0]?.type, "ready");

  await client.waitFor(
    () => client.snapshotText.includes("before-2-attach"),
    "earlier output in a snapshot",
  );
  client.type("echo h''i\r");
  await client.waitFor(() => client.text.includes("hi\r\n"), "the echo of hi");

  client.send({ type: "resize", cols: 120, rows: 40 });
  await client.waitFor(
    () =>
      client.messages.some((m) => m.type === "snapshot-begin" && m.cols === 120 && m.rows === 40),
    "a snapshot at 120x40",
  );

  await server.tmux.tmux("kill-session", "-t", "=ws-life");
  await client.closed;
  const exit = client.messages.find((m) => m.type === "exit");
  assert.deepEqual(exit, { type: "exit", reason: "the session ended" });
  assert.equal(client.closeCode, 1000);
});

Deno.test("Terminal WebSocket tells every viewer the tmux server exited when it is killed mid-output", async () => {
  await using server = await TestServer.start();
  // One session prints all the time, so the server dies while output is on its way.
  await server.tmux.newSession("ws-one", "sh", "-c", "while :; do echo tick; sleep 0.01; done");
  await server.tmux.newSession("ws-two");
  await using busy = await openTerminal(server, "ws-one");
  await using quiet = await openTerminal(server, "ws-two");
  await busy.waitFor(() => busy.text.includes("tick\r\n"), "live output");
  await server.tmux.tmux("kill-server");
  for (const client of [busy, quiet]) {
    await client.closed;
    const exit = client.messages.find((m) => m.type === "exit");
    assert.deepEqual(exit, { type: "exit", reason: "the tmux server exited" });
    assert.equal(client.closeCode, 1000);
    assert.equal(client.closeReason, "the tmux server exited");
  }
});

Deno.test("Terminal WebSocket gives two viewers the same bytes", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ws-two");
  await using a = await openTerminal(server, "ws-two");
  await using b = await openTerminal(server, "ws-two");
  a.type("seq 1 2000; echo two-$((1+1))-done\r");
  await a.waitFor(() => a.text.includes("two-2-done\r\n"), "viewer a to see the end");
  await b.waitFor(() => b.text.includes("two-2-done\r\n"), "viewer b to see the end");
  const tail = (text: string) => text.slice(text.indexOf("1\r\n2\r\n3\r\n"));
  assert.ok(tail(a.text).length > 8000);
  assert.equal(tail(b.text).slice(0, tail(a.text).length), tail(a.text));
});

/** A raw WebSocket client that completes the handshake, says hello, then never reads again. */
async function stalledViewer(server: TestServer, name: string): Promise<Deno.TcpConn> {
  const url = new URL(server.server.url);
  const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  const request = `GET ${terminalPath(name)} HTTP/1.1\r\nHost: ${url.host}\r\n` +
    `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer ${server.token}\r\n\r\n`;
  await conn.write(new TextEncoder().encode(request));
  const buffer = new Uint8Array(1024);
  const n = await conn.read(buffer);
  assert.match(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1.1 101/);
  // A masked binary frame: Control + {"type":"hello","cols":80,"rows":24}.
  const payload = new TextEncoder().encode('\x01{"type":"hello","cols":80,"rows":24}');
  const mask = [1, 2, 3, 4];
  const frame = new Uint8Array(2 + 4 + payload.length);
  frame[0] = 0x82;
  frame[1] = 0x80 | payload.length;
  frame.set(mask, 2);
  payload.forEach((byte, i) => (frame[6 + i] = byte ^ (mask[i % 4] as number)));
  await conn.write(frame);
  return conn;
}

Deno.test("Terminal WebSocket: a viewer that stops reading does not hold back another", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ws-stall");
  using stalled = await stalledViewer(server, "ws-stall");
  await using reader = await openTerminal(server, "ws-stall");
  // ~16 MB of numbered lines: far more than socket buffers. The pane floods, so the server
  // pauses it and sends screen keyframes, then a full snapshot once it is calm: the reader's
  // screen ends showing the last lines, whatever the stalled viewer does.
  reader.type(
    "seq -f '%08g-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' 1 160000; echo stall-$((2+2))-end\r",
  );
  const numbers = () => [...reader.screenText.matchAll(/(\d{8})-y/g)].map((m) => Number(m[1]));
  await reader.waitFor(
    () => reader.screenText.includes("stall-4-end\r\n") && numbers().at(-1) === 160000,
    "the reader's screen to show the end",
    60_000,
  );
  const seen = numbers();
  for (let i = 1; i < seen.length; i++) assert.equal(seen[i], (seen[i - 1] ?? 0) + 1);
  stalled.close();
});

Deno.test("Terminal WebSocket refuses a foreign Origin, unknown sessions and bad frames", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ws-bad");

  const refused = await fetch(server.server.url + terminalPath("ws-bad"), {
    headers: {
      ...server.headers,
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      origin: "http://evil.example",
    },
  });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error.code, "forbidden_origin");

  const noToken = await fetch(server.server.url + terminalPath("ws-bad"), {
    headers: { upgrade: "websocket", connection: "Upgrade" },
  });
  assert.equal(noToken.status, 401);
  await noToken.body?.cancel();

  {
    await using missing = new TerminalClient(server.wsUrl(terminalPath("nope")), server.headers);
    await missing.opened;
    missing.send({ type: "hello", cols: 80, rows: 24 });
    await missing.closed;
    assert.equal(missing.closeCode, 4404);
    assert.equal(missing.messages.find((m) => m.type === "error")?.type, "error");
  }
  {
    await using big = await openTerminal(server, "ws-bad");
    big.socket.send(new Uint8Array(MAX_CLIENT_FRAME_BYTES + 2));
    await big.closed;
    assert.equal(big.closeCode, 1009);
  }
  {
    await using text = await openTerminal(server, "ws-bad");
    text.socket.send('{"type":"resize","cols":10,"rows":10}');
    await text.closed;
    assert.equal(text.closeCode, 1003);
  }
  {
    await using bad = await openTerminal(server, "ws-bad");
    bad.send({ type: "resize", cols: 100000, rows: 1 } as never);
    await bad.closed;
    assert.equal(bad.closeCode, 1008);
  }
  // Pasted text that looks like a control message is typed, not obeyed.
  await using viewer = await openTerminal(server, "ws-bad");
  viewer.type('echo \'{"type":"resize","cols":3,"rows":3}\'\r');
  await viewer.waitFor(() => viewer.text.includes('"cols":3,"rows":3}\r\n'), "the JSON echoed");
  assert.ok(!viewer.messages.some((m) => m.type === "snapshot-begin" && m.cols === 3));
  const health = await server.fetch("/api/health");
  assert.equal(health.status, 200);
  await health.body?.cancel();
});

Deno.test("Terminal WebSocket: the first snapshot already has the viewer's size (one snapshot)", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("ws-size");
  await using client = new TerminalClient(server.wsUrl(terminalPath("ws-size")), server.headers);
  await client.opened;
  client.send({ type: "hello", cols: 100, rows: 30 });
  await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
  const ready = client.messages.find((m) => m.type === "ready");
  assert.match(ready?.type === "ready" ? ready.paneId : "", /^%\d+$/);
  const first = client.messages.find((m) => m.type === "snapshot-begin");
  assert.deepEqual(first?.type === "snapshot-begin" ? [first.cols, first.rows] : [], [100, 30]);
  // Output after the attach proves the stream is live; still only the one snapshot.
  client.type("echo sized-$((5*5))\r");
  await client.waitFor(() => client.text.includes("sized-25\r\n"), "output");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(client.count("snapshot-begin"), 1);
});
