/**
 * A `maestro serve` process under a small open-file limit, flooded with half-sent requests, must
 * stay up and keep answering its token holder (issue 11: it used to exit with EMFILE).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { MaestroServer } from "./helpers/maestro_process.ts";
import { readUntil } from "./helpers/polling.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const OPEN_FILE_LIMIT = 128;
const ATTACKERS = 300;

/** Open a connection and send half a request; null if the server refused it outright. */
async function halfSentRequest(port: number): Promise<Deno.Conn | null> {
  let conn: Deno.Conn | null = null;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new TextEncoder().encode("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    return conn;
  } catch {
    conn?.close();
    return null;
  }
}

/**
 * Open a connection, send a whole request with the token and wait (at most 1 s) for the answer;
 * the connection then stays open (keep-alive). Null if the connection failed.
 */
async function authenticatedRequest(port: number, token: string): Promise<Deno.Conn | null> {
  let conn: Deno.Conn | null = null;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const head = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `Authorization: Bearer ${token}\r\n\r\n`;
    await conn.write(new TextEncoder().encode(head));
    const answer = new Uint8Array(4096);
    const read = conn.read(answer).catch(() => null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([read, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
    return conn;
  } catch {
    conn?.close();
    return null;
  }
}

function closeAll(conns: readonly Deno.Conn[]): void {
  for (const conn of conns) {
    try {
      conn.close();
    } catch {
      // Closed by the server already.
    }
  }
}

/** `/api/health` with the token on a fresh connection; 0 if the connection was refused. */
async function healthStatus(server: MaestroServer): Promise<number> {
  try {
    const response = await server.fetch("/api/health", { headers: { connection: "close" } });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

Deno.test({
  name:
    `Server process survives ${ATTACKERS} half-sent requests under an open-file limit of ${OPEN_FILE_LIMIT}`,
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using dir = await tempDir("maestro-open-files-test-");
    await using tmux = new PrivateTmux();
    await using server = await MaestroServer.start({
      home: join(dir.path, "home"),
      socket: tmux.options.socket ?? "",
      launcher: ["/usr/bin/prlimit", `--nofile=${OPEN_FILE_LIMIT}:${OPEN_FILE_LIMIT}`, "--"],
      env: { MAESTRO_CONNECTION_LIMITS: JSON.stringify({ headerTimeoutMs: 1000 }) },
    });
    const limits = await Deno.readTextFile(`/proc/${server.pid}/limits`);
    assert.match(limits, new RegExp(`^Max open files\\s+${OPEN_FILE_LIMIT}\\s`, "m"));
    const port = Number(new URL(server.url).port);

    const attackers: Deno.Conn[] = [];
    try {
      for (let i = 0; i < ATTACKERS; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => halfSentRequest(port)));
        for (const conn of batch) if (conn !== null) attackers.push(conn);
      }
      // Until the header timeout frees their slots the token holder may be refused too; the
      // server must stay up throughout and answer once they are gone.
      const status = await readUntil(
        () => healthStatus(server),
        (status) => status === 200 || server.exited,
        "the token holder's health check",
      );
      assert.equal(server.exited, false, `the server exited:\n${server.stderr}`);
      assert.equal(status, 200);
    } finally {
      closeAll(attackers);
    }
    assert.equal(await healthStatus(server), 200);
    assert.doesNotMatch(server.stderr, /Too many open files/);
    assert.equal(server.exited, false);
  },
});

Deno.test({
  name: "Server process keeps accepting after running out of open files",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using dir = await tempDir("maestro-open-files-test-");
    await using tmux = new PrivateTmux();
    await using server = await MaestroServer.start({
      home: join(dir.path, "home"),
      socket: tmux.options.socket ?? "",
      launcher: ["/usr/bin/prlimit", `--nofile=${OPEN_FILE_LIMIT}:${OPEN_FILE_LIMIT}`, "--"],
    });
    const port = Number(new URL(server.url).port);

    // Authenticated keep-alive connections are not capped: enough of them use up every file
    // descriptor, so accept() itself fails (EMFILE) while they are open.
    const holders: Deno.Conn[] = [];
    try {
      // In batches well under the per-peer cap, so each authenticates before the next comes.
      for (
        let i = 0;
        i < OPEN_FILE_LIMIT * 2 && !server.stderr.includes("Cannot accept");
        i += 16
      ) {
        const batch = await Promise.all(
          Array.from({ length: 16 }, () => authenticatedRequest(port, server.token)),
        );
        for (const conn of batch) if (conn !== null) holders.push(conn);
      }
      await readUntil(
        () => Promise.resolve(server.stderr),
        (log) => log.includes("Cannot accept a connection") || server.exited,
        "the server to run out of open files",
      );
      assert.equal(server.exited, false, `the server exited:\n${server.stderr}`);
    } finally {
      closeAll(holders);
    }
    const status = await readUntil(
      () => healthStatus(server),
      (status) => status === 200 || server.exited,
      "the health check once the connections are closed",
    );
    assert.equal(status, 200, server.stderr);
    assert.match(server.stderr, /Accepting connections again/);
    assert.equal(server.exited, false);
  },
});
