import assert from "node:assert/strict";
import { ManualTimers, SocketLog } from "../shared/_fake_socket.ts";
import { Backoff } from "../shared/backoff.ts";
import { EventsConnection, type EventsState } from "./events_connection.ts";
import type { SessionList } from "../shared/types.ts";

Deno.test("EventsConnection delivers session lists and reconnects with back-off", () => {
  const log = new SocketLog();
  const timers = new ManualTimers();
  const lists: SessionList[] = [];
  const states: EventsState[] = [];
  const events = new EventsConnection({
    url: "ws://x/api/events",
    onSessions: (list) => lists.push(list),
    onState: (state) => states.push(state),
    createSocket: log.create,
    timers,
    backoff: new Backoff({ initial: 100, jitter: 0 }),
  });
  events.connect();
  log.last.serverOpen();
  log.last.serverSend(JSON.stringify({ type: "sessions", sessions: [], hosts: [] }));
  log.last.serverSend("not json");
  log.last.serverSend(JSON.stringify({ type: "other" }));
  assert.equal(lists.length, 1);
  log.last.serverClose(1006);
  assert.deepEqual(timers.delays, [100]);
  timers.runAll();
  log.last.serverClose(1006);
  assert.deepEqual(timers.delays, [200]);
  timers.runAll();
  assert.equal(log.sockets.length, 3);
  log.last.serverOpen();
  assert.deepEqual(states, ["connecting", "live", "reconnecting", "live"]);
  events.close();
  assert.equal(log.last.closedWith, 1000);
  assert.equal(timers.pending.size, 0);
  assert.equal(states.at(-1), "closed");
});

Deno.test("EventsConnection delivers the muted list", () => {
  const log = new SocketLog();
  const muted: unknown[] = [];
  const events = new EventsConnection({
    url: "ws://x/api/events",
    onSessions: () => {},
    onMuted: (list) => muted.push(list),
    createSocket: log.create,
    timers: new ManualTimers(),
  });
  events.connect();
  log.last.serverOpen();
  log.last.serverSend(JSON.stringify({ type: "muted", muted: [{ host: "local", name: "a" }] }));
  log.last.serverSend(JSON.stringify({ type: "muted", muted: "nope" }));
  log.last.serverSend(JSON.stringify({ type: "muted", muted: [] }));
  assert.deepEqual(muted, [[{ host: "local", name: "a" }], []]);
  events.close();
});
