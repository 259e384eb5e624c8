import assert from "node:assert/strict";
import { SPLIT_COMMAND } from "../bench/latency.ts";
import { readUntil } from "./helpers/polling.ts";
import { selfSignedCertificate } from "./helpers/self_signed.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

/*
 * The pane (the echo bench's SPLIT_COMMAND) answers each keystroke in two writes 5 ms apart: the
 * second piece is a small WebSocket frame sent while the first is not yet acknowledged. With
 * Nagle's algorithm on (a listener's default, TCP_NODELAY off), the kernel holds it until the
 * viewer's delayed ACK, ≥ 40 ms on Linux, every time.
 */

/** Far below the delayed ACK's 40 ms, far above the 5 ms the pane itself takes. */
const HELD_BACK_MS = 35;

/** Milliseconds from each keystroke until the second piece of its answer arrived. */
async function twoPartEchoes(client: TerminalClient, samples: number): Promise<number[]> {
  const times: number[] = [];
  const answered = () => client.text.split("y").length - 1;
  for (let i = 0; i < samples; i++) {
    const before = answered();
    const start = performance.now();
    client.type("k");
    await client.waitFor(() => answered() > before, `answer ${i + 1} of ${samples}`);
    times.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}

async function openTerminal(url: string, headers: Record<string, string>) {
  const client = new TerminalClient(url, headers);
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
  return client;
}

function assertNotHeldBack(times: number[], path: string): void {
  // The fastest of the samples: load only adds time, while a frame Nagle holds back waits for
  // the delayed ACK in every sample.
  const fastest = Math.min(...times);
  assert.ok(
    fastest < HELD_BACK_MS,
    `${path}: every second frame waited ≥ ${HELD_BACK_MS} ms (Nagle on?): ${
      times.map((t) => t.toFixed(1)).join(", ")
    } ms`,
  );
}

Deno.test("Terminal WebSocket: a reply written in two pieces is not held back for an ACK", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("two-part", SPLIT_COMMAND);
  await using client = await openTerminal(
    server.wsUrl("/api/hosts/local/sessions/two-part/terminal"),
    server.headers,
  );
  assertNotHeldBack(await twoPartEchoes(client, 8), "direct");
});

/** A worker with one two-part session, added to a fresh manager; the manager's viewer of it. */
async function relayedViewer(
  worker: TestServer,
  manager: TestServer,
  ca?: string,
): Promise<TerminalClient> {
  await worker.tmux.newSession("wk-two-part", SPLIT_COMMAND);
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({
      name: "w1",
      url: worker.server.url,
      token: worker.token,
      ...(ca !== undefined ? { ca } : {}),
    }),
  });
  assert.equal(added.status, 201, await added.text());
  await readUntil(
    async () =>
      (await (await manager.fetch("/api/sessions")).json()) as {
        sessions: { host: string; name: string }[];
      },
    (list) => list.sessions.some((s) => s.host === "w1" && s.name === "wk-two-part"),
    "the worker's session on the manager",
  );
  return await openTerminal(
    manager.wsUrl("/api/hosts/w1/sessions/wk-two-part/terminal"),
    manager.headers,
  );
}

Deno.test("Relayed terminal: a reply in two pieces crosses manager and worker without waiting", async () => {
  await using worker = await TestServer.start();
  await using manager = await TestServer.start();
  await using client = await relayedViewer(worker, manager);
  assertNotHeldBack(await twoPartEchoes(client, 8), "relay");
});

Deno.test("Relayed terminal: nor from a worker over HTTPS (a TLS connection has no setNoDelay)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "maestro-nodelay-" });
  try {
    const { cert, key } = await selfSignedCertificate(dir);
    await using worker = await TestServer.start({
      extraArgs: ["--tls-cert", cert, "--tls-key", key],
    });
    await using manager = await TestServer.start();
    await using client = await relayedViewer(worker, manager, await Deno.readTextFile(cert));
    assertNotHeldBack(await twoPartEchoes(client, 8), "relay over HTTPS");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
