import assert from "node:assert/strict";
import { STREAM_CLOSED_REASON } from "../tmux/mod.ts";
import { decodeFrame, type ServerMessage } from "../protocol/terminal_protocol.ts";
import {
  type FrameSocket,
  MAX_COALESCED_BYTES,
  STALE_LIMIT_BYTES,
  TerminalViewer,
} from "./terminal_viewer.ts";

/** A socket whose send buffer only drains when the test says so. */
class FakeSocket implements FrameSocket {
  frames: Uint8Array[] = [];
  bufferedAmount = 0;
  closed: { code?: number; reason?: string } | null = null;
  /** When false, sent bytes stay "buffered" until drain(). */
  fast = true;
  send(frame: Uint8Array): void {
    this.frames.push(frame);
    if (!this.fast) this.bufferedAmount += frame.length;
  }
  close(code?: number, reason?: string): void {
    this.closed = {
      ...(code !== undefined ? { code } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }
  drain(): void {
    this.bufferedAmount = 0;
  }
  get messages(): ServerMessage[] {
    return this.frames.map((f) => decodeFrame<ServerMessage>(f)).flatMap((f) =>
      f.kind === "control" ? [f.message] : []
    );
  }
  count(type: ServerMessage["type"]): number {
    return this.messages.filter((m) => m.type === type).length;
  }
  get dataFrames(): Uint8Array[] {
    return this.frames.map((f) => decodeFrame(f)).flatMap((f) => f.kind === "data" ? [f.data] : []);
  }
}

const snapshot = {
  paneId: "%0",
  cols: 80,
  rows: 24,
  alternate: false,
  title: "t",
  data: new TextEncoder().encode("screen"),
};
const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill);
const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("TerminalViewer sends nothing before the snapshot, then output at once when idle", () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.output(bytes(5));
  assert.equal(socket.frames.length, 0);
  viewer.snapshot(snapshot);
  assert.deepEqual(socket.messages.map((m) => m.type), ["snapshot-begin", "snapshot-end"]);
  viewer.output(bytes(3));
  // Latency first: an idle socket gets the output synchronously, no timer involved.
  assert.equal(socket.dataFrames.at(-1)?.length, 3);
});

Deno.test("TerminalViewer coalesces output while a send is in flight", async () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.snapshot(snapshot);
  socket.fast = false;
  viewer.output(bytes(10)); // goes out at once; now the socket is busy
  const before = socket.frames.length;
  for (let i = 0; i < 100; i++) viewer.output(bytes(1000));
  assert.equal(socket.frames.length, before, "held while the socket is busy");
  socket.drain();
  await tick();
  socket.drain();
  await tick();
  socket.drain();
  await tick();
  const sent = socket.dataFrames.slice(2).map((f) => f.length); // after snapshot data + first
  assert.equal(sent.reduce((a, b) => a + b, 0), 100_000);
  assert.ok(sent.every((n) => n <= MAX_COALESCED_BYTES));
  assert.ok(sent.length <= 3, `coalesced into few frames, got ${sent.length}`);
});

Deno.test("TerminalViewer bounds a stalled viewer's buffer, goes stale, and resyncs after drain", async () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  let resyncs = 0;
  viewer.requestResync = () => resyncs++;
  viewer.snapshot(snapshot);
  socket.fast = false;
  for (let i = 0; i < 1000; i++) {
    viewer.output(bytes(16 * 1024));
    assert.ok(viewer.pendingBytes <= STALE_LIMIT_BYTES, "never holds more than the bound");
  }
  assert.equal(viewer.state, "stale");
  assert.equal(viewer.pendingBytes, 0);
  assert.ok(socket.messages.some((m) => m.type === "stale"));
  await tick(50);
  assert.equal(resyncs, 0, "no resync while the socket is still full");
  socket.drain();
  await tick(50);
  assert.equal(resyncs, 1);
  // Output is dropped until the fresh snapshot arrives, then flows again.
  const framesBefore = socket.frames.length;
  viewer.output(bytes(4));
  assert.equal(socket.frames.length, framesBefore);
  socket.fast = true;
  viewer.snapshot(snapshot);
  viewer.output(bytes(4));
  assert.equal(socket.dataFrames.at(-1)?.length, 4);
});

Deno.test("TerminalViewer holds output while the page pauses it and flushes on resume", async () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.snapshot(snapshot);
  viewer.pause();
  viewer.output(bytes(100));
  viewer.output(bytes(100));
  const count = socket.frames.length;
  await tick();
  assert.equal(socket.frames.length, count);
  viewer.resume();
  await tick();
  assert.equal(socket.dataFrames.at(-1)?.length, 200);
});

Deno.test("TerminalViewer tells the socket why the session ended and closes it", () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.snapshot(snapshot);
  viewer.end("the session ended");
  assert.deepEqual(socket.messages.at(-1), { type: "exit", reason: "the session ended" });
  assert.equal(socket.closed?.code, 1000);
});

Deno.test("TerminalViewer tells the page Maestro is stopping (1001), not that the session ended", () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.snapshot(snapshot);
  viewer.end(STREAM_CLOSED_REASON);
  const last = socket.messages.at(-1);
  assert.equal(last?.type === "error" ? last.code : last?.type, "server_stopping");
  assert.equal(socket.closed?.code, 1001);
  assert.ok(!socket.messages.some((m) => m.type === "exit"));
});

Deno.test("TerminalViewer frames a chunk or a snapshot once for all viewers of a stream", () => {
  const a = new FakeSocket();
  const b = new FakeSocket();
  using first = new TerminalViewer(a);
  using second = new TerminalViewer(b);
  const big = { ...snapshot, data: bytes(MAX_COALESCED_BYTES + 10, 0x73) };
  for (const viewer of [first, second]) viewer.snapshot(big);
  assert.equal(a.frames.length, 4);
  for (const i of [1, 2]) assert.equal(a.frames[i], b.frames[i], "the same Data frame object");
  const chunk = bytes(7, 0x62);
  for (const viewer of [first, second]) viewer.output(chunk);
  assert.equal(a.frames.at(-1), b.frames.at(-1));
  assert.deepEqual(a.dataFrames.at(-1), chunk);
  // The next chunk gets its own frame: nothing sent earlier changes.
  for (const viewer of [first, second]) viewer.output(bytes(3, 0x63));
  assert.deepEqual(a.dataFrames.slice(-2), [chunk, bytes(3, 0x63)]);
  assert.deepEqual(b.dataFrames, a.dataFrames);
});

Deno.test("TerminalViewer keeps only the latest snapshot while the socket is busy", async () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  const keyframe = (text: string) => ({ ...snapshot, data: new TextEncoder().encode(text) });
  viewer.snapshot(keyframe("first"));
  socket.fast = false;
  viewer.output(bytes(10)); // out at once; the socket is busy from now on
  // A flood's keyframes arrive faster than this socket drains: none of them queues up.
  for (let i = 0; i < 50; i++) viewer.snapshot(keyframe(`frame-${i}`));
  viewer.output(bytes(5, 0x7a));
  assert.equal(socket.count("snapshot-begin"), 1, "held, not sent");
  socket.drain();
  socket.fast = true;
  await tick();
  assert.equal(socket.count("snapshot-begin"), 2);
  const text = socket.dataFrames.map((f) => new TextDecoder().decode(f));
  assert.deepEqual(text.slice(-2), ["frame-49", "zzzzz"], "the latest keyframe, then output");
});

Deno.test("TerminalViewer holds a snapshot while the page pauses it, sends it on resume", async () => {
  const socket = new FakeSocket();
  using viewer = new TerminalViewer(socket);
  viewer.snapshot(snapshot);
  viewer.pause();
  viewer.snapshot({ ...snapshot, data: new TextEncoder().encode("newer") });
  viewer.output(bytes(3));
  await tick();
  assert.equal(socket.count("snapshot-begin"), 1);
  viewer.resume();
  await tick();
  assert.equal(socket.count("snapshot-begin"), 2);
  assert.deepEqual(socket.dataFrames.slice(-2), [new TextEncoder().encode("newer"), bytes(3)]);
});
