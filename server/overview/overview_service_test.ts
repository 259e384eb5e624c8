import assert from "node:assert/strict";
import type { Capture, ScreenResults } from "../../tmux/mod.ts";
import { nullLogger } from "../logger.ts";
import type { SessionsSnapshot } from "../session_monitor.ts";
import type { HostView, SessionView } from "../session_view.ts";
import type { OverviewMessage } from "../../protocol/overview_protocol.ts";
import type { OverviewUpdate } from "./overview_sender.ts";
import { OverviewService } from "./overview_service.ts";
import type { MessageLink } from "./remote_overview_link.ts";

class FakeSessions {
  listener: ((snapshot: SessionsSnapshot) => void) | null = null;
  listens = 0;
  listen(listener: (snapshot: SessionsSnapshot) => void): () => void {
    this.listens++;
    this.listener = listener;
    return () => (this.listener = null);
  }
  emit(sessions: SessionView[], hosts: HostView[] = []): void {
    this.listener?.({ sessions, hosts: [local, ...hosts] });
  }
}

/** Screens by session id (`session("a")` has the id "$a"); `calls` records the ids asked. */
class FakeScreens {
  calls: string[][] = [];
  screens = new Map<string, string>();
  captureScreens(ids: readonly string[]): Promise<ScreenResults> {
    this.calls.push([...ids]);
    const results: ScreenResults = new Map();
    for (const id of ids) {
      const text = this.screens.get(id);
      const capture: Capture = {
        text: text ?? "",
        cols: 80,
        rows: 24,
        cursorX: 0,
        cursorY: 0,
        alternate: false,
        historySize: 0,
      };
      results.set(id, text === undefined ? null : capture);
    }
    return Promise.resolve(results);
  }
}

const local: HostView = {
  id: "local",
  name: "here",
  status: "online",
  lastSeen: 0,
  sessionCount: 0,
};

function session(name: string, activity = 1, host = "local"): SessionView {
  return {
    host,
    name,
    id: `$${name}`,
    windows: 1,
    created: 0,
    activity,
    attached: 0,
    cwd: "/",
    command: "sh",
    title: "",
    status: "idle",
    group: [name],
    paneId: `%${name}`,
    cols: 80,
    rows: 24,
  };
}

function collect() {
  const updates: OverviewUpdate[] = [];
  return {
    updates,
    listener: (update: OverviewUpdate) => void updates.push(update),
    names: () => updates.flatMap((u) => u.thumbnails.map((t) => `${t.host}/${t.name}`)),
  };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await tick(5);
  assert.ok(condition(), what);
}

Deno.test("OverviewService works only while someone listens", async () => {
  const sessions = new FakeSessions();
  const screens = new FakeScreens();
  screens.screens.set("$a", "$ a\n").set("$b", "$ b\n");
  await using service = new OverviewService({
    sessions,
    screens,
    logger: nullLogger,
    minIntervalMs: 10,
  });
  assert.equal(sessions.listens, 0, "nothing runs before anyone listens");
  const page = collect();
  const unsubscribe = service.subscribe(page.listener);
  assert.equal(page.updates[0]?.settled, false);
  sessions.emit([session("a"), session("b")]);
  await until(() => page.names().length === 2, "both thumbnails");
  assert.deepEqual(screens.calls, [["$a", "$b"]], "one batch for both");
  await until(() => page.updates.at(-1)?.settled === true, "the state to be complete");

  // A second page gets the current state at once, without new captures.
  const second = collect();
  const unsubscribeSecond = service.subscribe(second.listener);
  assert.deepEqual(second.names().sort(), ["local/a", "local/b"]);
  assert.equal(second.updates[0]?.settled, true);
  unsubscribeSecond();

  unsubscribe();
  assert.equal(service.active, false);
  assert.equal(sessions.listener, null, "the session list is not polled for nobody");
  const batches = service.batches;
  await tick(50);
  assert.equal(service.batches, batches, "no captures once nobody listens");
});

Deno.test("OverviewService captures only changed sessions and sends only changed screens", async () => {
  const sessions = new FakeSessions();
  const screens = new FakeScreens();
  screens.screens.set("$a", "$ a\n").set("$b", "$ b\n");
  let now = 100_000;
  await using service = new OverviewService({
    sessions,
    screens,
    logger: nullLogger,
    minIntervalMs: 10,
    now: () => now,
  });
  const page = collect();
  const unsubscribe = service.subscribe(page.listener);
  sessions.emit([session("a", 50), session("b", 50)]);
  await until(() => page.names().length === 2, "both thumbnails");
  screens.calls = [];
  // New output in a (activity changed), same screen text in b though its title changed.
  now += 5000;
  screens.screens.set("$a", "$ a\nmore\n");
  sessions.emit([session("a", 104), { ...session("b", 50), title: "new title" }]);
  await until(() => page.names().length === 3, "a's new screen");
  assert.deepEqual(screens.calls.flat().sort(), ["$a", "$b"]);
  assert.deepEqual(page.names(), ["local/a", "local/b", "local/a"], "b's screen did not change");
  // A session gone from the list is removed.
  sessions.emit([session("a", 104)]);
  assert.deepEqual(page.updates.at(-1)?.removed, [{ host: "local", name: "b" }]);
  unsubscribe();
});

Deno.test("OverviewService holds at most maxSessions thumbnails and says how many it left out", async () => {
  const sessions = new FakeSessions();
  const screens = new FakeScreens();
  for (const name of ["a", "b", "c"]) screens.screens.set(`$${name}`, name);
  await using service = new OverviewService({
    sessions,
    screens,
    logger: nullLogger,
    maxSessions: 2,
  });
  const page = collect();
  const unsubscribe = service.subscribe(page.listener);
  sessions.emit([session("a"), session("b"), session("c")]);
  await until(() => page.names().length === 2, "two thumbnails");
  await tick(20);
  assert.deepEqual(page.names(), ["local/a", "local/b"]);
  assert.equal(page.updates.at(-1)?.omitted, 1);
  assert.deepEqual(screens.calls.flat(), ["$a", "$b"], "the left-out session is never captured");
  unsubscribe();
});

Deno.test("OverviewService captures each session by its id, whatever it is named", async () => {
  const sessions = new FakeSessions();
  const screens = new FakeScreens();
  // Names made outside Maestro: one reads as a pane id, one as another session's id.
  screens.screens.set("$7", "the %1 session").set("$8", "the $7 session");
  await using service = new OverviewService({ sessions, screens, logger: nullLogger });
  const page = collect();
  const unsubscribe = service.subscribe(page.listener);
  sessions.emit([{ ...session("%1"), id: "$7" }, { ...session("$7"), id: "$8" }]);
  await until(() => page.names().length === 2, "both thumbnails");
  assert.deepEqual(screens.calls.flat().sort(), ["$7", "$8"]);
  const text = (name: string) =>
    page.updates.flatMap((u) => u.thumbnails).find((t) => t.name === name)?.screen;
  assert.match(text("%1") ?? "", /the %1 session/);
  assert.match(text("$7") ?? "", /the \$7 session/);
  unsubscribe();
});

/** A worker link fed by the test. */
class FakeLink implements MessageLink {
  #queue: (Uint8Array | null)[] = [];
  #wake: (() => void) | null = null;
  closed = false;
  push(message: OverviewMessage | null): void {
    this.#queue.push(message === null ? null : new TextEncoder().encode(JSON.stringify(message)));
    this.#wake?.();
  }
  async next(): Promise<{ binary: boolean; data: Uint8Array } | null> {
    while (this.#queue.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    const data = this.closed ? null : this.#queue.shift() ?? null;
    return data === null ? null : { binary: false, data };
  }
  close(): Promise<void> {
    this.closed = true;
    this.#wake?.();
    return Promise.resolve();
  }
}

Deno.test("OverviewService reads online workers' overviews and drops removed hosts' thumbnails", async () => {
  const sessions = new FakeSessions();
  const screens = new FakeScreens();
  const links: { host: string; link: FakeLink }[] = [];
  await using service = new OverviewService({
    sessions,
    screens,
    logger: nullLogger,
    openRemote: (host) => {
      const link = new FakeLink();
      links.push({ host, link });
      return Promise.resolve(link);
    },
  });
  const page = collect();
  const unsubscribe = service.subscribe(page.listener);
  const w1: HostView = { id: "w1", name: "w1", status: "online", lastSeen: 0, sessionCount: 1 };
  sessions.emit([session("x", 1, "w1")], [w1]);
  await until(() => links.length === 1, "a link to w1");
  links[0]?.link.push({
    type: "overview",
    thumbnails: [{ host: "local", name: "x", cols: 80, rows: 24, screen: "remote" }],
    removed: [],
    omitted: 0,
    reset: true,
    synced: true,
  });
  await until(() => page.names().includes("w1/x"), "the worker's thumbnail, re-tagged");
  await until(() => page.updates.at(-1)?.settled === true, "settled with the worker synced");

  // Offline: the link closes, the thumbnail stays (the page greys it).
  sessions.emit([session("x", 1, "w1")], [{ ...w1, status: "offline" }]);
  await until(() => links[0]?.link.closed === true, "the link to close");
  assert.ok(!page.updates.some((u) => u.removed.length > 0));
  // Removed host: its thumbnails go.
  sessions.emit([]);
  assert.deepEqual(page.updates.at(-1)?.removed, [{ host: "w1", name: "x" }]);
  unsubscribe();
});
