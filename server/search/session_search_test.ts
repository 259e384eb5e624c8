import assert from "node:assert/strict";
import { type Capture, type SessionInfo, SessionNotFoundError } from "../../tmux/mod.ts";
import type { SearchRequest } from "./search_request.ts";
import {
  mapLimited,
  parseHostAnswer,
  type SearchableHost,
  SessionSearch,
} from "./session_search.ts";

const request = (over: Partial<SearchRequest> = {}): SearchRequest => ({
  query: "needle",
  scrollback: 0,
  limit: 100,
  localOnly: false,
  ...over,
});

/**
 * A SessionService stand-in: `screens[name]` is what capturing the session so named returns
 * (history lines first).
 */
class FakeSessions {
  active = 0;
  mostActive = 0;
  captured: string[] = [];
  constructor(
    readonly screens: Record<string, { text: string; historySize?: number } | Error>,
  ) {}

  list(): Promise<SessionInfo[]> {
    return Promise.resolve(Object.keys(this.screens).map((name) => ({ name }) as SessionInfo));
  }

  async captureSession(
    { name }: { name: string },
    options: { history?: number } = {},
  ): Promise<Capture> {
    this.active++;
    this.mostActive = Math.max(this.mostActive, this.active);
    this.captured.push(name);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.active--;
    const screen = this.screens[name];
    if (screen instanceof Error) throw screen;
    if (screen === undefined) throw new SessionNotFoundError(name);
    const history = screen.historySize ?? 0;
    // Like tmux: only min(asked, held) history lines come back.
    const lines = screen.text.split("\n");
    const keep = Math.min(options.history ?? 0, history);
    return {
      text: lines.slice(history - keep).join("\n") + "\n",
      cursorX: 0,
      cursorY: 0,
      cols: 80,
      rows: 24,
      alternate: false,
      historySize: history,
    };
  }
}

function fakeHost(
  id: string,
  answer: (path: string, signal?: AbortSignal) => Promise<Response>,
  status = "online",
): SearchableHost & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    record: { id, enabled: true },
    state: { status, error: status === "offline" ? "the worker went away" : null },
    request: (_method, path, _body, signal) => {
      paths.push(path);
      return answer(path, signal);
    },
  };
}

const json = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));

Deno.test("SessionSearch numbers scrollback lines from what the capture holds", async () => {
  const sessions = new FakeSessions({
    a: { text: "old needle\nolder\n$ echo needle\nneedle", historySize: 2 },
  });
  const search = new SessionSearch({ sessions });
  const screenOnly = await search.search(request());
  assert.deepEqual(screenOnly.matches.map((m) => [m.line, m.text]), [
    [0, "$ echo needle"],
    [1, "needle"],
  ]);
  const withHistory = await search.search(request({ scrollback: 1000 }));
  assert.deepEqual(withHistory.matches.map((m) => m.line), [-2, 0, 1]);
  const someHistory = await search.search(request({ scrollback: 1 }));
  assert.deepEqual(someHistory.matches.map((m) => m.line), [0, 1]);
});

Deno.test("SessionSearch captures at most `concurrency` sessions at once", async () => {
  const screens: Record<string, { text: string }> = {};
  for (let i = 0; i < 12; i++) screens[`s${String(i).padStart(2, "0")}`] = { text: `needle ${i}` };
  const sessions = new FakeSessions(screens);
  const result = await new SessionSearch({ sessions, concurrency: 3 }).search(request());
  assert.equal(sessions.mostActive, 3);
  assert.equal(result.matches.length, 12);
  assert.deepEqual(result.matches.map((m) => m.name), Object.keys(screens));
});

Deno.test("SessionSearch stops capturing once the limit is certainly exceeded", async () => {
  const screens: Record<string, { text: string }> = {};
  for (let i = 0; i < 20; i++) {
    screens[`s${String(i).padStart(2, "0")}`] = { text: "needle\nneedle" };
  }
  const sessions = new FakeSessions(screens);
  const result = await new SessionSearch({ sessions, concurrency: 2 }).search(
    request({ limit: 3 }),
  );
  assert.deepEqual(result.matches.map((m) => m.name), ["s00", "s00", "s01"]);
  assert.equal(result.truncated, true);
  assert.ok(sessions.captured.length < 20, `captured ${sessions.captured.length}`);
});

Deno.test("SessionSearch skips a session killed meanwhile and reports other failures", async () => {
  const sessions = new FakeSessions({ a: { text: "needle" }, c: { text: "needle" } });
  sessions.list = () => Promise.resolve(["a", "b", "c"].map((name) => ({ name }) as SessionInfo));
  sessions.screens.c = new Error("tmux fell over");
  const result = await new SessionSearch({ sessions }).search(request());
  assert.deepEqual(result.matches.map((m) => m.name), ["a"]);
  assert.deepEqual(result.errors, [
    { host: "local", error: 'Cannot capture session "c": tmux fell over' },
  ]);
});

Deno.test("SessionSearch asks each remote host for its own sessions and joins the answers", async () => {
  const sessions = new FakeSessions({ here: { text: "needle" } });
  const w1 = fakeHost("w1", () =>
    json({
      query: "needle",
      matches: [{ host: "local", name: "there", line: -3, column: 4, text: "old needle" }],
      truncated: true,
      errors: [{ host: "local", error: 'Cannot capture session "x": boom' }],
    }));
  const result = await new SessionSearch({ sessions, hosts: { list: () => [w1] } }).search(
    request({ query: "ne dle", scrollback: 50, limit: 9 }),
  );
  assert.deepEqual(w1.paths, ["/api/search?q=ne+dle&scrollback=50&limit=9&local=1"]);
  assert.deepEqual(result.matches.map((m) => `${m.host}/${m.name}:${m.line}`), ["w1/there:-3"]);
  assert.equal(result.truncated, true);
  assert.deepEqual(result.errors, [
    { host: "w1", error: 'On host "w1": Cannot capture session "x": boom' },
  ]);
});

Deno.test("SessionSearch reports a silent, failing or offline host and still answers", async () => {
  const sessions = new FakeSessions({ here: { text: "needle" } });
  const silent = fakeHost("silent", (_path, signal) =>
    new Promise((_resolve, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason));
    }));
  const refusing = fakeHost("refusing", () => Promise.reject(new TypeError("connection refused")));
  const old = fakeHost(
    "old",
    () => json({ error: { code: "not_found", message: "No route for GET /api/search" } }, 404),
  );
  const offline = fakeHost("gone", () => json({}), "offline");
  const disabled = { ...fakeHost("off", () => json({})), record: { id: "off", enabled: false } };
  const result = await new SessionSearch({
    sessions,
    hosts: { list: () => [silent, refusing, old, offline, disabled] },
    remoteTimeoutMs: 50,
  }).search(request());
  assert.deepEqual(result.matches.map((m) => `${m.host}/${m.name}`), ["local/here"]);
  assert.deepEqual(result.errors, [
    { host: "silent", error: 'Host "silent" did not answer within 50 ms' },
    { host: "refusing", error: 'Host "refusing" is unreachable: connection refused' },
    { host: "old", error: 'On host "old": No route for GET /api/search' },
    { host: "gone", error: 'Host "gone" is offline: the worker went away' },
  ]);
  assert.deepEqual(offline.paths, [], "an offline host is not asked");
  assert.deepEqual(disabled.paths, [], "a disabled host is not searched");
});

Deno.test("SessionSearch with localOnly leaves remote hosts alone", async () => {
  const w1 = fakeHost("w1", () => json({ matches: [] }));
  const result = await new SessionSearch({
    sessions: new FakeSessions({}),
    hosts: { list: () => [w1] },
  }).search(request({ localOnly: true }));
  assert.deepEqual(result, { query: "needle", matches: [], truncated: false, errors: [] });
  assert.deepEqual(w1.paths, []);
});

Deno.test("parseHostAnswer keeps well-formed matches and names the host in problems", () => {
  assert.deepEqual(parseHostAnswer("w", 200, "<html>").errors, [
    { host: "w", error: 'Host "w" answered HTTP 200 without JSON' },
  ]);
  assert.deepEqual(parseHostAnswer("w", 200, "{}").errors, [
    { host: "w", error: 'Host "w" answered without a list of matches' },
  ]);
  const answer = parseHostAnswer(
    "w",
    200,
    JSON.stringify({
      matches: [
        { host: "local", name: "ok", line: 1, column: 0, text: "x" },
        { name: "bad", line: "1", column: 0, text: "x" },
        null,
      ],
    }),
  );
  assert.deepEqual(answer.found.matches, [{
    host: "w",
    name: "ok",
    line: 1,
    column: 0,
    text: "x",
  }]);
  assert.equal(answer.found.truncated, false);
});

Deno.test("mapLimited keeps the order and leaves stopped items undefined", async () => {
  const out = await mapLimited([1, 2, 3, 4], 2, () => false, (n) => Promise.resolve(n * 10));
  assert.deepEqual(out, [10, 20, 30, 40]);
  let done = 0;
  const stopped = await mapLimited([1, 2, 3, 4, 5], 1, () => done >= 2, (n) => {
    done++;
    return Promise.resolve(n);
  });
  assert.deepEqual(stopped, [1, 2, undefined, undefined, undefined]);
  assert.deepEqual(await mapLimited([], 4, () => false, () => Promise.resolve(1)), []);
});
