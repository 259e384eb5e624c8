import assert from "node:assert/strict";
import { encodeBase64, WS_CLOSE_FRAME_WAIT_MS, WsClient } from "./ws_client.ts";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A WebSocket peer that answers the handshake, then never reads again (a vanished machine). */
async function deafPeer(listener: Deno.TcpListener): Promise<Deno.Conn> {
  const conn = await listener.accept();
  const buffer = new Uint8Array(8192);
  let head = "";
  while (!head.includes("\r\n\r\n")) {
    const count = await conn.read(buffer);
    if (count === null) throw new Error("The client left during the handshake");
    head += new TextDecoder().decode(buffer.subarray(0, count));
  }
  const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? "";
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(key + GUID));
  const accept = encodeBase64(new Uint8Array(digest));
  await conn.write(new TextEncoder().encode(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  ));
  return conn;
}

Deno.test("WsClient close returns soon when the peer stopped reading", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = deafPeer(listener);
  const client = await WsClient.connect(`ws://127.0.0.1:${listener.addr.port}/`);
  const peer = await accepted;
  try {
    // More than any socket buffers hold: this write can never finish.
    const stuck = client.send(new Uint8Array(64 * 1024 * 1024)).catch(() => "dropped");
    await new Promise((resolve) => setTimeout(resolve, 200));

    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const outcome = await Promise.race([
      client.close(1001, "going away").then(() => "closed"),
      new Promise((resolve) => timer = setTimeout(() => resolve("still waiting"), 5000)),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, "closed");
    assert.ok(Date.now() - started < WS_CLOSE_FRAME_WAIT_MS + 2000);
    assert.equal(client.closed, true);
    assert.equal(await stuck, "dropped");
  } finally {
    peer.close();
  }
});

Deno.test("WsClient close sends one close frame however often it is called", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = deafPeer(listener);
  const client = await WsClient.connect(`ws://127.0.0.1:${listener.addr.port}/`);
  const peer = await accepted;
  try {
    await Promise.all([client.close(1000, "a"), client.close(1000, "b"), client.close()]);
    const received: number[] = [];
    const buffer = new Uint8Array(1024);
    for (let count = await peer.read(buffer); count !== null; count = await peer.read(buffer)) {
      received.push(...buffer.subarray(0, count));
    }
    // One masked close frame: opcode 0x8, a 2-byte code and the 1-byte reason "a".
    assert.equal(received.length, 2 + 4 + 3);
    assert.equal(received[0], 0x88);
  } finally {
    peer.close();
  }
});
