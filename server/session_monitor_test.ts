import assert from "node:assert/strict";
import type { Capture, SessionInfo } from "../tmux/mod.ts";
import { nullLogger } from "./logger.ts";
import { SessionMonitor } from "./session_monitor.ts";

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

Deno.test("SessionMonitor reads a quiet session's screen once per quiet spell", async () => {
  const tmux = new FakeTmux();
  using monitor = monitorOver(tmux);
  assert.deepEqual(await statusOf(monitor), ["waiting", "generic-prompt"]);
  assert.deepEqual(await statusOf(monitor), ["waiting", "generic-prompt"]);
  assert.equal(tmux.captures.length, 1, "nothing changed, nothing read again");

  // The user answered: output moved the activity, then the pane went quiet again.
  tmux.infos = [info({ activity: NOW - 5 })];
  tmux.screen = "Continue? [y/N] y\nDeploying…";
  tmux.cursor = { x: 0, y: 2 };
  assert.deepEqual(await statusOf(monitor), ["idle", "quiet"]);
  assert.equal(tmux.captures.length, 2);

  // A title change alone is enough to look again.
  tmux.infos = [info({ activity: NOW - 5, title: "✳ Claude Code" })];
  assert.deepEqual(await statusOf(monitor), ["idle", "claude-idle"]);
  assert.equal(tmux.captures.length, 3);
});

Deno.test("SessionMonitor never reads the screen of a busy or exited session", async () => {
  const tmux = new FakeTmux();
  tmux.infos = [
    info({ name: "busy", paneId: "%1", activity: NOW - 1 }),
    info({ name: "gone", paneId: "%2", paneDead: true }),
  ];
  using monitor = monitorOver(tmux);
  const { sessions } = await monitor.current();
  assert.deepEqual(sessions.map((s) => [s.name, s.status, s.statusRule]), [
    ["busy", "working", "recent-output"],
    ["gone", "exited", "pane-dead"],
  ]);
  assert.deepEqual(tmux.captures, []);
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
  // An agent at its composer rang the bell: idle once the bell is answered.
  const agent = (overrides: Partial<SessionInfo>) =>
    info({ command: "claude", title: "✳ Claude Code", ...overrides });
  tmux.infos = [agent({ bell: true })];
  using monitor = monitorOver(tmux);
  assert.deepEqual(await statusOf(monitor), ["waiting", "bell"]);
  assert.deepEqual(await statusOf(monitor), ["waiting", "bell"]);

  // Input and its echo: tmux keeps the flag (no client attached) but the bell was answered.
  tmux.infos = [agent({ bell: true, activity: NOW - 4 })];
  assert.deepEqual(await statusOf(monitor), ["idle", "claude-idle"]);

  // Someone attached (the flag cleared), then a new bell rang.
  tmux.infos = [agent({ bell: false, activity: NOW - 4 })];
  assert.deepEqual(await statusOf(monitor), ["idle", "claude-idle"]);
  tmux.infos = [agent({ bell: true, activity: NOW - 3 })];
  assert.deepEqual(await statusOf(monitor), ["waiting", "bell"]);
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
  assert.deepEqual(await statusOf(monitor), ["waiting", "generic-prompt"]);
  assert.equal(tmux.reads.length, 3);
});

Deno.test("SessionMonitor.view decides one session as the list does, sharing its memory", async () => {
  const tmux = new FakeTmux();
  using monitor = monitorOver(tmux);
  const view = await monitor.view(info());
  assert.equal(view.status, "waiting");
  assert.equal(view.statusRule, "generic-prompt");
  await monitor.current();
  assert.equal(tmux.captures.length, 1);
});

Deno.test("SessionMonitor reads all the screens one poll needs in one call", async () => {
  const tmux = new FakeTmux();
  tmux.infos = Array.from(
    { length: 20 },
    (_, i) => info({ name: `s${i}`, paneId: `%${i}`, activity: i < 5 ? NOW : NOW - 10 }),
  );
  using monitor = monitorOver(tmux);
  const { sessions } = await monitor.current();
  assert.deepEqual(sessions.filter((s) => s.status === "working").length, 5);
  assert.ok(sessions.slice(5).every((s) => s.statusRule === "generic-prompt"));
  assert.deepEqual(tmux.reads, [Array.from({ length: 15 }, (_, i) => `%${i + 5}`)]);
  await monitor.current();
  assert.equal(tmux.reads.length, 1, "all cached");
});
