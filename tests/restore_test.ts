/** Sessions that vanish without Maestro killing them come back with their layouts and notes. */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { RestorableSession, RestoreResult } from "../protocol/restorable.ts";
import { ApiHarness } from "./helpers/api_harness.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { TestServer } from "./helpers/test_server.ts";
import { tempDir } from "./helpers/temp_dir.ts";
import { allRecorded, makeSessions, path, type Shape, shapes } from "./helpers/restore_fixtures.ts";

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
