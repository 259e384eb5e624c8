import assert from "node:assert/strict";
import { runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { TestServer } from "./helpers/test_server.ts";

Deno.test("CLI hosts add, ls, disable, enable, rm against a manager and a worker", async () => {
  await using worker = await TestServer.start();
  await using manager = await TestServer.start();
  await worker.tmux.newSession("wk-cli");
  const where = ["--url", manager.server.url, "--home", manager.home];
  const maestro = (...args: string[]) => runMaestro([...args, ...where]);

  const wrong = await maestro("hosts", "add", "box", worker.server.url, "--token", "wrong");
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /rejected the token/);

  const noToken = await maestro("hosts", "add", "box", worker.server.url);
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /needs --token/);

  const added = await maestro("hosts", "add", "box", worker.server.url, "--token", worker.token);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, `Added host box (${worker.server.url})\n`);

  let listed = "";
  for (let i = 0; i < 100 && !/box\s+online\s+1/.test(listed); i++) {
    listed = (await maestro("hosts", "ls")).stdout;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(listed, /^NAME\s+STATUS\s+SESSIONS\s+URL/);
  assert.match(listed, /box\s+online\s+1\s+http:\/\/127\.0\.0\.1:\d+/);
  assert.ok(!listed.includes(worker.token));

  const sessions = await maestro("ls");
  assert.match(sessions.stdout, /wk-cli\s+box\s+/);
  const made = await maestro("new", "wk-made", "--host", "box");
  assert.equal(made.stdout, "Created wk-made on box\n", made.stderr);
  const sent = await maestro("send", "wk-made", "echo via-cli", "--enter", "--host", "box");
  assert.equal(sent.code, 0, sent.stderr);

  assert.equal((await maestro("hosts", "disable", "box")).stdout, "Disabled host box\n");
  assert.match((await maestro("hosts", "ls")).stdout, /box\s+offline\s+\d+\s+\S+\s+disabled/);
  assert.equal((await maestro("hosts", "enable", "box")).stdout, "Enabled host box\n");
  assert.equal((await maestro("hosts", "rm", "box")).stdout, "Removed host box\n");
  const gone = await maestro("hosts", "rm", "box");
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /Host "box" is not known/);
});

Deno.test("CLI worker prints the command to add it on a manager", async () => {
  await using tmux = new PrivateTmux();
  const home = await Deno.makeTempDir({ prefix: "maestro-worker-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../main.ts", import.meta.url).pathname,
      "worker",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--home",
      home,
      "--tmux-socket",
      tmux.options.socket ?? "",
      "--tmux-config",
      "/dev/null",
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("--token=")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    const token = (await Deno.readTextFile(`${home}/token`)).trim();
    assert.match(text, /This machine is a worker\. On the manager, run:/);
    assert.match(
      text,
      new RegExp(`maestro hosts add \\S+ http://127\\.0\\.0\\.1:\\d+ --token=${token}`),
    );
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(home, { recursive: true });
  }
});
