import assert from "node:assert/strict";
import { ManualTimers, SocketLog } from "../shared/_fake_socket.ts";
import { Backoff } from "../shared/backoff.ts";
import { OverviewConnection, type OverviewState, type Thumbnail } from "./overview_connection.ts";

const thumb = (name: string, screen = name): Thumbnail => ({
  host: "local",
  name,
  cols: 80,
  rows: 24,
  screen,
});
const message = (thumbnails: Thumbnail[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: "overview", thumbnails, removed: [], omitted: 0, ...extra });

Deno.test("OverviewConnection mirrors thumbnails and keeps them across a reconnect", () => {
  const log = new SocketLog();
  const timers = new ManualTimers();
  const changes: string[][] = [];
  const states: OverviewState[] = [];
  using overview = new OverviewConnection({
    url: "ws://x/api/overview",
    onChange: (change) =>
      changes.push([
        ...change.updated.map((t) => `+${t.name}`),
        ...change.removed.map((r) => `-${r.name}`),
      ]),
    onState: (state) => states.push(state),
    createSocket: log.create,
    timers,
    backoff: new Backoff({ initial: 100, jitter: 0 }),
  });
  overview.connect();
  log.last.serverOpen();
  log.last.serverSend(message([thumb("a"), thumb("b")], { reset: true, synced: true }));
  log.last.serverSend("garbage");
  log.last.serverSend(message([thumb("a", "new")]));
  assert.deepEqual(changes, [["+a", "+b"], ["+a"]]);
  assert.equal(overview.get({ host: "local", name: "a" })?.screen, "new");

  // The link drops: the thumbnails stay while it reconnects.
  log.last.serverClose(1006);
  assert.equal(overview.get({ host: "local", name: "b" })?.screen, "b");
  assert.deepEqual(timers.delays, [100]);
  timers.runAll();
  log.last.serverOpen();
  log.last.serverSend(message([thumb("a", "again")], { reset: true, omitted: 2 }));
  assert.ok(overview.get({ host: "local", name: "b" }), "b stays until the state is complete");
  log.last.serverSend(message([], { synced: true, omitted: 2 }));
  assert.deepEqual(changes.at(-1), ["-b"]);
  assert.equal(overview.get({ host: "local", name: "b" }), undefined);
  assert.equal(overview.omitted, 2);
  assert.deepEqual(states, ["connecting", "live", "reconnecting", "live"]);

  overview.close();
  assert.equal(log.last.closedWith, 1000);
  assert.equal(timers.pending.size, 0);
});

Deno.test("OverviewConnection suspends without losing its thumbnails and resumes", () => {
  const log = new SocketLog();
  const timers = new ManualTimers();
  using overview = new OverviewConnection({
    url: "ws://x/api/overview",
    onChange: () => {},
    createSocket: log.create,
    timers,
  });
  overview.connect();
  log.last.serverOpen();
  log.last.serverSend(message([thumb("a")], { reset: true, synced: true }));
  overview.suspend();
  assert.equal(log.last.closedWith, 1000);
  assert.equal(overview.state, "closed");
  assert.equal(timers.pending.size, 0, "a suspended link does not reconnect by itself");
  assert.equal(overview.get({ host: "local", name: "a" })?.screen, "a");
  overview.resume();
  assert.equal(log.sockets.length, 2);
  log.last.serverOpen();
  log.last.serverSend(message([], { reset: true, synced: true }));
  assert.equal(overview.get({ host: "local", name: "a" }), undefined);
});
