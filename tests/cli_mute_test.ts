import assert from "node:assert/strict";
import { runMaestro } from "./helpers/maestro_process.ts";
import { TestServer } from "./helpers/test_server.ts";

Deno.test("CLI mute and unmute set a session's mute, and mute alone lists them", async (t) => {
  await using server = await TestServer.start();
  await server.tmux.newSession("cli-agent");
  const maestro = (args: string[]) =>
    runMaestro([...args, "--url", server.server.url, "--token", server.token]);
  const listed = async () => (await (await server.fetch("/api/mutes")).json()).muted;

  await t.step("mute NAME mutes it", async () => {
    const result = await maestro(["mute", "cli-agent"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Muted cli-agent\n");
    assert.deepEqual(await listed(), [{ host: "local", name: "cli-agent" }]);
  });

  await t.step("mute without NAME lists the muted sessions", async () => {
    const result = await maestro(["mute"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-agent\n");
  });

  await t.step("unmute NAME unmutes it", async () => {
    const result = await maestro(["unmute", "cli-agent"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Unmuted cli-agent\n");
    assert.deepEqual(await listed(), []);
    assert.equal((await maestro(["mute"])).stdout, "");
  });

  await t.step("muting a session that does not exist fails with the server's message", async () => {
    const result = await maestro(["mute", "cli-ghost"]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'maestro: Session "cli-ghost" does not exist\n');
    assert.deepEqual(await listed(), []);
  });

  await t.step("unmute without NAME is a usage error", async () => {
    const result = await maestro(["unmute"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Say what to unmute: NAME or --group GROUP/);
    assert.match(result.stderr, /Usage: maestro unmute NAME/);
  });
});

Deno.test("CLI mute takes several names or a group, all at once or not at all", async (t) => {
  await using server = await TestServer.start();
  for (const name of ["team-api", "team-web", "team-db", "solo"]) {
    await server.tmux.newSession(name);
  }
  const maestro = (args: string[]) =>
    runMaestro([...args, "--url", server.server.url, "--token", server.token]);
  const listed = async () =>
    (await (await server.fetch("/api/mutes")).json()).muted.map((m: { name: string }) => m.name)
      .sort();

  await t.step("--group mutes every session in the group", async () => {
    const result = await maestro(["mute", "--group", "team"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Muted team-api\nMuted team-db\nMuted team-web\n");
    assert.deepEqual(await listed(), ["team-api", "team-db", "team-web"]);
  });

  await t.step("unmute takes several names", async () => {
    const result = await maestro(["unmute", "team-api", "team-web"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listed(), ["team-db"]);
  });

  await t.step("one missing name mutes none of them", async () => {
    const result = await maestro(["mute", "solo", "ghost"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot mute session "ghost" on "local": it does not exist/);
    assert.deepEqual(await listed(), ["team-db"]);
  });

  await t.step("a group with no session says so and mutes nothing", async () => {
    const result = await maestro(["mute", "--group", "nobody"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No session is in group "nobody"/);
    assert.deepEqual(await listed(), ["team-db"]);
  });
});
