import assert from "node:assert/strict";
import { join } from "node:path";
import { type SessionInfo, SessionService } from "../tmux/mod.ts";
import { escapeFormat } from "../tmux/format_escape.ts";
import { ApiHarness, eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

/** Directory names a clone or an agent's `cd` can give a pane: each byte tmux prints raw. */
const AWKWARD = [
  "new\nline",
  "unit\x1fsep",
  "record\x1esep",
  "tab\there",
  "back\\slash",
  "esc\x1b[1mape",
  "trailing newline\n",
  "spaced  out ",
];

/** A program name tmux reports as given (no space; it keeps what ends in a letter). */
const AWKWARD_PROGRAM = "sl\neep\x1fx\tz";

/** Titles tmux takes as they are (it refuses one holding a control character: see below). */
const AWKWARD_TITLE = "a\\b #{pane_id} #(x) ✳ spaced  out";

function byNameIn(sessions: SessionInfo[], name: string): SessionInfo {
  const session = sessions.find((s) => s.name === name);
  assert.ok(session, `session "${name}" is listed (listed: ${sessions.map((s) => s.name)})`);
  return session;
}

Deno.test("SessionService list reads every session exactly when paths, programs and titles hold newlines and separators", async () => {
  await using dir = await tempDir("maestro-values-");
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  const expected = new Map<string, { cwd: string; command: string; title: string }>();
  let i = 0;
  for (const name of AWKWARD) {
    const cwd = join(dir.path, name);
    await Deno.mkdir(cwd);
    const session = `dir${i++}`;
    await tmux.tmux("new-session", "-d", "-s", session, "-c", escapeFormat(cwd));
    // tmux refuses a title holding a control character and keeps the one it had.
    await tmux.tmux("select-pane", "-t", `=${session}:`, "-T", escapeFormat(name));
    const title = (await tmux.tmux("display-message", "-p", "-t", `=${session}:`, "#{pane_title}"))
      .replace(/\n$/, "");
    expected.set(session, { cwd, command: "sh", title });
  }
  const program = join(dir.path, AWKWARD_PROGRAM);
  await Deno.symlink("/bin/sleep", program);
  await tmux.tmux("new-session", "-d", "-s", "program", "-c", dir.path, program, "1000");
  await tmux.tmux("select-pane", "-t", "=program:", "-T", escapeFormat(AWKWARD_TITLE));
  expected.set("program", { cwd: dir.path, command: AWKWARD_PROGRAM, title: AWKWARD_TITLE });

  const listed = await eventually(async () => {
    const sessions = await service.list();
    const shells = sessions.filter((s) => s.command === "sh").length;
    return shells === AWKWARD.length ? sessions : undefined;
  }, "every shell to start");
  assert.deepEqual(listed.map((s) => s.name).sort(), [...expected.keys()].sort());
  for (const [name, want] of expected) {
    const session = byNameIn(listed, name);
    assert.deepEqual(
      { cwd: session.cwd, command: session.command, title: session.title },
      want,
      name,
    );
    assert.match(session.id, /^\$\d+$/);
    assert.match(session.paneId, /^%\d+$/);
    assert.deepEqual([session.cols, session.rows, session.windows], [80, 24, 1]);
    // And one by one, as GET /api/hosts/local/sessions/:name reads it.
    assert.deepEqual(await service.get(name), session);
  }
});

Deno.test("SessionService list reads a path that is not UTF-8 with U+FFFD in its place", async () => {
  await using dir = await tempDir("maestro-values-");
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  await tmux.tmux("new-session", "-d", "-s", "bytes", "-c", dir.path);
  // Only the shell can make a name that is not UTF-8 (argv strings are).
  const bad = `"$(printf 'bad\\377x')"`;
  await tmux.tmux("send-keys", "-t", "=bytes:", `mkdir ${bad} && cd ${bad}`, "Enter");
  const cwd = join(dir.path, "bad\uFFFDx");
  await eventually(async () => {
    const [session] = await service.list();
    return session?.cwd === cwd ? session : undefined;
  }, "the pane to be in the directory");
  assert.equal((await service.get("bytes")).cwd, cwd);
});

Deno.test("POST /api/sessions with a directory holding a newline or separator answers 201 and lists it", async () => {
  await using dir = await tempDir("maestro-values-");
  await using api = await ApiHarness.start();
  const names: string[] = [];
  for (const [i, name] of AWKWARD.entries()) {
    const cwd = join(dir.path, name);
    await Deno.mkdir(cwd);
    const created = await api.json("/api/sessions", {
      method: "POST",
      body: { name: `s${i}`, cwd },
    });
    assert.equal(created.status, 201, `${JSON.stringify(name)}: ${JSON.stringify(created.body)}`);
    assert.equal(created.body.cwd, cwd);
    // The list knows the pane's directory once its shell has started (tmux's pane_current_path).
    const one = await eventually(async () => {
      const answer = await api.json(`/api/hosts/local/sessions/s${i}`);
      return answer.body.cwd === cwd ? answer : undefined;
    }, `s${i} to be listed in its directory`);
    assert.equal(one.status, 200);
    names.push(`s${i}`);
  }
  const listed = await api.json<{ sessions: { name: string; cwd: string }[] }>("/api/sessions");
  assert.deepEqual(
    listed.body.sessions.map((s) => [s.name, s.cwd]),
    AWKWARD.map((name, i) => [`s${i}`, join(dir.path, name)]),
  );
});
