/**
 * The HTTP API in process: security, the session routes, and the table of bad-input cases. Over
 * 400 lines because that table is one list.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { MAX_BODY_BYTES } from "../server/app.ts";
import { NOTE_MAX_BYTES } from "../server/db/notes_store.ts";
import { VERSION } from "../server/version.ts";
import { API_HOST, ApiHarness, type ApiRequestInit, eventually } from "./helpers/api_harness.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

const session = (name: string, rest = "") =>
  `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;

function assertApiError(
  result: { status: number; body: unknown },
  status: number,
  code: string,
): void {
  const { error } = result.body as ErrorBody;
  assert.equal(result.status, status, `status for ${JSON.stringify(result.body)}`);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, "string");
  assert.ok(error.message.length > 0, "the error message is not empty");
}

Deno.test("Session API runs a whole lifecycle: create, list, get, input, screen, rename, delete", async () => {
  await using api = await ApiHarness.start();

  const created = await api.json("/api/sessions", {
    method: "POST",
    body: { name: "life", cwd: "/tmp" },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, "life");
  assert.equal(created.body.host, "local");
  assert.equal(created.body.cwd, "/tmp");
  assert.match(String(created.body.id), /^\$\d+$/);

  const list = await api.json<{ sessions: { name: string }[]; hosts: { id: string }[] }>(
    "/api/sessions",
  );
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.sessions.map((s) => s.name), ["life"]);
  assert.equal(list.body.hosts[0]?.id, "local");

  const one = await api.json(session("life"));
  assert.equal(one.status, 200);
  assert.equal(one.body.name, "life");
  assert.equal(one.body.id, created.body.id);

  const input = await api.request(session("life", "/input"), {
    method: "POST",
    body: { text: "echo hi", enter: true },
  });
  assert.equal(input.status, 204);
  const screen = await eventually(async () => {
    const { body } = await api.json<{ text: string }>(session("life", "/screen"));
    // The command line itself contains "hi"; only the output is a line of its own.
    return body.text.split("\n").some((line) => line.trim() === "hi") ? body.text : undefined;
  }, 'the screen to show the output "hi"');
  assert.match(screen, /echo hi/);

  const saved = await api.json(session("life", "/notes"), {
    method: "PUT",
    body: { text: "waiting on review" },
  });
  assert.equal(saved.status, 200);
  assert.equal(saved.body.text, "waiting on review");
  assert.equal(typeof saved.body.updatedAt, "number");

  const renamed = await api.json(session("life"), {
    method: "PATCH",
    body: { name: "life-renamed" },
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, "life-renamed");
  assert.equal(renamed.body.id, created.body.id);
  assertApiError(await api.json(session("life")), 404, "session_not_found");
  assert.deepEqual(await api.tmuxSessionNames(), ["life-renamed"]);

  const moved = await api.json(session("life-renamed", "/notes"));
  assert.equal(moved.status, 200);
  assert.equal(moved.body.text, "waiting on review");
  assertApiError(await api.json(session("life", "/notes")), 404, "session_not_found");

  const deleted = await api.request(session("life-renamed"), { method: "DELETE" });
  assert.equal(deleted.status, 204);
  assert.equal(await deleted.text(), "");
  assertApiError(await api.json(session("life-renamed")), 404, "session_not_found");
  assert.deepEqual(await api.tmuxSessionNames(), []);
  // Killed through Maestro: its notes go with it, and a session re-created under the name is
  // another session, with none.
  assertApiError(await api.json(session("life-renamed", "/notes")), 404, "session_not_found");
  await api.tmux.newSession("life-renamed");
  assert.deepEqual((await api.json(session("life-renamed", "/notes"))).body, {
    text: "",
    updatedAt: null,
  });
});

Deno.test("Session API accepts the longest name and the largest note", async () => {
  await using api = await ApiHarness.start();
  const longest = "a".repeat(64);
  const created = await api.json("/api/sessions", { method: "POST", body: { name: longest } });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, longest);

  const note = "n".repeat(NOTE_MAX_BYTES);
  const saved = await api.json(session(longest, "/notes"), { method: "PUT", body: { text: note } });
  assert.equal(saved.status, 200);
  assert.equal((await api.json(session(longest, "/notes"))).body.text, note);
  assert.deepEqual(await api.tmuxSessionNames(), [longest]);
});

Deno.test("Health endpoint reports version, host and tmux", async () => {
  await using api = await ApiHarness.start();
  const health = await api.json<{ version: string; host: { id: string }; tmux: string }>(
    "/api/health",
  );
  assert.equal(health.status, 200);
  assert.equal(health.body.version, VERSION);
  assert.equal(health.body.host.id, "local");
  assert.match(health.body.tmux, /^tmux \d/);
});

Deno.test("Security middleware enforces token, Host and Origin", async (t) => {
  await using api = await ApiHarness.start();
  const noAuth = { authorization: undefined };

  await t.step("a request without a token is refused with 401", async () => {
    assertApiError(await api.json("/api/sessions", { headers: noAuth }), 401, "unauthorized");
  });

  await t.step("a wrong token is refused with 401", async () => {
    const wrong = await api.json("/api/sessions", { headers: { authorization: "Bearer t0K" } });
    assertApiError(wrong, 401, "unauthorized");
    const longer = await api.json("/api/sessions", { headers: { authorization: "Bearer t0kk" } });
    assertApiError(longer, 401, "unauthorized");
  });

  await t.step("a token in the query string of an API route does not authenticate", async () => {
    assertApiError(
      await api.json("/api/sessions?token=t0k", { headers: noAuth }),
      401,
      "unauthorized",
    );
  });

  await t.step("a cookie holding the token does not authenticate, and is deleted", async () => {
    const refused = await api.request("/api/sessions", {
      headers: { ...noAuth, cookie: "maestro_token_23000=t0k; other=1; maestro_token_23001=t0k" },
    });
    assert.equal(refused.status, 401);
    const cleared = refused.headers.getSetCookie();
    assert.deepEqual(cleared.map((c) => c.split(";")[0]), [
      "maestro_token_23000=",
      "maestro_token_23001=",
    ]);
    assert.ok(cleared.every((c) => /Max-Age=0/.test(c)));
    await refused.body?.cancel();
  });

  await t.step("a foreign Host is refused with 403 even with the token", async () => {
    for (const host of ["evil.example:23000", "127.0.0.1.evil.example:23000", "evil.example"]) {
      assertApiError(await api.json("/api/health", { headers: { host } }), 403, "forbidden_host");
    }
    // Without a Host header (HTTP/2 sends :authority instead) the request URL's host is used.
    const noHeader = await api.request("/api/health", { headers: { host: undefined } });
    assert.equal(noHeader.status, 200);
    await noHeader.body?.cancel();
  });

  await t.step("localhost and IP literals are accepted as Host", async () => {
    for (const host of ["localhost:23000", "127.0.0.1:23000", "[::1]:23000"]) {
      const response = await api.request("/api/health", { headers: { host } });
      assert.equal(response.status, 200, host);
      await response.body?.cancel();
    }
  });

  await t.step("a foreign Origin may not change state", async () => {
    for (const origin of ["http://evil.example:23000", "http://127.0.0.1:23001", "null"]) {
      const refused = await api.json("/api/sessions", {
        method: "POST",
        body: { name: "from-evil" },
        headers: { origin },
      });
      assertApiError(refused, 403, "forbidden_origin");
    }
    assert.deepEqual(await api.tmuxSessionNames(), []);
  });

  await t.step("the server's own Origin may change state", async () => {
    const created = await api.json("/api/sessions", {
      method: "POST",
      body: { name: "same-origin" },
      headers: { origin: `http://${API_HOST}` },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(await api.tmuxSessionNames(), ["same-origin"]);
  });

  await t.step("the token URL serves the page: no cookie, no redirect, no referrer", async () => {
    const landing = await api.request("/?token=t0k", { headers: noAuth });
    assert.notEqual(landing.status, 302);
    assert.deepEqual(landing.headers.getSetCookie(), []);
    assert.equal(landing.headers.get("referrer-policy"), "no-referrer");
    await landing.body?.cancel();
  });

  await t.step("login trades the token for a page credential and sets no cookie", async () => {
    const first = await api.json<{ credential: string }>("/api/login", {
      method: "POST",
      body: { token: " t0k " },
      headers: noAuth,
    });
    assert.equal(first.status, 200);
    assert.match(first.body.credential, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.body.credential, "t0k");
    const second = await api.json<{ credential: string }>("/api/login", {
      method: "POST",
      body: { token: "t0k" },
      headers: noAuth,
    });
    assert.notEqual(second.body.credential, first.body.credential, "one credential per page");
    for (const credential of [first.body.credential, second.body.credential]) {
      const ok = await api.request("/api/sessions", {
        headers: { authorization: `Bearer ${credential}` },
      });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.headers.getSetCookie(), []);
      await ok.body?.cancel();
    }
    assert.equal(api.access.signedInPages, 2);
  });

  await t.step("login with a bad token is a 401 without a credential or cookie", async () => {
    for (const token of ["t0", "wrong", 42, ""]) {
      const login = await api.request("/api/login", {
        method: "POST",
        body: { token },
        headers: noAuth,
      });
      assert.equal(login.status, 401);
      assert.deepEqual(login.headers.getSetCookie(), []);
      assertApiError({ status: login.status, body: await login.json() }, 401, "unauthorized");
    }
    assert.equal(api.access.signedInPages, 2);
  });

  await t.step("sign-out ends that page's credential, and only that one", async () => {
    const login = async () =>
      (await api.json<{ credential: string }>("/api/login", {
        method: "POST",
        body: { token: "t0k" },
        headers: noAuth,
      })).body.credential;
    const [mine, theirs] = [await login(), await login()];
    const as = (credential: string) => ({ authorization: `Bearer ${credential}` });
    const out = await api.json("/api/logout", { method: "POST", body: {}, headers: as(mine) });
    assert.deepEqual(out, { status: 200, body: { ended: 1 } });
    assertApiError(await api.json("/api/sessions", { headers: as(mine) }), 401, "unauthorized");
    assert.equal((await api.json("/api/sessions", { headers: as(theirs) })).status, 200);
    const bad = await api.json("/api/logout", {
      method: "POST",
      body: { everywhere: "yes" },
      headers: as(theirs),
    });
    assertApiError(bad, 400, "invalid_input");
  });

  await t.step("sign-out everywhere ends every page's credential", async () => {
    const before = api.access.signedInPages;
    assert.ok(before >= 2);
    const out = await api.json("/api/logout", { method: "POST", body: { everywhere: true } });
    assert.deepEqual(out, { status: 200, body: { ended: before } });
    assert.equal(api.access.signedInPages, 0);
  });

  await t.step("a new token ends every page credential, and the old token", async () => {
    const { body } = await api.json<{ credential: string }>("/api/login", {
      method: "POST",
      body: { token: "t0k" },
      headers: noAuth,
    });
    assert.equal(api.access.setToken("n3w"), true);
    for (const secret of [body.credential, "t0k"]) {
      assertApiError(
        await api.json("/api/sessions", { headers: { authorization: `Bearer ${secret}` } }),
        401,
        "unauthorized",
      );
    }
    const fresh = await api.json("/api/sessions", { headers: { authorization: "Bearer n3w" } });
    assert.equal(fresh.status, 200);
    assert.equal(api.access.setToken("n3w"), false, "the same token is no change");
    api.access.setToken("t0k");
  });
});

interface BadInputCase {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  code: string;
}

type Expected = [status: number, code: string];
const INVALID_NAME: Expected = [400, "invalid_name"];
const INVALID_INPUT: Expected = [400, "invalid_input"];
const INVALID_JSON: Expected = [400, "invalid_json"];
const TOO_LARGE: Expected = [413, "too_large"];
const NO_SESSION: Expected = [404, "session_not_found"];
const NO_HOST: Expected = [404, "host_not_found"];

/** One table row: what is sent, and the status and code expected back. */
function refused(
  name: string,
  [status, code]: Expected,
  method: string,
  path: string,
  body?: unknown,
): BadInputCase {
  return { name, method, path, status, code, ...(body !== undefined ? { body } : {}) };
}

const create = (name: string, expected: Expected, body: unknown) =>
  refused(name, expected, "POST", "/api/sessions", body);
const input = (name: string, body: unknown) =>
  refused(name, INVALID_INPUT, "POST", session("base", "/input"), body);
const rename = (name: string, expected: Expected, body: unknown) =>
  refused(name, expected, "PATCH", session("base"), body);

function badInputCases(home: string): BadInputCase[] {
  const marker = join(home, "pwned");
  return [
    create('a name with ";" is refused', INVALID_NAME, { name: "a;b" }),
    create('a name with ":" is refused', INVALID_NAME, { name: "a:b" }),
    create('a name with "." is refused', INVALID_NAME, { name: "a.b" }),
    create('a name with "=" is refused', INVALID_NAME, { name: "a=b" }),
    create("an exact-match target name is refused", INVALID_NAME, { name: "=base" }),
    create("a name with a space is refused", INVALID_NAME, { name: "a b" }),
    create("a name with a double quote is refused", INVALID_NAME, { name: 'a"b' }),
    create("a name with a single quote is refused", INVALID_NAME, { name: "a'b" }),
    create("a name with $() is refused", INVALID_NAME, { name: `$(touch ${marker})` }),
    create("a name with backticks is refused", INVALID_NAME, { name: `\`touch ${marker}\`` }),
    create("a name of 65 characters is refused", INVALID_NAME, { name: "x".repeat(65) }),
    create("an empty name is refused", INVALID_NAME, { name: "" }),
    create("a name with accented letters is refused", INVALID_NAME, { name: "café" }),
    create("a name in another script is refused", INVALID_NAME, { name: "名前" }),
    create("a name with an emoji is refused", INVALID_NAME, { name: "agent-🤖" }),
    create('a name with a leading "-" is refused', INVALID_NAME, { name: "-t" }),
    create('a name with a leading "." is refused', INVALID_NAME, { name: ".hidden" }),
    create("a name with a tmux format is refused", INVALID_NAME, { name: "#{pane_id}" }),
    create("a name with a newline is refused", INVALID_NAME, { name: "a\nb" }),
    create("a name with a NUL is refused", INVALID_NAME, { name: "a\u0000b" }),
    create("a numeric name is refused", INVALID_NAME, { name: 42 }),
    create("a null name is refused", INVALID_NAME, { name: null }),
    create("an array name is refused", INVALID_NAME, { name: ["base"] }),
    create("a missing name is refused", INVALID_NAME, { cwd: "/tmp" }),
    create("invalid JSON is refused", INVALID_JSON, "{"),
    create("an empty body is refused", INVALID_JSON, ""),
    create("a JSON array body is refused", INVALID_JSON, [{ name: "arr" }]),
    create("a JSON string body is refused", INVALID_JSON, '"base"'),
    create("a JSON null body is refused", INVALID_JSON, "null"),
    create("a numeric cwd is refused", INVALID_INPUT, { name: "ok1", cwd: 5 }),
    create("an array command is refused", INVALID_INPUT, { name: "ok2", command: [] }),
    create("a numeric host is refused", INVALID_INPUT, { name: "ok3", host: 5 }),
    create("a missing cwd is refused", INVALID_INPUT, { name: "ok4", cwd: "/no/such/dir" }),
    create("a cwd that is a file is refused", INVALID_INPUT, { name: "ok5", cwd: "/etc/hostname" }),
    create("a two-line command is refused", INVALID_INPUT, { name: "ok6", command: "true\ntrue" }),
    create("a body over 1 MiB is refused with 413", TOO_LARGE, {
      name: "huge",
      command: "x".repeat(MAX_BODY_BYTES + 1),
    }),
    create("a duplicate name is a 409", [409, "session_exists"], { name: "base" }),
    create("an unknown host in the body is a 404", NO_HOST, { name: "x", host: "nope" }),
    refused(
      "an input body over 1 MiB is refused with 413",
      TOO_LARGE,
      "POST",
      session("base", "/input"),
      { text: "x".repeat(MAX_BODY_BYTES + 1) },
    ),
    input('a string "keys" is refused', { keys: "x" }),
    input('a "keys" array of numbers is refused', { keys: [1] }),
    input('a string "enter" is refused', { enter: "yes" }),
    input('a numeric "text" is refused', { text: 5 }),
    input("an empty input is refused", {}),
    input("a key name carrying a tmux command is refused", { keys: ["Enter; kill-server"] }),
    input("a tmux command separator as a key is refused", { keys: ["Enter", ";", "kill-server"] }),
    input("a key name with a format is refused", { keys: ["#{pane_pid}"] }),
    input("a key name that is a flag is refused", { keys: ["-X"] }),
    rename("a rename to a name with a ; is refused", INVALID_NAME, { name: "a;b" }),
    rename("a rename to a window target is refused", INVALID_NAME, { name: "base:0" }),
    rename("a rename to a number is refused", INVALID_NAME, { name: 7 }),
    rename("a rename without a name is refused", INVALID_NAME, {}),
    rename("a rename onto an existing session is a 409", [409, "session_exists"], {
      name: "taken",
    }),
    // A path names an existing session, which may have any name (made outside Maestro, it need
    // not follow the rule): looked up exactly, a name that reads as a tmux target, pattern or id
    // finds nothing, and is a 404. base is $0 and taken $1, their panes %0 and %1.
    refused("a path name with ; finds no session", NO_SESSION, "GET", session("a;b")),
    refused("a path name with a format finds no session", NO_SESSION, "GET", session("#{pane_id}")),
    refused("a path name pattern does not delete", NO_SESSION, "DELETE", session("ba*")),
    refused("an exact-match target does not get a session", NO_SESSION, "GET", session("=base")),
    refused("a session's id does not get it", NO_SESSION, "GET", session("$0")),
    refused("a session's id does not delete it", NO_SESSION, "DELETE", session("$1")),
    refused("a window target does not capture", NO_SESSION, "GET", session("base:0", "/screen")),
    refused("a window id does not rename", NO_SESSION, "PATCH", session("@0"), { name: "x" }),
    refused(
      "a pane id does not type into its session",
      NO_SESSION,
      "POST",
      session("%0", "/input"),
      {
        text: "x",
      },
    ),
    refused("notes for a window target are a 404", NO_SESSION, "PUT", session("base:", "/notes"), {
      text: "x",
    }),
    // tmux resolves some targets by prefix; "bas" must never reach "base".
    refused("a path name prefix does not get a session", NO_SESSION, "GET", session("bas")),
    refused("a path name prefix does not delete a session", NO_SESSION, "DELETE", session("bas")),
    refused("a path name prefix does not rename a session", NO_SESSION, "PATCH", session("bas"), {
      name: "renamed",
    }),
    refused(
      "a path name prefix does not type into a session",
      NO_SESSION,
      "POST",
      session("bas", "/input"),
      { text: "x" },
    ),
    refused(
      "a path name prefix does not capture a session",
      NO_SESSION,
      "GET",
      session("bas", "/screen"),
    ),
    refused("an unknown host is a 404", NO_HOST, "GET", "/api/hosts/nope/sessions/x"),
    refused(
      "an unknown host's screen is a 404",
      NO_HOST,
      "GET",
      "/api/hosts/nope/sessions/base/screen",
    ),
    refused("an unknown host alone is a 404", NO_HOST, "GET", "/api/hosts/nope"),
    refused("an unknown session is a 404", NO_SESSION, "GET", session("ghost")),
    refused("an unknown session's screen is a 404", NO_SESSION, "GET", session("ghost", "/screen")),
    refused(
      "input to an unknown session is a 404",
      NO_SESSION,
      "POST",
      session("ghost", "/input"),
      {
        text: "x",
      },
    ),
    refused("renaming an unknown session is a 404", NO_SESSION, "PATCH", session("ghost"), {
      name: "ghost2",
    }),
    refused("deleting an unknown session is a 404", NO_SESSION, "DELETE", session("ghost")),
    refused(
      "notes for an unknown session are a 404",
      NO_SESSION,
      "PUT",
      session("ghost", "/notes"),
      {
        text: "x",
      },
    ),
    refused("notes over 64 KiB are refused with 413", TOO_LARGE, "PUT", session("base", "/notes"), {
      text: "n".repeat(NOTE_MAX_BYTES + 1),
    }),
    refused(
      "notes over 64 KiB of UTF-8 in fewer characters are refused with 413",
      TOO_LARGE,
      "PUT",
      session("base", "/notes"),
      { text: "é".repeat(NOTE_MAX_BYTES / 2 + 1) },
    ),
    refused(
      "notes that are not a string are refused",
      INVALID_INPUT,
      "PUT",
      session("base", "/notes"),
      {
        text: 5,
      },
    ),
    refused("an unknown API route is a 404", [404, "not_found"], "GET", "/api/nope"),
  ];
}

Deno.test("Session API refuses bad input and changes nothing", async (t) => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("base");
  await api.tmux.newSession("taken");
  const snapshot = async () =>
    (await api.sessions.list()).map((s) => `${s.name} ${s.id}`).join("\n");
  const before = await snapshot();
  const cases = badInputCases(api.home);
  assert.ok(cases.length >= 30, `${cases.length} cases`);

  for (const c of cases) {
    await t.step(c.name, async () => {
      const init: ApiRequestInit = { method: c.method };
      if (c.body !== undefined) init.body = c.body;
      assertApiError(await api.json(c.path, init), c.status, c.code);
      assert.equal(await snapshot(), before, "tmux has exactly the sessions it had before");
      assert.deepEqual(
        await api.json(session("base", "/notes")),
        { status: 200, body: { text: "", updatedAt: null } },
        "the base session's notes are untouched",
      );
      const health = await api.request("/api/health");
      assert.equal(health.status, 200);
      await health.body?.cancel();
    });
  }

  await assert.rejects(Deno.stat(join(api.home, "pwned")), Deno.errors.NotFound);
});
