import assert from "node:assert/strict";
import type { ServerMessage } from "../protocol/terminal_protocol.ts";
import { Backoff } from "../ui/shared/backoff.ts";
import { TerminalConnection, type TerminalState } from "../ui/terminal/terminal_connection.ts";
import { OverviewClient } from "./helpers/overview_client.ts";
import { json, readUntil } from "./helpers/polling.ts";
import { TcpForwarder } from "./helpers/tcp_forwarder.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";
import { Waker } from "./helpers/waker.ts";

/** The manager pings its workers this often here (2000 ms by default), so the test is quick. */
const PING_MS = 200;
/** Without the fix a relayed terminal heard nothing for 47 s and more. */
const TOLD_WITHIN_MS = 5000;

interface HostJson {
  id: string;
  status: string;
  error?: string;
}

/** A manager relaying one worker through a forwarder that can black-hole the link. */
async function managerWithSilentableWorker(
  worker: TestServer,
  forwarder: TcpForwarder,
): Promise<TestServer> {
  const manager = await TestServer.start({ extraArgs: ["--host-ping-ms", String(PING_MS)] });
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: forwarder.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  await hostStatus(manager, "online");
  return manager;
}

async function hostStatus(manager: TestServer, status: string): Promise<HostJson> {
  return await readUntil(
    async () => (await json<HostJson>(await manager.fetch("/api/hosts/w1"))).body,
    (host) => host.status === status,
    `host w1 to be ${status}`,
    20_000,
  );
}

async function openTerminal(server: TestServer, path: string): Promise<TerminalClient> {
  const client = new TerminalClient(server.wsUrl(path), server.headers);
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  return client;
}

/** The page's own terminal connection (ui/terminal_connection.ts) over a real WebSocket. */
class PageTerminal implements Disposable {
  readonly connection: TerminalConnection;
  readonly states: TerminalState[] = [];
  readonly #waker = new Waker(100);
  #screen: Uint8Array[] = [];
  snapshots = 0;

  constructor(server: TestServer, path: string) {
    this.connection = new TerminalConnection({
      url: () => server.wsUrl(path),
      createSocket: (url) => new WebSocket(url, { headers: server.headers } as unknown as string[]),
      backoff: new Backoff({ initial: 100, max: 500 }),
      onState: (state) => {
        this.states.push(state);
        this.#waker.wake();
      },
      sink: {
        size: () => ({ cols: 80, rows: 24 }),
        reset: (_: Extract<ServerMessage, { type: "snapshot-begin" }>) => {
          this.#screen = [];
          this.snapshots++;
        },
        write: (bytes) => {
          this.#screen.push(bytes.slice());
          this.#waker.wake();
        },
        snapshotEnd: () => this.#waker.wake(),
      },
    });
    this.connection.connect();
  }

  /** Every byte written since the last snapshot began: what the terminal shows. */
  get screen(): string {
    const decoder = new TextDecoder();
    return this.#screen.map((chunk) => decoder.decode(chunk, { stream: true })).join("") +
      decoder.decode();
  }

  waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    return this.#waker.waitFor(condition, what, timeoutMs);
  }

  [Symbol.dispose](): void {
    this.connection.close();
  }
}

const occurrences = (text: string, word: string) => text.split(word).length - 1;

Deno.test("Relayed terminal is told within seconds that its worker went silent, then resumes", async () => {
  await using worker = await TestServer.start();
  await using forwarder = new TcpForwarder(worker.server.port);
  await using manager = await managerWithSilentableWorker(worker, forwarder);
  await worker.tmux.newSession("wk-job");
  // The command line reads "hist-%s", its output "hist-one": history shows once, or is doubled.
  await worker.tmux.tmux("send-keys", "-t", "=wk-job:", "printf 'hist-%s\\n' one", "Enter");
  const path = "/api/hosts/w1/sessions/wk-job/terminal";

  await using term = await openTerminal(manager, path);
  await term.waitFor(() => term.screenText.includes("hist-one"), "the relayed snapshot");
  using page = new PageTerminal(manager, path);
  await page.waitFor(
    () => page.connection.state.kind === "live" && page.screen.includes("hist-one"),
    "the page's terminal to be live",
  );

  // The worker vanishes: no FIN, no bytes. The relays hear of it as soon as the host goes offline.
  forwarder.blackHole();
  const silentAt = Date.now();
  await term.waitFor(() => term.closeCode !== null, "the relayed terminal to be told", 30_000);
  const toldAfterMs = Date.now() - silentAt;
  assert.ok(toldAfterMs < TOLD_WITHIN_MS, `told after ${toldAfterMs} ms`);
  const error = term.messages.find((m) => m.type === "error");
  assert.equal(error?.type === "error" && error.code, "host_offline");
  assert.match(
    error?.type === "error" ? error.message : "",
    /^Host "w1" is unreachable: no answer to pings/,
  );
  assert.equal(term.closeCode, 1011, "the close code the page retries after");
  const offline = await hostStatus(manager, "offline");
  assert.match(offline.error ?? "", /no answer to pings/);
  await page.waitFor(
    () => page.states.some((s) => s.kind === "reconnecting" && s.code === "host_offline"),
    "the page to say the host is offline and retry",
  );
  assert.equal(page.states.some((s) => s.kind === "ended"), false, "the page keeps trying");

  // The worker answers again (its old connections stay dead): new relays stream live output.
  forwarder.restore();
  await hostStatus(manager, "online");
  await using again = await openTerminal(manager, path);
  await again.waitFor(() => again.screenText.includes("hist-one"), "a fresh snapshot");
  again.type("printf 'live-%s\\n' two\r");
  await again.waitFor(() => again.text.includes("live-two"), "live output after the return");

  // The page reconnected on its own with a fresh snapshot: history once, then live output.
  const snapshotsBefore = page.snapshots;
  await page.waitFor(
    () => page.connection.state.kind === "live" && page.screen.includes("live-two"),
    "the page's terminal to be live again",
  );
  assert.ok(page.snapshots >= snapshotsBefore);
  assert.equal(occurrences(page.screen, "hist-one"), 1, page.screen);
  assert.equal(occurrences(page.screen, "live-two"), 1, page.screen);
});

Deno.test("Manager overview shows a worker's output again after its link went silent", async () => {
  await using worker = await TestServer.start();
  await using forwarder = new TcpForwarder(worker.server.port);
  await using manager = await managerWithSilentableWorker(worker, forwarder);
  await worker.tmux.newSession("wk-thumb");
  await using overview = new OverviewClient(manager.wsUrl("/api/overview"), manager.headers);
  await overview.opened;
  await overview.waitForScreen("wk-thumb", (s) => /[#$]/.test(s), "a prompt", "w1");

  forwarder.blackHole();
  await hostStatus(manager, "offline");
  forwarder.restore();
  await hostStatus(manager, "online");
  await worker.tmux.tmux("send-keys", "-t", "=wk-thumb:", "echo after-$((1+1))", "Enter");
  await overview.waitForScreen("wk-thumb", (s) => s.includes("\nafter-2"), "new output", "w1");
});
