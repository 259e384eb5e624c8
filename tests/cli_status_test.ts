import assert from "node:assert/strict";
import { join } from "node:path";
import type { SessionView } from "../server/session_view.ts";
import { eventually } from "./helpers/api_harness.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

Deno.test("CLI filters sessions by status and waits for a status", async (t) => {
  await using dir = await tempDir("maestro-cli-status-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const maestro = (args: string[]) => runMaestro([...args, "--url", server.url, "--home", home]);

  // A plain shell at its prompt (waiting), a program that prints nothing (idle), and a script
  // that asks a question, then runs silently once answered.
  await tmux.newSession("cli-plain");
  const quiet = await maestro(["new", "cli-quiet", "--cmd", "sleep 100000"]);
  assert.equal(quiet.code, 0, quiet.stderr);
  const created = await maestro([
    "new",
    "cli-ask",
    "--cmd",
    "printf 'Overwrite the build? [y/N] '; read answer; sleep 100000",
  ]);
  assert.equal(created.code, 0, created.stderr);

  await t.step("wait --for waiting blocks until the question is up", async () => {
    const result = await maestro(["wait", "cli-ask", "--for", "waiting", "--timeout", "30"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-ask is waiting (generic-prompt)\n");
  });

  await t.step(
    "ls --status lists only the sessions with that status, with their rules",
    async () => {
      await eventually(
        async () => {
          const { body } = await server.json<{ sessions: SessionView[] }>("/api/sessions");
          return body.sessions.every((s) => s.status !== "working") ? true : undefined;
        },
        "every session to be quiet",
        300,
      );
      const table = await maestro(["ls", "--status", "waiting"]);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 3, table.stdout);
      assert.match(lines[1] ?? "", /^cli-ask\s+local\s+waiting\s+generic-prompt\s+/);
      assert.match(lines[2] ?? "", /^cli-plain\s+local\s+waiting\s+shell-prompt\s+/);

      const rows = async (status: string) => {
        const json = await maestro(["ls", "--status", status, "--json"]);
        assert.equal(json.code, 0, json.stderr);
        const parsed = JSON.parse(json.stdout) as { sessions: SessionView[] };
        return parsed.sessions.map((s) => [s.name, s.status, s.statusRule]);
      };
      assert.deepEqual(await rows("waiting"), [
        ["cli-ask", "waiting", "generic-prompt"],
        ["cli-plain", "waiting", "shell-prompt"],
      ]);
      assert.deepEqual(await rows("idle"), [["cli-quiet", "idle", "quiet"]]);
      assert.deepEqual((await rows("idle,waiting")).map(([name]) => name), [
        "cli-ask",
        "cli-plain",
        "cli-quiet",
      ]);
    },
  );

  await t.step("ls --status with an unknown status is a usage error", async () => {
    const result = await maestro(["ls", "--status", "asleep"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^maestro: --status "asleep" is not a status: use working, idle/);
  });

  await t.step("wait returns at once when the status is already reached", async () => {
    const result = await maestro(["wait", "cli-quiet", "--for", "idle"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-quiet is idle (quiet)\n");
  });

  await t.step("wait gives up after --timeout with exit 124 and says where it is", async () => {
    const result = await maestro(["wait", "cli-ask", "--for", "exited", "--timeout", "1"]);
    assert.equal(result.code, 124);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      'maestro: Timed out after 1 s waiting for "cli-ask" to be exited: it is waiting ' +
        "(generic-prompt)\n",
    );
  });

  await t.step("wait --for idle follows the answer through working to idle", async () => {
    const waiter = maestro(["wait", "cli-ask", "--for", "idle", "--timeout", "30"]);
    const sent = await maestro(["send", "cli-ask", "y", "--enter"]);
    assert.equal(sent.code, 0, sent.stderr);
    const result = await waiter;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-ask is idle (quiet)\n");
  });

  await t.step(
    "wait --for waiting right after send tells when the shell's command finished",
    async () => {
      // The shell is waiting at its prompt already: the typed line's echo makes it working, so the
      // wait does not stop at the prompt that was there before the command.
      const sent = await maestro(["send", "cli-plain", "sleep 2; echo built-$((6*7))", "--enter"]);
      assert.equal(sent.code, 0, sent.stderr);
      const result = await maestro(["wait", "cli-plain", "--for", "waiting", "--timeout", "30"]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "cli-plain is waiting (shell-prompt)\n");
      const { body } = await server.json<{ text: string }>(
        "/api/hosts/local/sessions/cli-plain/screen",
      );
      assert.match(body.text, /^built-42$/m, "the command had finished");
    },
  );

  await t.step("wait for an unknown session exits 1 saying so", async () => {
    const result = await maestro(["wait", "cli-nosuch", "--for", "idle"]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'maestro: Session "cli-nosuch" does not exist\n');
  });

  await t.step("a session killed while waiting counts as exited", async () => {
    const waiter = maestro(["wait", "cli-plain", "--for", "exited", "--timeout", "30"]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await tmux.tmux("kill-session", "-t", "=cli-plain");
    const result = await waiter;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-plain is gone\n");
  });

  await t.step(
    "wait without --for, or with a bad status or timeout, is a usage error",
    async () => {
      for (
        const [args, message] of [
          [["wait", "cli-ask"], /^maestro: wait needs --for: working, idle, waiting, exited\n/],
          [["wait", "cli-ask", "--for", "done"], /^maestro: --for "done" is not a status/],
          [["wait", "cli-ask", "--for", "idle", "--timeout", "soon"], /--timeout "soon" is not/],
          [["wait", "--for", "idle"], /^maestro: "wait" takes 1 argument\(s\), got 0/],
        ] as const
      ) {
        const result = await maestro([...args]);
        assert.equal(result.code, 2, args.join(" "));
        assert.match(result.stderr, message);
        assert.match(result.stderr, /Usage: maestro wait NAME --for STATUS/);
      }
    },
  );

  await t.step("wait --help prints its usage", async () => {
    const result = await runMaestro(["wait", "--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: maestro wait NAME --for STATUS/);
  });
});
