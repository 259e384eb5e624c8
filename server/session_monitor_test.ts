import assert from "node:assert/strict";
import { type Capture, type SessionInfo, sessionShape } from "../tmux/mod.ts";
import { nullLogger } from "./logger.ts";
import { MAX_SCREENS_PER_POLL, SessionMonitor } from "./session_monitor.ts";

const NOW = 1_800_000_000;

function info(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    name: "agent",
    id: "$1",
    windows: 1,
    created: NOW - 100,
    activity: NOW - 10,
    attached: 0,
    paneId: "%1",
    panePid: 42,
    paneDead: false,
    paneDeadStatus: null,
    cwd: "/tmp",
    command: "sh",
    title: "host",
    cols: 80,
    rows: 24,
    alternate: false,
    bell: false,
    ...overrides,
  };
}

/** A fake tmux: the list and the screens are whatever the test sets; reads are recorded. */
class FakeTmux {
  infos: SessionInfo[] = [info()];
  screen = "Continue? [y/N]";
  cursor = { x: 16, y: 0 };
  /** Each call's pane ids. */
  reads: string[][] = [];
  failReads = false;
  /** Panes whose screens are missing from the answer (gone since the list). */
  gone = new Set<string>();

  get captures(): string[] {
    return this.reads.flat();
  }

  list(): Promise<SessionInfo[]> {
    return Promise.resolve(this.infos.map((i) => ({ ...i })));
  }

  captureScreens(paneIds: readonly string[]): Promise<Map<string, Capture>> {
    this.reads.push([...paneIds]);
    if (this.failReads) return Promise.reject(new Error("tmux went away"));
    const screens = new Map<string, Capture>();
    for (const pane of paneIds) {
      if (this.gone.has(pane)) continue;
      screens.set(pane, {
        text: this.screen + "\n",
        cursorX: this.cursor.x,
        cursorY: this.cursor.y,
        cols: 80,
        rows: 24,
        alternate: false,
        historySize: 0,
      });
    }
    return Promise.resolve(screens);
  }
}

function monitorOver(tmux: FakeTmux): SessionMonitor {
  return new SessionMonitor({
    lister: tmux,
    screens: tmux,
    hostName: "test",
    logger: nullLogger,
    now: () => NOW * 1000,
  });
}

async function statusOf(monitor: SessionMonitor): Promise<[string, string | null | undefined]> {
  const { sessions } = await monitor.current();
  const [session] = sessions;
  assert.ok(session);
  return [session.status, session.statusRule];
}

Deno.test("SessionMonitor reads a screen again only when the list shows something changed", async () => {
  const tmux = new FakeTmux();
  let clock = NOW * 1000;
  using monitor = new SessionMonitor({
    lister: tmux,
    screens: tmux,
    hostName: "test",
    logger: nullLogger,
    now: () => clock,
  });
  assert.deepEqual(await statusOf(monitor), ["needs-you", "generic-prompt"]);
  assert.deepEqual(await statusOf(monitor), ["needs-you", "generic-prompt"]);
  assert.equal(tmux.captures.length, 1, "nothing changed, nothing read again");

  // The user answered (not through Maestro): output moved the activity; the screen changed.
  tmux.infos = [info({ activity: NOW })];
  tmux.screen = "Continue? [y/N] y\nDeploying…";
  tmux.cursor = { x: 0, y: 2 };
  assert.deepEqual(await statusOf(monitor), ["working", "recent-output"]);
  assert.equal(tmux.captures.length, 2);

  // Quiet since: idle. A title change alone is enough to look again, and is not work.
  clock += 5000;
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  tmux.infos = [info({ activity: NOW, title: "✳ Claude Code" })];
  assert.deepEqual(await statusOf(monitor), ["idle", "claude-idle"]);
  assert.equal(tmux.captures.length, 4);
});

Deno.test("SessionMonitor reads again a pane that printed later in the second of its last reading", async () => {
  const tmux = new FakeTmux();
  tmux.infos = [info({ activity: NOW })];
  tmux.screen = "$ sh ask.sh";
  tmux.cursor = { x: 0, y: 1 };
  let clock = NOW * 1000 + 200;
  using monitor = new SessionMonitor({
    lister: tmux,
    screens: tmux,
    hostName: "test",
    logger: nullLogger,
    now: () => clock,
  });
  await monitor.current();
  // The question came within the same second: the list entry reads exactly as before.
  tmux.screen = "$ sh ask.sh\nContinue? [y/N]";
  tmux.cursor = { x: 16, y: 1 };
  clock += 500;
  await monitor.current();
  assert.equal(tmux.captures.length, 2, "read again");
  // Quiet since: its verdict comes from the screen read after the question. It is read once more
  // in a later second (tmux cannot say whether it printed after the last reading), then no more.
  clock += 5000;
  assert.deepEqual(await statusOf(monitor), ["needs-you", "generic-prompt"]);
  assert.deepEqual(await statusOf(monitor), ["needs-you", "generic-prompt"]);
  assert.equal(tmux.captures.length, 3);
});

Deno.test("SessionMonitor reads a busy session's screen (a decision beats output), never an exited one's", async () => {
  const tmux = new FakeTmux();
  tmux.infos = [
    info({ name: "busy", paneId: "%1", activity: NOW - 1 }),
    info({ name: "asks", paneId: "%3", activity: NOW, title: "[ ! ] Action Required" }),
    info({ name: "gone", paneId: "%2", paneDead: true }),
  ];
  using monitor = monitorOver(tmux);
  const { sessions } = await monitor.current();
  assert.deepEqual(sessions.map((s) => [s.name, s.status, s.statusRule]), [
    ["busy", "working", "recent-output"],
    ["asks", "needs-you", "codex-approval"],
    ["gone", "exited", "pane-dead"],
  ]);
  assert.deepEqual(tmux.captures, ["%1", "%3"]);
});

Deno.test("SessionMonitor without a screen reader decides from the list alone", async () => {
  const tmux = new FakeTmux();
  using monitor = new SessionMonitor({ lister: tmux, hostName: "t", logger: nullLogger });
  tmux.infos = [info({ activity: Math.floor(Date.now() / 1000) - 60 })];
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  assert.deepEqual(tmux.captures, []);
});

Deno.test("SessionMonitor counts a bell until the pane does anything after it", async () => {
  const tmux = new FakeTmux();
  tmux.screen = "$ make\nbuilt";
  tmux.cursor = { x: 0, y: 2 };
  tmux.infos = [info({ command: "make", bell: true })];
  using monitor = monitorOver(tmux);
  assert.deepEqual(await statusOf(monitor), ["needs-you", "bell"]);
  assert.deepEqual(await statusOf(monitor), ["needs-you", "bell"]);

  // Output after it: tmux keeps the flag (no client attached) but the bell was answered.
  tmux.infos = [info({ command: "make", bell: true, activity: NOW - 4 })];
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);

  // Someone attached (the flag cleared), then a new bell rang.
  tmux.infos = [info({ command: "make", bell: false, activity: NOW - 4 })];
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  tmux.infos = [info({ command: "make", bell: true, activity: NOW - 3 })];
  assert.deepEqual(await statusOf(monitor), ["needs-you", "bell"]);
});

Deno.test("SessionMonitor: an agent at its composer that rings the bell has finished, not asked", async () => {
  const tmux = new FakeTmux();
  tmux.infos = [info({ command: "claude", title: "✳ Claude Code", bell: true })];
  using monitor = monitorOver(tmux);
  assert.deepEqual(await statusOf(monitor), ["idle", "claude-idle"]);
});

Deno.test("SessionMonitor falls back to the list when a screen cannot be read", async () => {
  const tmux = new FakeTmux();
  tmux.failReads = true;
  using monitor = monitorOver(tmux);
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  // Not remembered: the next poll tries again.
  tmux.failReads = false;
  tmux.gone.add("%1");
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  tmux.gone.clear();
  assert.deepEqual(await statusOf(monitor), ["needs-you", "generic-prompt"]);
  assert.equal(tmux.reads.length, 3);
});

Deno.test("SessionMonitor.view shows one session as the list does, from the same poll", async () => {
  const tmux = new FakeTmux();
  using monitor = monitorOver(tmux);
  const view = await monitor.view(info());
  assert.equal(view.status, "needs-you");
  assert.equal(view.statusRule, "generic-prompt");
  await monitor.current();
  assert.equal(tmux.captures.length, 1);
});

Deno.test("SessionMonitor reads all the screens one poll needs in one call, within a budget", async () => {
  const tmux = new FakeTmux();
  tmux.infos = Array.from(
    { length: 20 },
    (_, i) => info({ name: `s${i}`, paneId: `%${i}`, activity: i < 5 ? NOW : NOW - 10 }),
  );
  using monitor = monitorOver(tmux);
  const { sessions } = await monitor.current();
  assert.deepEqual(sessions.filter((s) => s.status === "working").length, 5);
  assert.ok(sessions.slice(5).every((s) => s.statusRule === "generic-prompt"));
  assert.deepEqual(tmux.reads, [Array.from({ length: 20 }, (_, i) => `%${i}`)]);
  await monitor.current();
  assert.deepEqual(
    tmux.reads[1],
    ["%0", "%1", "%2", "%3", "%4"],
    "only the panes active since their last reading (in that same second) are read again",
  );

  const many = new FakeTmux();
  many.infos = Array.from(
    { length: MAX_SCREENS_PER_POLL + 12 },
    (_, i) => info({ name: `m${i}`, paneId: `%${i}` }),
  );
  using busy = monitorOver(many);
  await busy.current();
  await busy.current();
  assert.deepEqual(many.reads.map((r) => r.length), [MAX_SCREENS_PER_POLL, 12]);
});

Deno.test("SessionMonitor polls slowly while nobody listens, at the normal cadence while someone does", async () => {
  const tmux = new FakeTmux();
  let lists = 0;
  const lister = { list: () => (lists++, tmux.list()) };
  const count = async (ms: number) => {
    const before = lists;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return lists - before;
  };
  {
    using monitor = new SessionMonitor({
      lister,
      hostName: "test",
      logger: nullLogger,
      intervalMs: 10,
      unwatchedIntervalMs: 100,
    });
    const unwatched = await count(450);
    assert.ok(unwatched >= 2 && unwatched <= 10, `${unwatched} lists in 450 ms unwatched`);
    const stop = monitor.listen(() => {});
    const watched = await count(300);
    assert.ok(watched >= 8, `${watched} lists in 300 ms with a listener`);
    stop();
    const after = await count(450);
    assert.ok(after >= 2 && after <= 10, `${after} lists in 450 ms after the listener left`);
  }
  // Disposed: no timer is left (the test's sanitizer checks) and nothing more is listed.
  assert.equal(await count(150), 0);
  // Without the option, nobody listening means no work at all.
  using idle = new SessionMonitor({ lister, hostName: "test", logger: nullLogger });
  assert.equal(await count(150), 0);
  idle.listen(() => {})();
});

Deno.test("SessionMonitor.recent answers from the last poll while tmux's sessions keep its shape", async () => {
  const tmux = new FakeTmux();
  let lists = 0;
  let shapes = 0;
  const lister = {
    list: () => (lists++, tmux.list()),
    shape: () => (shapes++, Promise.resolve(sessionShape(tmux.infos))),
  };
  using monitor = new SessionMonitor({
    lister,
    hostName: "test",
    logger: nullLogger,
    intervalMs: 60_000,
  });
  // No poll yet: a fresh one.
  await monitor.recent();
  assert.deepEqual([lists, shapes], [1, 0]);
  // Same shape: no list, one cheap read each; what changed inside a pane waits for a poll.
  tmux.infos = [info({ title: "busy", activity: NOW - 1, paneId: "%2", paneDead: true })];
  const answer = await monitor.recent();
  assert.deepEqual([lists, shapes], [1, 1]);
  assert.equal(answer.sessions[0]?.title, "host");
  // Each change of shape is listed at once.
  const changes: Partial<SessionInfo>[] = [
    { name: "renamed" },
    { windows: 2 },
    { attached: 1 },
  ];
  for (const change of changes) {
    tmux.infos = [info({ ...tmux.infos[0], ...change })];
    const fresh = await monitor.recent();
    assert.equal(fresh.sessions.length, 1);
    assert.equal(fresh.sessions[0]?.name, tmux.infos[0]?.name);
  }
  assert.equal(lists, 1 + changes.length);
  // A session made outside Maestro, and every session gone.
  tmux.infos = [...tmux.infos, info({ id: "$2", name: "other", paneId: "%3" })];
  assert.equal((await monitor.recent()).sessions.length, 2);
  tmux.infos = [];
  assert.equal((await monitor.recent()).sessions.length, 0);
  assert.equal(lists, 3 + changes.length);
});

Deno.test("SessionMonitor.recent refreshes behind its answer past one interval, and waits for a list past two", async () => {
  const tmux = new FakeTmux();
  let lists = 0;
  const shape = () => Promise.resolve(sessionShape(tmux.infos));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  {
    using monitor = new SessionMonitor({
      lister: { list: () => (lists++, tmux.list()), shape },
      hostName: "test",
      logger: nullLogger,
      intervalMs: 100,
    });
    await monitor.recent();
    tmux.infos = [info({ title: "later" })];
    await sleep(130);
    // Past one interval: the last poll's answer, and a poll behind it.
    assert.equal((await monitor.recent()).sessions[0]?.title, "host");
    assert.equal(lists, 2);
    await sleep(10);
    assert.equal((await monitor.recent()).sessions[0]?.title, "later");
    assert.equal(lists, 2);
    // Past two intervals: a fresh list, waited for.
    tmux.infos = [info({ title: "latest" })];
    await sleep(230);
    assert.equal((await monitor.recent()).sessions[0]?.title, "latest");
    assert.equal(lists, 3);
  }
  lists = 0;
  using plain = new SessionMonitor({
    lister: { list: () => (lists++, tmux.list()) },
    hostName: "test",
    logger: nullLogger,
  });
  await plain.recent();
  await plain.recent();
  assert.equal(lists, 2);
});

Deno.test("SessionMonitor.current and refresh list after the call, not in a poll already under way", async () => {
  const tmux = new FakeTmux();
  let lists = 0;
  // tmux answers 30 ms after it was asked, with the sessions it had when asked.
  const lister = {
    list: () => {
      lists++;
      const asked = tmux.list();
      return new Promise<SessionInfo[]>((resolve) => setTimeout(() => resolve(asked), 30));
    },
  };
  using monitor = new SessionMonitor({ lister, hostName: "test", logger: nullLogger });
  // Asked while a poll that listed one session is under way, after its session was killed.
  const under = monitor.current();
  await new Promise((resolve) => setTimeout(resolve, 5));
  tmux.infos = [];
  assert.equal((await monitor.current()).sessions.length, 0);
  assert.equal((await under).sessions.length, 1);
  const again = monitor.current();
  await new Promise((resolve) => setTimeout(resolve, 5));
  tmux.infos = [info({ name: "made" }), info({ name: "other", id: "$2", paneId: "%2" })];
  assert.equal((await monitor.refresh()).sessions.length, 2);
  assert.equal((await again).sessions.length, 0);
  // Two callers waiting for the same poll share the next one.
  const before = lists;
  await Promise.all([monitor.current(), monitor.current()]);
  assert.equal(lists, before + 1);
});
