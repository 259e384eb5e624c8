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

  // A plain shell at its prompt (idle), a program that prints nothing (idle), and a script that
  // asks a question, then works a moment once answered.
  await tmux.newSession("cli-plain");
  const quiet = await maestro(["new", "cli-quiet", "--cmd", "sleep 100000"]);
  assert.equal(quiet.code, 0, quiet.stderr);
  const created = await maestro([
    "new",
    "cli-ask",
    "--cmd",
    "printf 'Overwrite the build? [y/N] '; read answer; sleep 3; echo built",
  ]);
  assert.equal(created.code, 0, created.stderr);

  await t.step(
    "wait --for needs-you (or its old name, waiting) blocks until the question is up",
    async () => {
      const result = await maestro(["wait", "cli-ask", "--for", "waiting", "--timeout", "30"]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "cli-ask is needs-you (generic-prompt)\n");
      const again = await maestro(["wait", "cli-ask", "--for", "needs-you", "--timeout", "30"]);
      assert.equal(again.stdout, "cli-ask is needs-you (generic-prompt)\n");
    },
  );

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
      const table = await maestro(["ls", "--status", "needs-you"]);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 2, table.stdout);
      assert.match(lines[1] ?? "", /^cli-ask\s+local\s+needs-you\s+generic-prompt\s+/);

      const rows = async (status: string) => {
        const json = await maestro(["ls", "--status", status, "--json"]);
        assert.equal(json.code, 0, json.stderr);
        const parsed = JSON.parse(json.stdout) as { sessions: SessionView[] };
        return parsed.sessions.map((s) => [s.name, s.status, s.statusRule]);
      };
      assert.deepEqual(await rows("waiting"), [["cli-ask", "needs-you", "generic-prompt"]]);
      assert.deepEqual(await rows("idle"), [
        ["cli-plain", "idle", "shell-prompt"],
        ["cli-quiet", "idle", "quiet"],
      ]);
      assert.deepEqual((await rows("idle,needs-you")).map(([name]) => name), [
        "cli-ask",
        "cli-plain",
        "cli-quiet",
      ]);
    },
  );

  await t.step("ls --status with an unknown status is a usage error", async () => {
    const result = await maestro(["ls", "--status", "asleep"]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^maestro: --status "asleep" is not a status: use needs-you, done, working, idle, exited/,
    );
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
      'maestro: Timed out after 1 s waiting for "cli-ask" to be exited: it is needs-you ' +
        "(generic-prompt)\n",
    );
  });

  await t.step("wait --for done follows the answer through working to done", async () => {
    const sent = await maestro(["send", "cli-ask", "y", "--enter"]);
    assert.equal(sent.code, 0, sent.stderr);
    const working = await maestro(["wait", "cli-ask", "--for", "working", "--timeout", "30"]);
    assert.equal(working.code, 0, working.stderr);
    const result = await maestro(["wait", "cli-ask", "--for", "done", "--timeout", "30"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "cli-ask is done (command-finished)\n");
  });

  await t.step(
    "wait --for done right after send tells when the shell's command finished",
    async () => {
      const sent = await maestro(["send", "cli-plain", "sleep 2; echo built-$((6*7))", "--enter"]);
      assert.equal(sent.code, 0, sent.stderr);
      const result = await maestro(["wait", "cli-plain", "--for", "done", "--timeout", "30"]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "cli-plain is done (command-finished)\n");
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
          [
            ["wait", "cli-ask"],
            /^maestro: wait needs --for: needs-you, done, working, idle, exited\n/,
          ],
          [["wait", "cli-ask", "--for", "asleep"], /^maestro: --for "asleep" is not a status/],
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
