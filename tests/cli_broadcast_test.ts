/** `maestro broadcast` against a real manager and worker: who gets the input, and what prints. */

import assert from "node:assert/strict";
import { eventually } from "./helpers/api_harness.ts";
import { runMaestro } from "./helpers/maestro_process.ts";
import { TestServer } from "./helpers/test_server.ts";

const screen = (server: TestServer, name: string) =>
  server.tmux.tmux("capture-pane", "-p", "-t", `=${name}:`);

/** Wait until `name`'s screen has a line that is exactly `line`; returns the screen. */
const waitForLine = (server: TestServer, name: string, line: string) =>
  eventually(async () => {
    const text = await screen(server, name);
    return text.split("\n").some((row) => row.trim() === line) ? text : undefined;
  }, `"${line}" on ${name}`);

/** A session whose shell prompt shows (input typed earlier could race the shell's start). */
async function newShell(server: TestServer, name: string): Promise<void> {
  await server.tmux.newSession(name);
  await eventually(
    async () => (await screen(server, name)).trim() !== "" ? true : undefined,
    `${name}'s prompt`,
  );
}

Deno.test("CLI broadcast types into a group on every host, and reports each session", async (t) => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  for (const name of ["team-a", "team-b", "solo"]) await newShell(manager, name);
  await newShell(worker, "team-w");
  const where = ["--url", manager.server.url, "--home", manager.home];
  const maestro = (...args: string[]) => runMaestro([...args, ...where]);

  const added = await maestro("hosts", "add", "box", worker.server.url, "--token", worker.token);
  assert.equal(added.code, 0, added.stderr);
  await eventually(async () => {
    const ls = await maestro("ls");
    return /team-w\s+box\s+/.test(ls.stdout) ? true : undefined;
  }, "the worker's session in the manager's list");

  await t.step("--group sends to the group's sessions on every host and no other", async () => {
    const result = await maestro("broadcast", "--group", "team", "echo grp-$((6*7))", "--enter");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "sent    team-a\nsent    team-b\nsent    box/team-w\n");
    assert.equal(result.stderr, "");
    await waitForLine(manager, "team-a", "grp-42");
    await waitForLine(manager, "team-b", "grp-42");
    await waitForLine(worker, "team-w", "grp-42");
    // solo's input is typed in order, so once its own marker shows, nothing came before.
    const own = await maestro("send", "solo", "echo solo-$((1+1))", "--enter");
    assert.equal(own.code, 0, own.stderr);
    assert.doesNotMatch(await waitForLine(manager, "solo", "solo-2"), /grp-/);
  });

  await t.step(
    "--to names sessions; a missing one fails alone and the exit code is 1",
    async () => {
      const result = await maestro(
        "broadcast",
        "echo to-$((2+3))",
        "--to",
        "solo",
        "--to",
        "ghost",
        "--to",
        "box/team-w",
        "--key",
        "Enter",
      );
      assert.equal(result.code, 1);
      assert.equal(
        result.stdout,
        'sent    solo\nfailed  ghost: Session "ghost" does not exist\nsent    box/team-w\n',
      );
      assert.equal(result.stderr, "maestro: 1 of 3 sessions did not get the input\n");
      await waitForLine(manager, "solo", "to-5");
      await waitForLine(worker, "team-w", "to-5");
    },
  );

  await t.step("mistakes are usage errors or clear messages, and send nothing", async () => {
    const before = await screen(manager, "team-a");
    const noTarget = await maestro("broadcast", "echo x");
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /^maestro: Say where to send/);
    assert.match(noTarget.stderr, /Usage: maestro broadcast/);

    const nothing = await maestro("broadcast", "--group", "team");
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^maestro: Nothing to send/);

    const twoTexts = await maestro("broadcast", "--group", "team", "one", "two");
    assert.equal(twoTexts.code, 2);

    const empty = await maestro("broadcast", "--group", "nobody", "--to", "team-a", "echo x");
    assert.equal(empty.code, 1);
    assert.equal(empty.stdout, "");
    assert.match(empty.stderr, /^maestro: No session is in group "nobody"/);

    const badKey = await maestro("broadcast", "--to", "team-a", "echo x", "--key", "Enter;ls");
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /^maestro: Key "Enter;ls" in "keys" is not a tmux key name/);

    // Any name may be a session's (made outside Maestro): only an empty one is refused whole.
    const badName = await maestro("broadcast", "--to", "team-a", "--to", "", "echo x");
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /^maestro: Target 2 needs a non-empty "name" string/);
    assert.equal(await screen(manager, "team-a"), before);
  });

  await t.step("--help prints the usage", async () => {
    const help = await runMaestro(["broadcast", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: maestro broadcast/);
    assert.match((await runMaestro(["--help"])).stdout, /maestro broadcast/);
  });
});
