/** A new session whose command exits at once says so, with its status and last output. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ApiHarness } from "./helpers/api_harness.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

Deno.test("Creating a session whose command exits at once answers command_exited with its status and output", async () => {
  await using api = await ApiHarness.start();
  const answer = await api.json<ErrorBody>("/api/sessions", {
    method: "POST",
    body: { name: "ce-exit", command: "echo boom-$((40+2)); exit 3" },
  });
  assert.equal(answer.status, 422, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, "command_exited");
  assert.match(answer.body.error.message, /^The command exited with status 3: /);
  assert.match(answer.body.error.message, /\nboom-42(\n|$)/);
  // The session is not left behind, dead or alive.
  assert.deepEqual(await api.tmuxSessionNames(), []);
  // The name is free again.
  const again = await api.json("/api/sessions", { method: "POST", body: { name: "ce-exit" } });
  assert.equal(again.status, 201);
});

Deno.test("Creating a session whose command keeps running leaves the session as it was", async () => {
  await using api = await ApiHarness.start();
  const created = await api.json("/api/sessions", {
    method: "POST",
    body: { name: "ce-run", command: "cat" },
  });
  assert.equal(created.status, 201);
  // remain-on-exit is back to what the session inherits: the shell exiting ends it as usual.
  const option = await api.tmux.tmux("show-options", "-w", "-t", "=ce-run:", "remain-on-exit");
  assert.equal(option.trim(), "");
  // A command that fails but leaves its shell is not an exit.
  const failed = await api.json("/api/sessions", {
    method: "POST",
    body: { name: "ce-false", command: "false" },
  });
  assert.equal(failed.status, 201);
});

Deno.test("CLI new prints that the command exited and exits 1", async () => {
  await using dir = await tempDir("maestro-cli-exit-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const result = await runMaestro([
    "new",
    "ce-cli",
    "--cmd",
    "exit 3",
    "--url",
    server.url,
    "--home",
    home,
  ]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /The command exited with status 3: .*exit 3/);
});
