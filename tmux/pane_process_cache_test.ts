import assert from "node:assert/strict";
import { PaneProcessCache } from "./pane_process_cache.ts";
import type { SessionInfo, SessionRow } from "./session_list.ts";

const T0 = 1_700_000_000_000;

/** A row as parsed from tmux: with the process (`[command, cwd]`) or without (null). */
function row(name: string, paneId: string, pid: number, process: [string, string] | null) {
  const info: SessionInfo = {
    name,
    id: "$1",
    windows: 1,
    created: 1,
    activity: 1,
    attached: 0,
    paneId,
    panePid: pid,
    paneDead: false,
    paneDeadStatus: null,
    cols: 80,
    rows: 24,
    alternate: false,
    bell: false,
    command: process?.[0] ?? "",
    cwd: process?.[1] ?? "",
    title: "",
  };
  return { info, hasProcess: process !== null } satisfies SessionRow;
}

const processes = (sessions: SessionInfo[] | null) =>
  sessions?.map((s) => `${s.name} ${s.command} ${s.cwd}`) ?? null;

Deno.test("PaneProcessCache asks for every pane first, then only since the last list", () => {
  const cache = new PaneProcessCache(10_000);
  assert.equal(cache.since(T0), 0);
  cache.resolve([row("a", "%1", 10, ["sh", "/"])], 0, T0);
  assert.equal(cache.since(T0 + 1500), T0 / 1000);
  cache.resolve([row("a", "%1", 10, null)], T0 / 1000, T0 + 1500);
  // An idle pane's value is now known right as of the second list.
  assert.equal(cache.since(T0 + 2500), T0 / 1000 + 1);
});

Deno.test("PaneProcessCache fills idle panes from what it knows", () => {
  const cache = new PaneProcessCache();
  cache.resolve([row("a", "%1", 10, ["claude", "/src"]), row("b", "%2", 11, ["sh", "/"])], 0, T0);
  const since = cache.since(T0 + 1000);
  const sessions = cache.resolve(
    [row("a", "%1", 10, null), row("b", "%2", 11, ["vim", "/etc"])],
    since,
    T0 + 1000,
  );
  assert.deepEqual(processes(sessions), ["a claude /src", "b vim /etc"]);
  assert.deepEqual(processes(cache.resolve([row("b", "%2", 11, null)], since, T0 + 1100)), [
    "b vim /etc",
  ]);
});

Deno.test("PaneProcessCache cannot fill a pane it never saw or whose process was replaced", () => {
  const cache = new PaneProcessCache();
  cache.resolve([row("a", "%1", 10, ["sh", "/"])], 0, T0);
  const since = cache.since(T0 + 1000);
  assert.equal(cache.resolve([row("a", "%2", 12, null)], since, T0 + 1000), null);
  assert.equal(cache.resolve([row("a", "%1", 99, null)], since, T0 + 1000), null);
});

Deno.test("PaneProcessCache does not trust a value older than the threshold", () => {
  const cache = new PaneProcessCache();
  cache.resolve([row("a", "%1", 10, ["sh", "/"])], 0, T0);
  // A list with a later threshold than the value is known for proves nothing about it.
  assert.equal(cache.resolve([row("a", "%1", 10, null)], T0 / 1000 + 5, T0 + 6000), null);
});

Deno.test("PaneProcessCache reads every pane again after the refresh interval", () => {
  const cache = new PaneProcessCache(10_000);
  cache.resolve([row("a", "%1", 10, ["sh", "/"])], 0, T0);
  for (let t = T0 + 1000; t < T0 + 10_000; t += 1000) {
    const since = cache.since(t);
    assert.ok(since > 0);
    assert.notEqual(cache.resolve([row("a", "%1", 10, null)], since, t), null);
  }
  assert.equal(cache.since(T0 + 10_000), 0);
  cache.resolve([row("a", "%1", 10, ["sleep", "/"])], 0, T0 + 10_000);
  assert.ok(cache.since(T0 + 11_000) > 0);
});

Deno.test("PaneProcessCache forgets panes no longer listed, and everything on clear", () => {
  const cache = new PaneProcessCache();
  cache.resolve([row("a", "%1", 10, ["sh", "/"]), row("b", "%2", 11, ["sh", "/"])], 0, T0);
  const since = cache.since(T0 + 1000);
  cache.resolve([row("a", "%1", 10, null)], since, T0 + 1000);
  assert.equal(cache.resolve([row("b", "%2", 11, null)], since, T0 + 1100), null);
  cache.clear();
  assert.equal(cache.since(T0 + 1200), 0);
});

Deno.test("PaneProcessCache keeps a newer value when an older list finishes last", () => {
  const cache = new PaneProcessCache();
  cache.resolve([row("a", "%1", 10, ["sh", "/"])], 0, T0);
  cache.resolve([row("a", "%1", 10, ["vim", "/"])], 0, T0 + 2000);
  cache.resolve([row("a", "%1", 10, ["make", "/"])], 0, T0 + 1000);
  const sessions = cache.resolve([row("a", "%1", 10, null)], cache.since(T0 + 3000), T0 + 3000);
  assert.deepEqual(processes(sessions), ["a vim /"]);
});

Deno.test("PaneProcessCache reads every pane while most of them are active", () => {
  const cache = new PaneProcessCache();
  const rows = (active: number) =>
    [1, 2, 3].map((n) => row(`s${n}`, `%${n}`, n, n <= active ? ["sh", "/"] : null));
  cache.resolve(rows(3), 0, T0);
  // Two of three windows had activity since their values were known: no threshold next time.
  let since = cache.since(T0 + 1000);
  assert.ok(since > 0);
  cache.resolve(rows(2), since, T0 + 1000);
  assert.equal(cache.since(T0 + 2000), 0);
  // A full list where panes were active since their last read keeps it so.
  const busy = rows(3).map((r) => ({ ...r, info: { ...r.info, activity: T0 / 1000 + 1 } }));
  cache.resolve(busy, 0, T0 + 2000);
  assert.equal(cache.since(T0 + 3000), 0);
  // A quiet full list brings the threshold back.
  cache.resolve(rows(3), 0, T0 + 3000);
  since = cache.since(T0 + 4000);
  assert.equal(since, T0 / 1000 + 3);
  assert.notEqual(cache.resolve(rows(1), since, T0 + 4000), null);
  assert.ok(cache.since(T0 + 5000) > 0);
});

Deno.test("PaneProcessCache keeps a session's layouts with its pane, and asks again when its windows change", () => {
  const cache = new PaneProcessCache();
  const listed = row("a", "%1", 10, ["sh", "/"]);
  listed.info.layouts = "0.b25d,80x24,0,0,1 ";
  cache.resolve([listed], 0, T0);
  const since = cache.since(T0 + 1500);
  const idle = row("a", "%1", 10, null);
  const [session] = cache.resolve([idle], since, T0 + 1500) ?? [];
  assert.equal(session?.layouts, "0.b25d,80x24,0,0,1 ");
  // A window made in the background printed nothing in the current one: asked again, not guessed.
  const grown = row("a", "%1", 10, null);
  grown.info.windows = 2;
  assert.equal(cache.resolve([grown], cache.since(T0 + 2500), T0 + 2500), null);
});
