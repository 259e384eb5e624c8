import assert from "node:assert/strict";
import {
  MAX_PER_SESSION,
  MAX_QUERY_LENGTH,
  MAX_SCROLLBACK,
} from "../server/search/search_request.ts";
import type { SearchResult } from "../server/search/session_search.ts";
import { ApiHarness, eventually } from "./helpers/api_harness.ts";

const search = (params: Record<string, string>) => `/api/search?${new URLSearchParams(params)}`;

/** Start a session and wait for its shell's prompt (typing earlier mixes with the prompt). */
async function shell(api: ApiHarness, name: string): Promise<void> {
  await api.tmux.newSession(name);
  await eventually(
    async () => (await api.sessions.capture(name)).text.trim() !== "" ? true : undefined,
    `the prompt of ${name}`,
  );
}

/** Type a command into a session and wait until `done` shows on its screen. */
async function run(api: ApiHarness, name: string, command: string, done: string): Promise<void> {
  await api.sessions.sendText(name, command, true);
  await eventually(async () => {
    const { text } = await api.sessions.capture(name);
    return text.split("\n").some((line) => line.trim() === done) ? true : undefined;
  }, `"${done}" on the screen of ${name}`);
}

Deno.test("Search API finds text on every session's screen, case-insensitively", async () => {
  await using api = await ApiHarness.start();
  await shell(api, "alpha");
  await shell(api, "beta");
  await shell(api, "gamma");
  // printf puts the word together only in its output: the typed command line never matches.
  await run(api, "alpha", "printf 'build %sOK\\n' Needle", "build NeedleOK");
  await run(api, "beta", "printf '  the %sok here\\n' NEEDLE", "the NEEDLEok here");
  await run(api, "gamma", "printf 'nothing\\n'", "nothing");

  const { status, body } = await api.json<SearchResult>(search({ q: "needleok" }));
  assert.equal(status, 200);
  assert.equal(body.query, "needleok");
  assert.deepEqual(body.matches.map((m) => [m.host, m.name, m.text, m.column]), [
    ["local", "alpha", "build NeedleOK", 6],
    ["local", "beta", "  the NEEDLEok here", 6],
  ]);
  assert.equal(body.truncated, false);
  assert.deepEqual(body.errors, []);
  // `line` is the row on the visible screen.
  for (const match of body.matches) {
    const rows = (await api.tmux.tmux("capture-pane", "-p", "-t", `=${match.name}:`)).split("\n");
    assert.equal(rows[match.line], match.text, JSON.stringify(match));
  }

  const none = await api.json<SearchResult>(search({ q: "no such text anywhere" }));
  assert.equal(none.status, 200);
  assert.deepEqual(none.body, {
    query: "no such text anywhere",
    matches: [],
    truncated: false,
    errors: [],
  });
});

Deno.test("Search API finds scrollback only when asked, with negative line numbers", async () => {
  await using api = await ApiHarness.start();
  await shell(api, "scroll");
  await run(api, "scroll", "printf 'old %sMark\\n' OffScreen; seq 1 60", "60");

  const screen = await api.json<SearchResult>(search({ q: "offscreenmark" }));
  assert.equal(screen.status, 200);
  assert.deepEqual(screen.body.matches, []);

  const deep = await api.json<SearchResult>(search({ q: "offscreenmark", scrollback: "1000" }));
  assert.equal(deep.status, 200);
  assert.equal(deep.body.matches.length, 1);
  const [match] = deep.body.matches;
  assert.equal(match?.text, "old OffScreenMark");
  assert.equal(match?.column, 4);
  assert.ok((match?.line ?? 0) < 0, `a scrollback line is negative: ${match?.line}`);
  // -N is N lines above the top of the screen.
  const history = Number(
    await api.tmux.tmux("display-message", "-p", "-t", "=scroll:", "#{history_size}"),
  );
  const all = (await api.tmux.tmux("capture-pane", "-p", "-t", "=scroll:", "-S", "-1000"))
    .split("\n");
  assert.equal(all[history + (match?.line ?? 0)], "old OffScreenMark");

  // Less scrollback than the mark's distance above the screen misses it.
  const near = await api.json<SearchResult>(
    search({ q: "offscreenmark", scrollback: String(-(match?.line ?? 0) - 1) }),
  );
  assert.deepEqual(near.body.matches, []);
});

Deno.test("Search API caps matches per session and in all, and says it did", async () => {
  await using api = await ApiHarness.start();
  await shell(api, "many");
  await shell(api, "more");
  await run(
    api,
    "many",
    `seq -f 'h''it%g' 1 ${MAX_PER_SESSION + 10}; printf 'fin%s\\n' ished`,
    "finished",
  );
  await run(api, "more", "printf 'h''it%s\\n' 1 2 3; printf 'fin%s\\n' ished", "finished");

  const capped = await api.json<SearchResult>(search({ q: "HIT", scrollback: "500" }));
  assert.equal(capped.status, 200);
  const many = capped.body.matches.filter((m) => m.name === "many");
  assert.equal(many.length, MAX_PER_SESSION);
  // The lowest lines are kept, top to bottom.
  assert.equal(many.at(-1)?.text, `hit${MAX_PER_SESSION + 10}`);
  assert.equal(many[0]?.text, "hit11");
  assert.equal(capped.body.matches.filter((m) => m.name === "more").length, 3);
  assert.equal(capped.body.truncated, true);

  const limited = await api.json<SearchResult>(search({ q: "hit", scrollback: "500", limit: "5" }));
  assert.equal(limited.body.matches.length, 5);
  assert.ok(limited.body.matches.every((m) => m.name === "many"));
  assert.equal(limited.body.truncated, true);

  const fits = await api.json<SearchResult>(search({ q: "hit", limit: "1000" }));
  assert.ok(fits.body.matches.some((m) => m.name === "more"));
});

Deno.test("Search API refuses bad input with a clear 400", async () => {
  await using api = await ApiHarness.start();
  await shell(api, "s");
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /"q" \(the text to find\) is empty/],
    [{ q: "" }, /is empty/],
    [{ q: "  " }, /is empty/],
    [{ q: "x".repeat(MAX_QUERY_LENGTH + 1) }, /over the 256 character limit/],
    [{ q: "a\nb" }, /line breaks/],
    [{ q: "x", scrollback: String(MAX_SCROLLBACK + 1) }, /"scrollback" "10001"/],
    [{ q: "x", scrollback: "-5" }, /"scrollback"/],
    [{ q: "x", scrollback: "many" }, /"scrollback"/],
    [{ q: "x", limit: "0" }, /"limit" "0": use a whole number from 1 to 1000/],
    [{ q: "x", limit: "2.5" }, /"limit"/],
  ];
  for (const [params, message] of cases) {
    const { status, body } = await api.json<{ error: { code: string; message: string } }>(
      search(params),
    );
    assert.equal(status, 400, JSON.stringify(params));
    assert.equal(body.error.code, "invalid_input");
    assert.match(body.error.message, message);
  }
  const unauthenticated = await api.request(search({ q: "x" }), {
    headers: { authorization: undefined },
  });
  assert.equal(unauthenticated.status, 401);
  await unauthenticated.body?.cancel();
});

Deno.test("Search API answers with no tmux server running", async () => {
  await using api = await ApiHarness.start();
  const { status, body } = await api.json<SearchResult>(search({ q: "x", scrollback: "10" }));
  assert.equal(status, 200);
  assert.deepEqual(body, { query: "x", matches: [], truncated: false, errors: [] });
});
