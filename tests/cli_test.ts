import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../server/version.ts";
import { eventually } from "./helpers/api_harness.ts";
import { maestroEnv, MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const sessionPath = (name: string, rest = "") => `/api/hosts/local/sessions/${name}${rest}`;

Deno.test("CLI drives a running server end to end", async (t) => {
  await using dir = await tempDir("maestro-cli-test-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const where = ["--url", server.url, "--home", home];
  const maestro = (args: string[], stdin?: string) =>
    runMaestro([...args, ...where], stdin === undefined ? {} : { stdin });

  await t.step("--version prints the version and the commit", async () => {
    const result = await runMaestro(["--version"]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `maestro ${VERSION} (dev)\n`);
  });

  await t.step("--help prints the usage of every command", async () => {
    const result = await runMaestro(["--help"]);
    assert.equal(result.code, 0);
    for (const command of ["serve", "ls", "new", "send", "rename", "kill", "notes", "token"]) {
      assert.match(result.stdout, new RegExp(`maestro \\[?${command}\\b`));
    }
  });

  await t.step("new creates a session in the given directory", async () => {
    const result = await maestro(["new", "cli-one", "--cwd", "/tmp"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Created cli-one on local\n");
    const got = await server.json(sessionPath("cli-one"));
    assert.equal(got.status, 200);
    assert.equal(got.body.cwd, "/tmp");
  });

  await t.step("ls prints a table with the session", async () => {
    const result = await maestro(["ls"]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^NAME\s+HOST\s+STATUS\s+RULE\s+ACTIVE\s+COMMAND\s+CWD$/);
    assert.ok(lines.some((line) => /^cli-one\s+local\s+\w+/.test(line)), result.stdout);
  });

  await t.step("ls --json prints the sessions as JSON", async () => {
    const result = await maestro(["ls", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { sessions: { name: string; host: string }[] };
    assert.deepEqual(parsed.sessions.map((s) => [s.name, s.host]), [["cli-one", "local"]]);
  });

  await t.step("ls lists names in natural order, as the tree does", async () => {
    const extra = ["scratch-10", "scratch-2", "Scratch-3"];
    for (const name of extra) await tmux.newSession(name);
    try {
      const expected = ["cli-one", "scratch-2", "Scratch-3", "scratch-10"];
      await eventually(async () => {
        const result = await maestro(["ls"]);
        const names = result.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(/\s+/)[0]);
        return names.length === expected.length ? names : undefined;
      }, "the new sessions listed").then((names) => assert.deepEqual(names, expected));
      const json = await maestro(["ls", "--json"]);
      const parsed = JSON.parse(json.stdout) as { sessions: { name: string }[] };
      assert.deepEqual(parsed.sessions.map((s) => s.name), expected);
    } finally {
      for (const name of extra) await tmux.tmux("kill-session", "-t", `=${name}`);
    }
  });

  await t.step("the server and token are found through MAESTRO_URL and MAESTRO_HOME", async () => {
    const result = await runMaestro(["ls", "--json"], {
      env: maestroEnv({ MAESTRO_URL: server.url, MAESTRO_HOME: home }),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).sessions[0].name, "cli-one");
  });

  await t.step("send types text that the session runs", async () => {
    const result = await maestro(["send", "cli-one", "echo cli-ok", "--enter"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "");
    await eventually(async () => {
      const { body } = await server.json<{ text: string }>(sessionPath("cli-one", "/screen"));
      return body.text.split("\n").some((line) => line.trim() === "cli-ok") ? true : undefined;
    }, 'the screen to show "cli-ok"');
  });

  await t.step("notes NAME TEXT saves the notes and notes NAME prints them", async () => {
    const saved = await maestro(["notes", "cli-one", "fix the flaky test"]);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(saved.stdout, "");
    const shown = await maestro(["notes", "cli-one"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout, "fix the flaky test\n");
  });

  await t.step('notes NAME "-" reads the notes from standard input', async () => {
    const saved = await maestro(["notes", "cli-one", "-"], "line one\nline two\n");
    assert.equal(saved.code, 0, saved.stderr);
    const got = await server.json(sessionPath("cli-one", "/notes"));
    assert.equal(got.body.text, "line one\nline two\n");
    assert.equal((await maestro(["notes", "cli-one", "fix the flaky test"])).code, 0);
  });

  await t.step("rename renames the session and its notes follow", async () => {
    const result = await maestro(["rename", "cli-one", "cli-two"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Renamed cli-one to cli-two\n");
    assert.equal((await server.json(sessionPath("cli-one"))).status, 404);
    assert.equal((await server.json(sessionPath("cli-two"))).status, 200);
    const shown = await maestro(["notes", "cli-two"]);
    assert.equal(shown.stdout, "fix the flaky test\n");
  });

  await t.step("kill kills the session", async () => {
    const result = await maestro(["kill", "cli-two"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      "Killed cli-two (for 30 s, undo: maestro restore --undo cli-two)\n",
    );
    assert.equal((await server.json(sessionPath("cli-two"))).status, 404);
    assert.equal((await maestro(["ls"])).stdout, "No sessions.\n");
  });

  await t.step("an API error exits 1 with the server's message", async () => {
    const missing = await maestro(["kill", "cli-two"]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, "");
    assert.equal(missing.stderr, 'maestro: Session "cli-two" does not exist\n');

    const badName = await maestro(["new", "a:b"]);
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /^maestro: Invalid session name "a:b": /);
  });

  await t.step("a wrong token exits 1 with the server's 401 message", async () => {
    const result = await runMaestro(["ls", "--url", server.url, "--token", "wrong"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^maestro: Missing or invalid token/);
  });

  await t.step("an unreachable server exits 1 saying so", async () => {
    const dead = await runMaestro(["ls", "--url", "http://127.0.0.1:9", "--home", home]);
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /^maestro: Cannot reach Maestro at http:\/\/127\.0\.0\.1:9/);
  });

  await t.step("token prints the token stored in the home", async () => {
    const result = await runMaestro(["token", "--home", home]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${server.token}\n`);
    const viaEnv = await runMaestro(["token"], { env: maestroEnv({ MAESTRO_HOME: home }) });
    assert.equal(viaEnv.stdout, `${server.token}\n`);
  });

  await t.step("a wrong flag exits 2 with the command's usage on stderr", async () => {
    const result = await maestro(["ls", "--bogus"]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^maestro: .*--bogus/);
    assert.match(result.stderr, /Usage: maestro ls/);

    const missingArg = await maestro(["send", "only-a-name"]);
    assert.equal(missingArg.code, 2);
    assert.match(missingArg.stderr, /Usage: maestro send/);
  });

  await t.step("an unknown command exits 2 with the usage", async () => {
    const result = await maestro(["frobnicate"]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^maestro: Unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage:\n\s+maestro \[serve\]/);
  });

  assert.equal((await server.stop("SIGTERM")).code, 0);
});
