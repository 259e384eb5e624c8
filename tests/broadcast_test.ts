/** Broadcast API tests: real tmux, one input typed into several sessions and no other. */

import assert from "node:assert/strict";
import { MAX_BODY_BYTES } from "../server/app.ts";
import {
  BROADCAST_MAX_TARGETS,
  BROADCAST_TEXT_MAX_BYTES,
  type BroadcastResult,
} from "../server/routes/broadcast.ts";
import { ApiHarness, eventually } from "./helpers/api_harness.ts";
import { TestServer } from "./helpers/test_server.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

/** True once some line of `screen` is exactly `line` (the output, not the echoed command). */
const hasLine = (screen: string, line: string) =>
  screen.split("\n").some((row) => row.trim() === line);

async function screenOf(api: ApiHarness, name: string): Promise<string> {
  return (await api.sessions.capture(name)).text;
}

async function waitForLine(api: ApiHarness, name: string, line: string): Promise<string> {
  let screen = "";
  try {
    return await eventually(async () => {
      screen = await screenOf(api, name);
      return hasLine(screen, line) ? screen : undefined;
    }, `"${line}" on ${name}'s screen`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it shows:\n${screen}`);
  }
}

/** A session whose shell is up (its prompt shows): typing earlier could race the shell's start. */
async function newShell(api: ApiHarness, name: string): Promise<void> {
  await api.tmux.newSession(name);
  await eventually(
    async () => (await screenOf(api, name)).trim() !== "" ? true : undefined,
    `${name}'s prompt`,
  );
}

const broadcast = (api: ApiHarness, body: unknown) =>
  api.json<{ results: BroadcastResult[] } & Partial<ErrorBody>>("/api/broadcast", {
    method: "POST",
    body,
  });

Deno.test("Broadcast types into every target and no other session", async () => {
  await using api = await ApiHarness.start();
  for (const name of ["team-a", "team-b", "team-c"]) await newShell(api, name);

  const sent = await broadcast(api, {
    targets: [{ host: "local", name: "team-a" }, { name: "team-c" }],
    text: "echo bc-$((40+2))",
    enter: true,
  });
  assert.equal(sent.status, 200);
  assert.deepEqual(sent.body.results, [
    { host: "local", name: "team-a", ok: true },
    { host: "local", name: "team-c", ok: true },
  ]);
  await waitForLine(api, "team-a", "bc-42");
  await waitForLine(api, "team-c", "bc-42");

  // Input reaches a pane in order: once team-b runs its own marker, an earlier broadcast would
  // have shown before it.
  await api.request("/api/hosts/local/sessions/team-b/input", {
    method: "POST",
    body: { text: "echo own-$((1+1))", enter: true },
  });
  const other = await waitForLine(api, "team-b", "own-2");
  assert.doesNotMatch(other, /bc-/, "the unselected session received nothing");

  // Keys go through the same rules as the input route: text, then keys.
  const keys = await broadcast(api, {
    targets: [{ name: "team-a" }, { name: "team-b" }],
    text: "echo keyed-$((3*3))",
    keys: ["Enter"],
  });
  assert.equal(keys.status, 200);
  await waitForLine(api, "team-a", "keyed-9");
  await waitForLine(api, "team-b", "keyed-9");
});

Deno.test("Broadcast reports a missing session and still types into the others", async () => {
  await using api = await ApiHarness.start();
  await newShell(api, "one");
  await newShell(api, "two");

  const sent = await broadcast(api, {
    targets: [{ name: "one" }, { name: "ghost" }, { name: "two" }],
    text: "echo partial-$((5+5))",
    enter: true,
  });
  assert.equal(sent.status, 207, JSON.stringify(sent.body));
  const [one, ghost, two] = sent.body.results;
  assert.deepEqual(one, { host: "local", name: "one", ok: true });
  assert.deepEqual(two, { host: "local", name: "two", ok: true });
  assert.equal(ghost?.ok, false);
  assert.equal(ghost?.name, "ghost");
  assert.equal(ghost?.error?.code, "session_not_found");
  assert.match(ghost?.error?.message ?? "", /ghost/);
  await waitForLine(api, "one", "partial-10");
  await waitForLine(api, "two", "partial-10");
  assert.deepEqual(await api.tmuxSessionNames(), ["one", "two"], "no session was created");
});

Deno.test("Broadcast addresses names exactly: a pattern, an id or a command reaches no session", async () => {
  await using api = await ApiHarness.start();
  await newShell(api, "base"); // $0, its pane %0
  await newShell(api, "other");
  // Sessions made outside Maestro may have any name, so these are looked up, not refused whole.
  const names = ["a;kill-server", "ba*", "bas", "=base", "$0", "%0", "base:0", "client-1"];
  const sent = await broadcast(api, {
    targets: [{ name: "other" }, ...names.map((name) => ({ name }))],
    text: "echo exact-$((6*7))",
    enter: true,
  });
  assert.equal(sent.status, 207, JSON.stringify(sent.body));
  assert.deepEqual(sent.body.results[0], { host: "local", name: "other", ok: true });
  for (const [index, name] of names.entries()) {
    const result = sent.body.results[index + 1];
    assert.equal(result?.name, name);
    assert.equal(result?.error?.code, "session_not_found", name);
  }
  await waitForLine(api, "other", "exact-42");
  await api.request("/api/hosts/local/sessions/base/input", {
    method: "POST",
    body: { text: "echo own-$((1+1))", enter: true },
  });
  assert.doesNotMatch(await waitForLine(api, "base", "own-2"), /exact-/);
  assert.deepEqual(await api.tmuxSessionNames(), ["base", "other"]);
});

type Expected = [status: number, code: string];
const INVALID_INPUT: Expected = [400, "invalid_input"];
const INVALID_NAME: Expected = [400, "invalid_name"];
const TOO_LARGE: Expected = [413, "too_large"];

const BASE = { name: "base" };
const TEXT = "echo SHOULD-NOT-RUN";

function badBroadcasts(): [string, Expected, unknown][] {
  const many = Array.from({ length: BROADCAST_MAX_TARGETS + 1 }, (_, i) => ({ name: `s${i}` }));
  many[0] = BASE;
  return [
    ["invalid JSON is refused", [400, "invalid_json"], "{"],
    ["a JSON array body is refused", [400, "invalid_json"], [BASE]],
    ["missing targets are refused", INVALID_INPUT, { text: TEXT }],
    ["targets that are not an array are refused", INVALID_INPUT, { targets: BASE, text: TEXT }],
    ["an empty target list is refused", INVALID_INPUT, { targets: [], text: TEXT }],
    [
      `more than ${BROADCAST_MAX_TARGETS} targets are refused`,
      INVALID_INPUT,
      { targets: many, text: TEXT },
    ],
    ["a target that is a string is refused", INVALID_INPUT, { targets: [BASE, "x"], text: TEXT }],
    ["a target without a name is refused", INVALID_NAME, { targets: [BASE, {}], text: TEXT }],
    [
      "a target with a numeric name is refused",
      INVALID_NAME,
      { targets: [BASE, { name: 5 }], text: TEXT },
    ],
    [
      "a target with an empty name is refused",
      INVALID_NAME,
      { targets: [BASE, { name: "" }], text: TEXT },
    ],
    [
      "a target with a numeric host is refused",
      INVALID_INPUT,
      { targets: [BASE, { host: 1, name: "x" }], text: TEXT },
    ],
    [
      "a target listed twice is refused",
      INVALID_INPUT,
      { targets: [BASE, { host: "local", name: "base" }], text: TEXT },
    ],
    [
      "a target on an unknown host is a 404",
      [404, "host_not_found"],
      { targets: [BASE, { host: "nope", name: "x" }], text: TEXT },
    ],
    ["nothing to send is refused", INVALID_INPUT, { targets: [BASE] }],
    ["a numeric text is refused", INVALID_INPUT, { targets: [BASE], text: 5 }],
    ['a string "keys" is refused', INVALID_INPUT, { targets: [BASE], text: TEXT, keys: "C-c" }],
    [
      "a bad key name after valid text is refused before the text is typed",
      INVALID_INPUT,
      { targets: [BASE], text: TEXT, keys: ["Enter", ";", "kill-server"] },
    ],
    ['a string "enter" is refused', INVALID_INPUT, { targets: [BASE], text: TEXT, enter: "yes" }],
    [
      `text over ${BROADCAST_TEXT_MAX_BYTES} bytes is refused`,
      TOO_LARGE,
      { targets: [BASE], text: "x".repeat(BROADCAST_TEXT_MAX_BYTES + 1) },
    ],
    [
      `text over ${BROADCAST_TEXT_MAX_BYTES} bytes of UTF-8 in fewer characters is refused`,
      TOO_LARGE,
      { targets: [BASE], text: "é".repeat(BROADCAST_TEXT_MAX_BYTES / 2 + 1) },
    ],
    [
      "a body over 1 MiB is refused",
      TOO_LARGE,
      { targets: [BASE], text: TEXT, pad: "x".repeat(MAX_BODY_BYTES) },
    ],
  ];
}

Deno.test("Broadcast refuses bad input whole and types nothing", async (t) => {
  await using api = await ApiHarness.start();
  await newShell(api, "base");
  await newShell(api, "other");
  const before = await screenOf(api, "base");

  for (const [name, [status, code], body] of badBroadcasts()) {
    await t.step(name, async () => {
      const result = await broadcast(api, body);
      assert.equal(result.status, status, JSON.stringify(result.body).slice(0, 300));
      assert.equal(result.body.error?.code, code);
      assert.ok((result.body.error?.message ?? "").length > 0);
      assert.equal(await screenOf(api, "base"), before);
    });
  }

  // tmux types a pane's input in order: once this marker shows, anything typed earlier would too.
  await api.request("/api/hosts/local/sessions/base/input", {
    method: "POST",
    body: { text: "echo end-$((2+2))", enter: true },
  });
  const after = await waitForLine(api, "base", "end-4");
  assert.doesNotMatch(after, /SHOULD-NOT/);
  assert.deepEqual(await api.tmuxSessionNames(), ["base", "other"]);
});

Deno.test("Broadcast reaches sessions on a worker through the manager", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  const screen = (server: TestServer, name: string) =>
    server.tmux.tmux("capture-pane", "-p", "-t", `=${name}:`);
  const waitFor = (server: TestServer, name: string, ok: (screen: string) => boolean) =>
    eventually(async () => {
      const text = await screen(server, name);
      return ok(text) ? text : undefined;
    }, `${name}'s screen`);
  await manager.tmux.newSession("here");
  await worker.tmux.newSession("there");
  await waitFor(manager, "here", (text) => text.trim() !== "");
  await waitFor(worker, "there", (text) => text.trim() !== "");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201, await added.text());

  const response = await manager.fetch("/api/broadcast", {
    method: "POST",
    body: JSON.stringify({
      targets: [
        { host: "local", name: "here" },
        { host: "w1", name: "there" },
        { host: "w1", name: "gone" },
      ],
      text: "echo relay-$((7*6))",
      enter: true,
    }),
  });
  const { results } = await response.json() as { results: BroadcastResult[] };
  assert.equal(response.status, 207);
  assert.deepEqual(results.slice(0, 2), [
    { host: "local", name: "here", ok: true },
    { host: "w1", name: "there", ok: true },
  ]);
  assert.equal(results[2]?.ok, false);
  assert.equal(results[2]?.error?.code, "session_not_found");
  assert.match(results[2]?.error?.message ?? "", /^On host "w1": /);

  await waitFor(manager, "here", (text) => hasLine(text, "relay-42"));
  await waitFor(worker, "there", (text) => hasLine(text, "relay-42"));
});
