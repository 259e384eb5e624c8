/**
 * Browser tests of `<terminal-view>` against a scripted terminal socket (Playwright's
 * routeWebSocket stands in for the server), for orderings a real server makes hard to force:
 * back-to-back snapshots, dropped connections, exit, floods, and copy/paste.
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { WebSocketRoute } from "playwright-core";
import {
  type ClientMessage,
  decodeClientFrame,
  encodeControl,
  encodeData,
  type ServerMessage,
} from "../../protocol/terminal_protocol.ts";
import { Dashboard } from "./harness.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One scripted terminal socket: what the page sent, and helpers to answer it. */
class ScriptedSocket {
  readonly received: (ClientMessage | string)[] = [];
  #waiters: (() => void)[] = [];

  constructor(readonly route: WebSocketRoute) {
    route.onMessage((message) => {
      if (typeof message === "string") {
        this.received.push(`text:${message}`);
      } else {
        const frame = decodeClientFrame(new Uint8Array(message));
        this.received.push(
          frame.kind === "data" ? `data:${decoder.decode(frame.data)}` : frame.message,
        );
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  control(message: ServerMessage): void {
    this.route.send(Buffer.from(encodeControl(message)));
  }

  data(text: string | Uint8Array): void {
    this.route.send(
      Buffer.from(encodeData(typeof text === "string" ? encoder.encode(text) : text)),
    );
  }

  snapshot(screen: string): void {
    this.control({ type: "snapshot-begin", cols: 80, rows: 24, alternate: false, title: "" });
    this.data(screen);
    this.control({ type: "snapshot-end" });
  }

  ready(): void {
    this.control({ type: "ready", protocol: 2, host: "local", session: "mock", paneId: "%1" });
  }

  async waitFor(
    predicate: (received: (ClientMessage | string)[]) => boolean,
    what: string,
  ): Promise<void> {
    // Generous: parsing an 8 MB flood into 50,000 lines of scrollback takes headless Chromium
    // about 15 s on these machines (the flood test), most of it filling the scrollback.
    const deadline = Date.now() + 40_000;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}; received ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

/** A dashboard whose terminal sockets are scripted; `next()` resolves to each new socket. */
async function scripted(options: { clipboard?: boolean } = {}) {
  const dashboard = await Dashboard.start();
  if (options.clipboard) {
    await dashboard.context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: dashboard.origin,
    });
  }
  const sockets: ScriptedSocket[] = [];
  let wake: (() => void) | null = null;
  await dashboard.page.routeWebSocket(/\/terminal$/, (route) => {
    sockets.push(new ScriptedSocket(route));
    wake?.();
  });
  const next = async (index: number): Promise<ScriptedSocket> => {
    // Generous: parsing an 8 MB flood into 50,000 lines of scrollback takes headless Chromium
    // about 15 s on these machines (the flood test), most of it filling the scrollback.
    const deadline = Date.now() + 40_000;
    while (sockets[index] === undefined) {
      if (Date.now() > deadline) throw new Error(`No terminal socket #${index + 1} was opened`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return sockets[index] as ScriptedSocket;
  };
  await dashboard.createSession("mock");
  await dashboard.page.getByRole("treeitem", { name: /^mock,/ }).click();
  return { dashboard, next, sockets };
}

function isHello(message: ClientMessage | string | undefined): boolean {
  return typeof message === "object" && message.type === "hello";
}

Deno.test("Terminal view says hello with its size, then sends typing as Data frames", async () => {
  const { dashboard, next } = await scripted();
  await using _ = dashboard;
  const socket = await next(0);
  await socket.waitFor((r) => r.length > 0, "hello");
  const hello = socket.received[0];
  assert.ok(isHello(hello), JSON.stringify(hello));
  assert.ok(
    typeof hello === "object" && hello.type === "hello" && hello.cols > 20 && hello.rows > 5,
  );
  socket.ready();
  socket.snapshot("$ ");
  await dashboard.waitForLive();
  await dashboard.page.keyboard.type('{"type":"resize"}');
  await dashboard.page.keyboard.press("Enter");
  await socket.waitFor((r) => r.join("").includes("\r"), "Enter");
  const typed = socket.received.filter((m): m is string => typeof m === "string").map((m) =>
    m.slice("data:".length)
  ).join("");
  assert.equal(typed, '{"type":"resize"}\r');
  assert.ok(!socket.received.some((m) => typeof m === "string" && m.startsWith("text:")));
});

Deno.test("Terminal view paints each snapshot on a clean screen even when snapshots arrive back to back", async () => {
  const { dashboard, next } = await scripted();
  await using _ = dashboard;
  const socket = await next(0);
  await socket.waitFor((r) => isHello(r[0]), "hello");
  socket.ready();
  // Large enough that xterm.js is still parsing the first when the next begins.
  const filler = "x".repeat(70) + "\r\n";
  for (let i = 0; i < 5; i++) socket.snapshot(`${filler.repeat(200)}snapshot ${i}\r\n$ `);
  await dashboard.waitForTerminal((t) => t.includes("snapshot 4"), "the last snapshot");
  await new Promise((resolve) => setTimeout(resolve, 200));
  const text = await dashboard.terminalText();
  for (let i = 0; i < 4; i++) assert.ok(!text.includes(`snapshot ${i}`), `snapshot ${i} is gone`);
  assert.equal(text.split("\n").filter((line) => line === "x".repeat(70)).length, 200);
});

Deno.test("Terminal view reconnects with back-off after a drop and repaints from the new snapshot", async () => {
  const { dashboard, next } = await scripted();
  await using _ = dashboard;
  const page = dashboard.page;
  const first = await next(0);
  await first.waitFor((r) => isHello(r[0]), "hello");
  first.ready();
  first.snapshot("$ echo one\r\none\r\n$ ");
  await dashboard.waitForLive();
  await dashboard.waitForTerminal((t) => t.includes("one"), "one");
  await first.route.close({ code: 1011, reason: "server restarted" });
  await page.locator('terminal-view[active][data-state="reconnecting"]').waitFor();
  await page.getByRole("status").filter({ hasText: "Reconnecting" }).waitFor();
  const second = await next(1);
  await second.waitFor((r) => isHello(r[0]), "hello again");
  second.ready();
  second.snapshot("$ echo one\r\none\r\n$ echo two\r\ntwo\r\n$ ");
  await dashboard.waitForLive();
  const text = await dashboard.waitForTerminal((t) => t.includes("two"), "two");
  assert.equal(text.split("\n").filter((line) => line === "one").length, 1, text);
});

Deno.test("Terminal view shows why the session ended and does not reconnect", async () => {
  const { dashboard, next, sockets } = await scripted();
  await using _ = dashboard;
  const page = dashboard.page;
  const socket = await next(0);
  await socket.waitFor((r) => isHello(r[0]), "hello");
  socket.ready();
  socket.snapshot("$ exit\r\n");
  socket.control({ type: "exit", reason: "The session ended" });
  await socket.route.close({ code: 1000 });
  await page.locator('terminal-view[active][data-state="ended"]').waitFor();
  await page.getByRole("status").filter({ hasText: "Ended: The session ended" }).waitFor();
  await new Promise((resolve) => setTimeout(resolve, 800));
  assert.equal(sockets.length, 1);
  await page.getByRole("button", { name: "Close" }).click();
  await page.locator("terminal-view").waitFor({ state: "detached" });
});

Deno.test("Terminal view pauses a flood above the high-water mark and resumes once parsed", async () => {
  const { dashboard, next } = await scripted();
  await using _ = dashboard;
  const socket = await next(0);
  await socket.waitFor((r) => isHello(r[0]), "hello");
  socket.ready();
  socket.snapshot("$ ");
  const chunk = encoder.encode(`${"y".repeat(99)}\n`.repeat(640)); // 64 KB
  for (let i = 0; i < 128; i++) socket.data(chunk); // 8 MB
  socket.data("\r\nflood-done\r\n");
  await socket.waitFor(
    (r) => r.some((m) => typeof m === "object" && m.type === "resume"),
    "pause then resume",
  );
  const flow = socket.received.filter((m) =>
    typeof m === "object" && (m.type === "pause" || m.type === "resume")
  ).map((m) => (m as ClientMessage).type);
  assert.equal(flow[0], "pause");
  assert.equal(flow.at(-1), "resume");
  await dashboard.waitForTerminal((t) => t.includes("flood-done"), "the end of the flood");
});

Deno.test("Terminal view copies a selection with Ctrl+Shift+C and pastes with Ctrl+Shift+V", async () => {
  const { dashboard, next } = await scripted({ clipboard: true });
  await using _ = dashboard;
  const page = dashboard.page;
  const socket = await next(0);
  await socket.waitFor((r) => isHello(r[0]), "hello");
  socket.ready();
  socket.snapshot("$ echo copyme\r\ncopyme\r\n$ ");
  await dashboard.waitForLive();
  await dashboard.waitForTerminal((t) => t.includes("copyme"), "copyme");

  // Double-click selects the word under the pointer; the second row holds "copyme".
  const box = await page.locator("terminal-view[active] .xterm-screen").boundingBox();
  assert.ok(box);
  const hello = socket.received[0] as Extract<ClientMessage, { type: "hello" }>;
  const cellHeight = box.height / hello.rows;
  await page.mouse.dblclick(box.x + 20, box.y + cellHeight * 1.5);
  await page.keyboard.press("Control+Shift+C");
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) === "copyme");
  assert.ok(
    !socket.received.some((m) => typeof m === "string" && m.startsWith("data:")),
    "the copy shortcut typed nothing",
  );

  await page.evaluate(() => navigator.clipboard.writeText("pasted text"));
  await page.keyboard.press("Control+Shift+V");
  await socket.waitFor((r) => r.join("").includes("pasted text"), "the paste");
  const sent = socket.received.filter((m): m is string => typeof m === "string").join("");
  assert.ok(!sent.includes("\x16"), "the paste shortcut is not sent as ^V");
});
