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
    assert.match(result.stderr, /"unmute" takes 1 argument/);
    assert.match(result.stderr, /Usage: maestro unmute NAME/);
  });
});
