/** A session killed through Maestro comes back for a moment with Undo (API, CLI, through a manager). */

import assert from "node:assert/strict";
import { runMaestro } from "./helpers/maestro_process.ts";
import { allRecorded, makeSessions, path, shapes } from "./helpers/restore_fixtures.ts";
import { TestServer } from "./helpers/test_server.ts";
import { tempDir } from "./helpers/temp_dir.ts";

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
