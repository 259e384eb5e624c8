import assert from "node:assert/strict";
import { type OverviewMessage, type Thumbnail } from "../../protocol/overview_protocol.ts";
import { OverviewSender, type TextSocket } from "./overview_sender.ts";

/** A socket whose buffer only drains when the test says so. */
class SlowSocket implements TextSocket {
  sent: OverviewMessage[] = [];
  bufferedAmount = 0;
  stuck = false;
  send(text: string): void {
    this.sent.push(JSON.parse(text));
    if (this.stuck) this.bufferedAmount += text.length;
  }
}

const thumb = (name: string, screen = `screen of ${name}`): Thumbnail => ({
  host: "local",
  name,
  cols: 80,
  rows: 24,
  screen,
});
const update = (thumbnails: Thumbnail[], settled = true, removed: Thumbnail[] = []) => ({
  thumbnails,
  removed: removed.map(({ host, name }) => ({ host, name })),
  omitted: 0,
  settled,
});
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("OverviewSender sends at once, the first message resets and the complete state syncs", () => {
  const socket = new SlowSocket();
  using sender = new OverviewSender(socket);
  sender.push(update([thumb("a")], false));
  assert.equal(socket.sent.length, 1);
  assert.equal(socket.sent[0]?.reset, true);
  assert.equal(socket.sent[0]?.synced, undefined, "not complete yet");
  // The service became complete with nothing new: an empty message says so.
  sender.push(update([], true));
  assert.equal(socket.sent.length, 2);
  assert.deepEqual(socket.sent[1], {
    type: "overview",
    thumbnails: [],
    removed: [],
    omitted: 0,
    synced: true,
  });
  // From then on only changes, and nothing when nothing changed.
  sender.push(update([], true));
  assert.equal(socket.sent.length, 2);
  sender.push(update([thumb("b")], true, [thumb("a")]));
  assert.deepEqual(socket.sent[2]?.thumbnails.map((t) => t.name), ["b"]);
  assert.deepEqual(socket.sent[2]?.removed, [{ host: "local", name: "a" }]);
});

Deno.test("OverviewSender keeps only the latest screen per session while the page is slow", async () => {
  const socket = new SlowSocket();
  using sender = new OverviewSender(socket, { highWaterBytes: 100, pollMs: 5 });
  sender.push(update([thumb("a")]));
  socket.stuck = true;
  sender.push(update([thumb("big", "x".repeat(200))]));
  assert.equal(socket.sent.length, 2);
  // The socket is now over its high-water mark: changes wait, merged per session.
  for (let i = 0; i < 50; i++) {
    sender.push(update([thumb("a", `frame ${i}`), thumb("b", `b ${i}`)]));
  }
  sender.push(update([], true, [thumb("b")]));
  assert.equal(socket.sent.length, 2);
  assert.equal(sender.pendingCount, 2, "bounded by the number of sessions, not of changes");
  await tick(20);
  assert.equal(socket.sent.length, 2, "still behind: still waiting");
  socket.bufferedAmount = 0;
  socket.stuck = false;
  await tick(20);
  assert.equal(socket.sent.length, 3);
  assert.deepEqual(socket.sent[2]?.thumbnails.map((t) => t.screen), ["frame 49"]);
  assert.deepEqual(socket.sent[2]?.removed.map((r) => r.name), ["b"]);
});

Deno.test("OverviewSender splits a large state into messages of bounded size", async () => {
  const socket = new SlowSocket();
  using sender = new OverviewSender(socket, { maxMessageBytes: 2500 });
  const many = Array.from({ length: 10 }, (_, i) => thumb(`s${i}`, "y".repeat(1000)));
  sender.push(update(many, true));
  // The parts go out one timer turn apart; a loaded machine may take longer than a few ms.
  for (let waited = 0; socket.sent.length < 5 && waited < 2000; waited += 10) await tick(10);
  await tick(10);
  assert.equal(socket.sent.length, 5);
  assert.ok(socket.sent.every((m) => m.thumbnails.length === 2));
  assert.deepEqual(socket.sent.map((m) => [m.reset ?? false, m.synced ?? false]), [
    [true, false],
    [false, false],
    [false, false],
    [false, false],
    [false, true],
  ]);
});

Deno.test("OverviewSender stops sending once disposed", () => {
  const socket = new SlowSocket();
  const sender = new OverviewSender(socket);
  sender[Symbol.dispose]();
  sender.push(update([thumb("a")]));
  assert.equal(socket.sent.length, 0);
});
