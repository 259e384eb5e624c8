/** The per-session viewer limit of the terminal WebSocket, against a real server and tmux. */

import assert from "node:assert/strict";
import { DEFAULT_MAX_VIEWERS_PER_SESSION } from "../server/routes/terminal.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

const path = (name: string) => `/api/hosts/local/sessions/${name}/terminal`;

/** The status line a raw WebSocket upgrade request gets (a refused upgrade is plain HTTP). */
async function upgradeStatus(server: TestServer, name: string): Promise<string> {
  const url = new URL(server.wsUrl(path(name)));
  const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  try {
    const request = [
      `GET ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      `Authorization: Bearer ${server.token}`,
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(request));
    const buffer = new Uint8Array(4096);
    const count = await conn.read(buffer);
    const head = new TextDecoder().decode(buffer.subarray(0, count ?? 0));
    return head.split("\r\n")[0] ?? "";
  } finally {
    conn.close();
  }
}

Deno.test("Terminal WebSocket: a session takes 32 viewers, the 33rd gets 429, a freed slot is reused", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("lim");
  await server.tmux.newSession("other");
  const clients: TerminalClient[] = [];
  try {
    for (let i = 0; i < DEFAULT_MAX_VIEWERS_PER_SESSION; i++) {
      const client = new TerminalClient(server.wsUrl(path("lim")), server.headers);
      clients.push(client);
      await client.opened;
    }
    assert.match(await upgradeStatus(server, "lim"), /^HTTP\/1\.1 429/);
    // The limit is per session: another one still opens.
    assert.match(await upgradeStatus(server, "other"), /^HTTP\/1\.1 101/);

    const first = clients.shift() as TerminalClient;
    first.socket.close();
    await first.closed;
    let status = "";
    for (let i = 0; i < 100 && !/ 101/.test(status); i++) {
      status = await upgradeStatus(server, "lim");
      if (!/ 101/.test(status)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(status, /^HTTP\/1\.1 101/);
  } finally {
    for (const client of clients) await client[Symbol.asyncDispose]();
  }
});
