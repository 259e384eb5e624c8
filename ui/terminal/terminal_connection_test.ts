import assert from "node:assert/strict";
import { decodeClientFrame, encodeControl, encodeData } from "../../protocol/terminal_protocol.ts";
import { ManualTimers, SocketLog } from "../shared/_fake_socket.ts";
import { Backoff } from "../shared/backoff.ts";
import {
  TerminalConnection,
  type TerminalSink,
  type TerminalState,
} from "./terminal_connection.ts";

const decoder = new TextDecoder();

class RecordingSink implements TerminalSink {
  events: string[] = [];
  size() {
    return { cols: 100, rows: 30 };
  }
  reset() {
    this.events.push("reset");
  }
  write(bytes: Uint8Array) {
    this.events.push(`write:${decoder.decode(bytes)}`);
  }
  snapshotEnd() {
    this.events.push("snapshot-end");
  }
  title(title: string) {
    this.events.push(`title:${title}`);
  }
  renamed(session: string) {
    this.events.push(`renamed:${session}`);
  }
}

function setup() {
  const log = new SocketLog();
  const timers = new ManualTimers();
  const sink = new RecordingSink();
  const states: TerminalState[] = [];
  let name = "a";
  const connection = new TerminalConnection({
    url: () => `ws://x/api/hosts/local/sessions/${name}/terminal`,
    sink,
    onState: (state) => states.push(state),
    createSocket: log.create,
    timers,
    backoff: new Backoff({ initial: 100, jitter: 0 }),
    pingIntervalMs: 0,
  });
  return { log, timers, sink, states, connection, rename: (to: string) => (name = to) };
}

function sentMessages(frames: (string | Uint8Array)[]) {
  return frames.map((frame) => {
    assert.ok(frame instanceof Uint8Array, "only binary frames are sent");
    const decoded = decodeClientFrame(frame);
    return decoded.kind === "data" ? `data:${decoder.decode(decoded.data)}` : decoded.message;
  });
}

function serverStream(socket: SocketLog["last"], screen: string) {
  socket.serverSend(encodeControl({
    type: "ready",
    protocol: 1,
    host: "local",
    session: "a",
    paneId: "%1",
  }));
  socket.serverSend(
    encodeControl({ type: "snapshot-begin", cols: 80, rows: 24, alternate: false, title: "" }),
  );
  socket.serverSend(encodeData(new TextEncoder().encode(screen)));
  socket.serverSend(encodeControl({ type: "snapshot-end" }));
}

Deno.test("TerminalConnection says hello with the sink's size and feeds the sink", () => {
  const { log, sink, states, connection } = setup();
  connection.connect();
  const socket = log.last;
  assert.equal(socket.binaryType, "arraybuffer");
  socket.serverOpen();
  assert.deepEqual(sentMessages(socket.sent), [{ type: "hello", cols: 100, rows: 30 }]);
  serverStream(socket, "$ ");
  socket.serverSend(encodeData(new TextEncoder().encode("x")));
  socket.serverSend(encodeControl({ type: "title", title: "vim" }));
  socket.serverSend(encodeControl({ type: "renamed", session: "b" }));
  assert.deepEqual(sink.events, [
    "reset",
    "write:$ ",
    "snapshot-end",
    "write:x",
    "title:vim",
    "renamed:b",
  ]);
  assert.deepEqual(states.map((state) => state.kind), ["connecting", "live"]);
  connection.close();
});

Deno.test("TerminalConnection sends input as Data frames and control messages as Control", () => {
  const { log, connection } = setup();
  connection.connect();
  connection.sendInput(new TextEncoder().encode("lost"));
  log.last.serverOpen();
  connection.sendInput(new TextEncoder().encode('{"type":"resize"}'));
  connection.resize(120, 40);
  connection.pause();
  connection.resume();
  assert.deepEqual(sentMessages(log.last.sent).slice(1), [
    'data:{"type":"resize"}',
    { type: "resize", cols: 120, rows: 40 },
    { type: "pause" },
    { type: "resume" },
  ]);
  connection.close();
});

Deno.test("TerminalConnection splits large input into frames the server accepts", () => {
  const { log, connection } = setup();
  connection.connect();
  log.last.serverOpen();
  connection.sendInput(new Uint8Array(2.5 * 1024 * 1024));
  const sizes = log.last.sent.slice(1).map((frame) => (frame as Uint8Array).length - 1);
  assert.deepEqual(sizes, [1024 * 1024, 1024 * 1024, 512 * 1024]);
  connection.close();
});

Deno.test("TerminalConnection reconnects with back-off to the current URL and resets", () => {
  const { log, timers, sink, states, connection, rename } = setup();
  connection.connect();
  log.last.serverOpen();
  serverStream(log.last, "one");
  log.last.serverClose(1006);
  assert.deepEqual(states.at(-1), {
    kind: "reconnecting",
    attempt: 1,
    delayMs: 100,
    reason: "the server cannot be reached",
  });
  assert.deepEqual(timers.delays, [100]);
  rename("b");
  timers.runAll();
  assert.equal(log.sockets.length, 2);
  assert.equal(log.last.url, "ws://x/api/hosts/local/sessions/b/terminal");
  // A failed attempt doubles the delay.
  log.last.serverClose(1006);
  assert.deepEqual(timers.delays, [200]);
  timers.runAll();
  log.last.serverOpen();
  serverStream(log.last, "one");
  assert.deepEqual(sink.events, [
    "reset",
    "write:one",
    "snapshot-end",
    "reset",
    "write:one",
    "snapshot-end",
  ]);
  // A full snapshot resets the back-off.
  log.last.serverClose(1011);
  assert.deepEqual(timers.delays, [100]);
  connection.close();
  assert.equal(timers.pending.size, 0);
});

Deno.test("TerminalConnection stops after exit and after final close codes", () => {
  const exited = setup();
  exited.connection.connect();
  exited.log.last.serverOpen();
  exited.log.last.serverSend(encodeControl({ type: "exit", reason: "session ended" }));
  exited.log.last.serverClose(1000);
  assert.deepEqual(exited.states.at(-1), { kind: "ended", reason: "session ended" });
  assert.equal(exited.timers.pending.size, 0);

  const missing = setup();
  missing.connection.connect();
  missing.log.last.serverOpen();
  missing.log.last.serverSend(
    encodeControl({ type: "error", code: "not_found", message: 'Session "a" not found' }),
  );
  missing.log.last.serverClose(4404);
  assert.deepEqual(missing.states.at(-1), {
    kind: "ended",
    reason: 'Session "a" not found',
    code: "not_found",
  });
  assert.equal(missing.timers.pending.size, 0);
});

Deno.test("TerminalConnection close cancels a pending reconnect", () => {
  const { log, timers, connection } = setup();
  connection.connect();
  log.last.serverClose(1006);
  assert.equal(timers.pending.size, 1);
  connection.close();
  assert.equal(timers.pending.size, 0);
  timers.runAll();
  assert.equal(log.sockets.length, 1);
});

Deno.test("TerminalConnection pings and reconnects when nothing is heard", () => {
  const log = new SocketLog();
  const timers = new ManualTimers();
  const states: TerminalState[] = [];
  const connection = new TerminalConnection({
    url: () => "ws://x/t",
    sink: new RecordingSink(),
    onState: (state) => states.push(state),
    createSocket: log.create,
    timers,
    backoff: new Backoff({ initial: 100, jitter: 0 }),
    pingIntervalMs: 1,
  });
  connection.connect();
  log.last.serverOpen();
  timers.runAll();
  assert.deepEqual(sentMessages(log.last.sent).at(-1), { type: "ping" });
  const start = Date.now();
  while (Date.now() - start < 5) { /* let 2.5 intervals pass */ }
  timers.runAll();
  assert.equal(log.sockets[0]?.closedWith, 4000);
  assert.equal(states.at(-1)?.kind, "reconnecting");
  connection.close();
});

Deno.test("TerminalConnection keeps reconnecting with growing delays while the host is offline", () => {
  const { log, timers, sink, states, connection } = setup();
  const hostOffline = (message: string) => {
    log.last.serverOpen();
    log.last.serverSend(encodeControl({ type: "error", code: "host_offline", message }));
    log.last.serverClose(1011, message);
  };
  connection.connect();
  log.last.serverOpen();
  serverStream(log.last, "one");
  hostOffline('Host "w1" went away');
  assert.deepEqual(states.at(-1), {
    kind: "reconnecting",
    attempt: 1,
    delayMs: 100,
    reason: 'Host "w1" went away',
    code: "host_offline",
  });
  // Each refused attempt waits longer: no hammering a host that is down.
  const delays = [timers.delays[0]];
  for (let i = 0; i < 3; i++) {
    timers.runAll();
    hostOffline('Host "w1" is unreachable: Connection refused');
    delays.push(timers.delays[0]);
  }
  assert.deepEqual(delays, [100, 200, 400, 800]);
  assert.deepEqual(states.at(-1), {
    kind: "reconnecting",
    attempt: 4,
    delayMs: 800,
    reason: 'Host "w1" is unreachable: Connection refused',
    code: "host_offline",
  });
  // The host is back: a fresh snapshot repaints the terminal and resets the back-off.
  timers.runAll();
  log.last.serverOpen();
  serverStream(log.last, "two");
  assert.equal(states.at(-1)?.kind, "live");
  assert.deepEqual(sink.events.slice(-3), ["reset", "write:two", "snapshot-end"]);
  log.last.serverClose(1006);
  assert.deepEqual(timers.delays, [100]);
  assert.equal("code" in (states.at(-1) ?? {}), false, "a plain drop carries no error code");
  connection.close();
});

Deno.test("TerminalConnection reconnectNow revives an ended stream and skips a pending wait", () => {
  const { log, timers, states, connection } = setup();
  connection.connect();
  log.last.serverOpen();
  log.last.serverSend(encodeControl({ type: "exit", reason: "closed" }));
  log.last.serverClose(1000);
  assert.deepEqual(states.at(-1), { kind: "ended", reason: "closed" });
  connection.reconnectNow();
  assert.equal(log.sockets.length, 2);
  assert.equal(states.at(-1)?.kind, "connecting");
  log.last.serverClose(1006);
  assert.equal(timers.pending.size, 1);
  connection.reconnectNow();
  assert.equal(timers.pending.size, 0, "the pending retry is cancelled");
  assert.equal(log.sockets.length, 3);
  connection.close();
  connection.reconnectNow();
  assert.equal(log.sockets.length, 3, "nothing after close");
});

Deno.test("TerminalConnection says whether input was sent", () => {
  const { log, connection } = setup();
  connection.connect();
  assert.equal(connection.sendInput(new Uint8Array([0x61])), false);
  log.last.serverOpen();
  assert.equal(connection.sendInput(new Uint8Array([0x61])), true);
  log.last.serverClose(1006);
  assert.equal(connection.sendInput(new Uint8Array([0x62])), false);
  connection.close();
});
