/** Sessions that vanish without Maestro killing them come back with their layouts and notes. */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { RestorableSession, RestoreResult } from "../protocol/restorable.ts";
import { ApiHarness } from "./helpers/api_harness.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { TestServer } from "./helpers/test_server.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const path = (name: string, rest = "") =>
  `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;

/** A layout without its checksum and pane ids: the geometry select-layout gives back. */
const geometry = (layout: string) => layout.slice(5).replace(/,\d+([\]},]|$)/g, "$1");

interface Shape {
  windows: { name: string | null; layout: string; cwds: string[] }[];
}

/** Each session's windows as tmux has them now, by name. */
async function shapes(tmux: PrivateTmux): Promise<Map<string, Shape>> {
  const out = await tmux.tmux(
    "list-panes",
    "-a",
    "-F",
    "#{session_name}\t#{window_index}\t#{?automatic-rename,,#{window_name}}\t#{window_layout}\t#{pane_current_path}",
  );
  const result = new Map<string, Shape>();
  const windows = new Map<string, Shape["windows"][number]>();
  for (const line of out.trim().split("\n").filter((l) => l !== "")) {
    const [session = "", index = "", name = "", layout = "", cwd = ""] = line.split("\t");
    let shape = result.get(session);
    if (!shape) result.set(session, shape = { windows: [] });
    let window = windows.get(`${session}:${index}`);
    if (!window) {
      window = { name: name === "" ? null : name, layout: geometry(layout), cwds: [] };
      windows.set(`${session}:${index}`, window);
      shape.windows.push(window);
    }
    window.cwds.push(cwd);
  }
  return result;
}

/** Sessions with one, two and three panes, a second window, and directories of their own. */
async function makeSessions(tmux: PrivateTmux, root: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `rs-${i}`;
    const dir = join(root, `dir-${i}`);
    await Deno.mkdir(join(dir, "sub"), { recursive: true });
    await tmux.tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", dir);
    if (i % 3 >= 1) {
      await tmux.tmux("split-window", "-h", "-t", `=${name}:`, "-c", join(dir, "sub"));
    }
    if (i % 3 === 2) {
      await tmux.tmux("split-window", "-v", "-t", `=${name}:`, "-c", dir);
      await tmux.tmux("new-window", "-t", `=${name}:`, "-n", `win-${i}`, "-c", join(dir, "sub"));
    }
    names.push(name);
  }
  return names;
}

Deno.test("Restore lists vanished sessions and rebuilds them with layouts, directories, notes and mutes", async () => {
  await using api = await ApiHarness.start();
  await using dir = await tempDir("maestro-restore-");
  const names = await makeSessions(api.tmux, dir.path, 3);
  for (const name of names) {
    const put = await api.json(path(name, "/notes"), {
      method: "PUT",
      body: { text: `n ${name}` },
    });
    assert.equal(put.status, 200);
  }
  await api.json(path("rs-1", "/mute"), { method: "PUT", body: { muted: true } });
  // A session Maestro kills is not restorable (only undoable for a moment, then forgotten).
  await api.tmux.newSession("rs-killed");
  const killed = await api.request(path("rs-killed"), { method: "DELETE" });
  assert.equal(killed.status, 204);
  await killed.body?.cancel();

  await api.json("/api/sessions");
  await api.recorder.settled();
  const before = await shapes(api.tmux);
  assert.deepEqual((await api.json("/api/restorable")).body, { restorable: [] });

  await api.tmux.tmux("kill-server");
  const listed = await api.json<{ restorable: RestorableSession[] }>("/api/restorable");
  assert.deepEqual(listed.body.restorable.map((s) => s.name), names);
  const two = listed.body.restorable.find((s) => s.name === "rs-2");
  assert.equal(two?.windows.length, 2);
  assert.equal(two?.windows[0]?.panes.length, 3);
  assert.equal(two?.windows[1]?.name, "win-2");
  assert.equal(two?.note, "n rs-2");
  assert.equal(typeof two?.vanishedAt, "number");

  const restored = await api.json<{ results: RestoreResult[] }>("/api/restore", {
    method: "POST",
    body: { all: true },
  });
  assert.equal(restored.status, 200, JSON.stringify(restored.body));
  assert.deepEqual(restored.body.results.map((r) => [r.name, r.ok]), names.map((n) => [n, true]));
  assert.deepEqual(await shapes(api.tmux), before);
  for (const name of names) {
    assert.equal((await api.json<{ text: string }>(path(name, "/notes"))).body.text, `n ${name}`);
  }
  assert.deepEqual((await api.json("/api/mutes")).body, {
    muted: [{ host: "local", name: "rs-1" }],
  });
  assert.deepEqual((await api.json("/api/restorable")).body, { restorable: [] });
});

Deno.test("Restore refuses bad requests and reports each session that cannot come back", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("rr-a");
  await api.tmux.newSession("rr-b");
  await api.json("/api/sessions");
  await api.tmux.tmux("kill-session", "-t", "=rr-a");
  await api.tmux.tmux("kill-session", "-t", "=rr-b");
  await api.json("/api/sessions");
  // The name is taken again meanwhile.
  await api.tmux.newSession("rr-b");

  const bad = async (body: unknown, message: RegExp) => {
    const answer = await api.json<{ error: { code: string; message: string } }>("/api/restore", {
      method: "POST",
      body,
    });
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.error.code, "invalid_input");
    assert.match(answer.body.error.message, message);
  };
  await bad({}, /"names" must be a non-empty list/);
  await bad({ names: [] }, /"names" must be a non-empty list/);
  await bad({ names: [1] }, /"names" must be a non-empty list/);
  await bad({ names: ["rr-a"], all: true }, /either "names" or "all"/);
  await bad({ all: false }, /"all" must be true/);
  await bad({ names: ["rr-a", "rr-a"] }, /twice/);
  await bad({ names: ["rr-a"], rerun: "yes" }, /"rerun" must be true or false/);
  await bad({ names: Array.from({ length: 501 }, (_, i) => `n${i}`) }, /at most 500 names/);

  const answer = await api.json<{ results: RestoreResult[] }>("/api/restore", {
    method: "POST",
    body: { names: ["rr-a", "rr-b", "rr-ghost"] },
  });
  assert.equal(answer.status, 207);
  assert.deepEqual(answer.body.results.map((r) => [r.name, r.ok, r.error?.code]), [
    ["rr-a", true, undefined],
    ["rr-b", false, "session_exists"],
    ["rr-ghost", false, "not_restorable"],
  ]);
  assert.equal(
    answer.body.results[2]?.error?.message,
    'Cannot restore session "rr-ghost": no session of that name vanished',
  );
});

Deno.test("Restore re-runs a session's command only when asked", async () => {
  await using api = await ApiHarness.start();
  for (const name of ["rc-plain", "rc-rerun"]) {
    const created = await api.json("/api/sessions", {
      method: "POST",
      body: { name, command: "echo ran-$((6*7))" },
    });
    assert.equal(created.status, 201);
  }
  await api.json("/api/sessions");
  await api.tmux.tmux("kill-server");
  await api.json("/api/restore", { method: "POST", body: { names: ["rc-plain"] } });
  await api.json("/api/restore", { method: "POST", body: { names: ["rc-rerun"], rerun: true } });
  const screen = async (name: string) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await api.json<{ text: string }>(path(name, "/screen"));
      if (body.text.includes("ran-42") || i === 99) return body.text;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return "";
  };
  assert.match(await screen("rc-rerun"), /^ran-42$/m);
  // Restored first, its shell has long drawn its prompt: it ran nothing.
  const { body: plain } = await api.json<{ text: string }>(path("rc-plain", "/screen"));
  assert.doesNotMatch(plain.text, /ran-42/);
});

Deno.test("Restore --all after the tmux server and Maestro are killed brings every session back", async () => {
  await using dir = await tempDir("maestro-restore-process-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  const socket = tmux.options.socket ?? "";
  const names = await makeSessions(tmux, join(dir.path, "work"), 30);
  let before: Map<string, Shape>;
  {
    await using first = await MaestroServer.start({ home, socket });
    for (const name of names) {
      const put = await first.json(path(name, "/notes"), "PUT", { text: `note of ${name}` });
      assert.equal(put.status, 200);
    }
    // The shapes are recorded from the lists the server takes anyway; wait for the last one.
    before = await shapes(tmux);
    for (let i = 0;; i++) {
      await first.json("/api/sessions");
      const recorded = await runMaestro([
        "ls",
        "--restorable",
        "--json",
        "--url",
        first.url,
        "--home",
        home,
      ]);
      assert.equal(recorded.code, 0, recorded.stderr);
      if (await allRecorded(home, names.length) || i > 100) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await tmux.tmux("kill-server");
    assert.equal((await first.stop("SIGKILL")).signal, "SIGKILL");
  }
  await using second = await MaestroServer.start({ home, socket });
  const where = ["--url", second.url, "--home", home];
  const listed = await runMaestro(["ls", "--restorable", ...where]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(
    listed.stdout,
    /^NAME\s+VANISHED\s+WINDOWS\s+PANES\s+AGENT\s+CONVERSATION\s+COMMAND\s+CWD$/m,
  );
  assert.match(listed.stdout, /^rs-29\s+\d+m ago\s+2\s+4\s/m);

  const restored = await runMaestro(["restore", "--all", ...where]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(restored.stdout.trim().split("\n").length, 30);
  assert.deepEqual(await shapes(tmux), before);
  for (const name of names) {
    const note = await second.json<{ text: string }>(path(name, "/notes"));
    assert.equal(note.body.text, `note of ${name}`);
  }
  const again = await runMaestro(["restore", "rs-0", ...where]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Cannot restore session "rs-0": no session of that name vanished/);

  // Killed by hand and not wanted back: forgotten, with its notes.
  await tmux.tmux("kill-session", "-t", "=rs-1");
  const forgot = await runMaestro(["restore", "--forget", "rs-1", ...where]);
  assert.equal(forgot.code, 0, forgot.stderr);
  assert.equal(forgot.stdout, "Forgot rs-1\n");
  const none = await runMaestro(["ls", "--restorable", ...where]);
  assert.equal(none.stdout, "No restorable sessions.\n");
  const twice = await runMaestro(["restore", "--forget", "rs-1", ...where]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /Cannot restore session "rs-1": no session of that name vanished/);
  const usage = await runMaestro(["restore", "--forget", "--all", ...where]);
  assert.equal(usage.code, 2);
});

/** Whether the server's database has a shape for every one of `count` sessions. */
async function allRecorded(home: string, count: number): Promise<boolean> {
  const { openDatabase } = await import("../server/db/database.ts");
  using db = openDatabase(home);
  const row = db.prepare("SELECT count(*) AS n FROM session_records WHERE windows != '[]'").get();
  return Number(row?.n) >= count;
}

Deno.test("Restore through a manager reaches the worker's own records", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("rw-agent");
  await worker.tmux.tmux("split-window", "-t", "=rw-agent:");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  // The note is kept on the manager; it follows the session through the worker's restore.
  const noted = await manager.fetch("/api/hosts/w1/sessions/rw-agent/notes", {
    method: "PUT",
    body: JSON.stringify({ text: "remote note" }),
  });
  assert.equal(noted.status, 200);
  await noted.body?.cancel();
  const read = async <T>(response: Response) => ({
    status: response.status,
    body: await response.json() as T,
  });
  // Its shape is recorded by the worker, from the worker's own lists.
  for (let i = 0; i < 200; i++) {
    (await worker.fetch("/api/sessions")).body?.cancel();
    if (await allRecorded(worker.home, 1)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await worker.tmux.tmux("kill-server");
  const listed = await read<{ restorable: RestorableSession[] }>(
    await manager.fetch("/api/restorable?host=w1"),
  );
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.restorable.map((s) => [s.host, s.name]), [["w1", "rw-agent"]]);
  assert.equal(listed.body.restorable[0]?.windows[0]?.panes.length, 2);
  assert.deepEqual((await read(await manager.fetch("/api/restorable"))).body, { restorable: [] });

  const restored = await read<{ results: RestoreResult[] }>(
    await manager.fetch("/api/restore", {
      method: "POST",
      body: JSON.stringify({ host: "w1", names: ["rw-agent"] }),
    }),
  );
  assert.equal(restored.status, 200, JSON.stringify(restored.body));
  assert.deepEqual(restored.body.results.map((r) => [r.host, r.name, r.ok]), [[
    "w1",
    "rw-agent",
    true,
  ]]);
  const note = await read<{ text: string }>(
    await manager.fetch("/api/hosts/w1/sessions/rw-agent/notes"),
  );
  assert.equal(note.body.text, "remote note");
  const panes = await worker.tmux.tmux("list-panes", "-t", "=rw-agent:", "-F", "#{pane_index}");
  assert.equal(panes.trim().split("\n").length, 2);
});

Deno.test("Undo brings back a session just killed through Maestro, with its layout and notes", async () => {
  await using dir = await tempDir("maestro-undo-");
  await using server = await TestServer.start();
  const [name = ""] = await makeSessions(server.tmux, dir.path, 3).then((n) => n.slice(2));
  const where = ["--url", server.server.url, "--token", server.token];
  const noted = await server.fetch(path(name, "/notes"), {
    method: "PUT",
    body: JSON.stringify({ text: "bring me back" }),
  });
  assert.equal(noted.status, 200);
  await noted.body?.cancel();
  for (let i = 0; i < 200 && !(await allRecorded(server.home, 3)); i++) {
    (await server.fetch("/api/sessions")).body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const before = (await shapes(server.tmux)).get(name);

  const killed = await runMaestro(["kill", name, ...where]);
  assert.equal(killed.code, 0, killed.stderr);
  assert.equal(killed.stdout, `Killed ${name} (for 30 s, undo: maestro restore --undo ${name})\n`);
  assert.equal((await shapes(server.tmux)).has(name), false);
  // Killed on purpose is never restorable, and its notes are not reachable meanwhile.
  const listed = await runMaestro(["ls", "--restorable", ...where]);
  assert.equal(listed.stdout, "No restorable sessions.\n");
  const notes = await server.fetch(path(name, "/notes"));
  assert.equal(notes.status, 404);
  await notes.body?.cancel();

  const undone = await runMaestro(["restore", "--undo", name, ...where]);
  assert.equal(undone.code, 0, undone.stderr);
  assert.equal(undone.stdout, `Restored ${name}\n`);
  assert.deepEqual((await shapes(server.tmux)).get(name), before);
  const back = await server.fetch(path(name, "/notes"));
  assert.equal((await back.json()).text, "bring me back");

  const twice = await runMaestro(["restore", "--undo", name, ...where]);
  assert.equal(twice.code, 1);
  assert.match(
    twice.stderr,
    new RegExp(
      `Cannot undo killing session "${name}": none of that name was killed through ` +
        "Maestro in the last 30 s",
    ),
  );
  const usage = await runMaestro(["restore", "--undo", "--all", ...where]);
  assert.equal(usage.code, 2);
  for (
    const [body, message] of [
      [{ all: true, undo: true }, 'Undoing a kill takes "names", not "all"'],
      [{ names: [name], undo: "yes" }, 'Field "undo" must be true or false'],
    ] as const
  ) {
    const refused = await server.fetch("/api/restore", {
      method: "POST",
      body: JSON.stringify(body),
    });
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).error.message, message);
  }
  assert.equal((await shapes(server.tmux)).size, 3, "nothing changed by the refusals");
});

Deno.test("Undo through a manager brings back a worker's session with the manager's notes", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("uw-agent");
  await worker.tmux.tmux("split-window", "-t", "=uw-agent:");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  const noted = await manager.fetch("/api/hosts/w1/sessions/uw-agent/notes", {
    method: "PUT",
    body: JSON.stringify({ text: "remote note" }),
  });
  assert.equal(noted.status, 200);
  await noted.body?.cancel();
  for (let i = 0; i < 200 && !(await allRecorded(worker.home, 1)); i++) {
    (await worker.fetch("/api/sessions")).body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const where = ["--url", manager.server.url, "--token", manager.token, "--host", "w1"];
  const killed = await runMaestro(["kill", "uw-agent", ...where]);
  assert.equal(killed.code, 0, killed.stderr);
  assert.match(killed.stdout, /undo: maestro restore --undo uw-agent --host w1\)/);
  const restorable = await manager.fetch("/api/restorable?host=w1");
  assert.deepEqual(await restorable.json(), { restorable: [] });

  const undone = await runMaestro(["restore", "--undo", "uw-agent", ...where]);
  assert.equal(undone.code, 0, undone.stderr);
  assert.equal(undone.stdout, "Restored uw-agent\n");
  const note = await manager.fetch("/api/hosts/w1/sessions/uw-agent/notes");
  assert.equal((await note.json()).text, "remote note");
  const panes = await worker.tmux.tmux("list-panes", "-t", "=uw-agent:", "-F", "#{pane_index}");
  assert.equal(panes.trim().split("\n").length, 2);
});
