import assert from "node:assert/strict";
import { join } from "node:path";
import { SessionService } from "../tmux/mod.ts";
import { eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

Deno.test("SessionService.create types the command after the shell has drawn its prompt", async () => {
  await using dir = await tempDir("maestro-create-");
  await using tmux = new PrivateTmux();
  // A shell that takes its time to start, as a login shell reading its profile does.
  const slowShell = join(dir.path, "slow-sh");
  await Deno.writeTextFile(slowShell, "#!/bin/sh\nsleep 0.5\nexec sh\n");
  await Deno.chmod(slowShell, 0o755);
  tmux.options.env = { ...tmux.options.env, SHELL: slowShell };
  const sessions = new SessionService(tmux.options);

  await sessions.create({ name: "typed", command: "sh -c 'read line'" });
  // The shell echoes what was typed in its own time: wait for the command, then see where it is.
  const capture = await eventually(async () => {
    const capture = await sessions.capture("typed");
    return capture.text.includes("read line") ? capture : undefined;
  }, "the command to show");
  // Typed ahead of the prompt, the screen would be "sh -c …" then "$ " with the cursor after it:
  // a silent command would look like a shell at its prompt.
  assert.match(capture.text.split("\n")[0] ?? "", /^[$#] sh -c 'read line'$/);
  assert.deepEqual([capture.cursorX, capture.cursorY], [0, 1]);
});

Deno.test("SessionService.create types the command anyway when the pane never draws anything", async () => {
  await using tmux = new PrivateTmux();
  // The pane's program is cat, which prints nothing until it is given a line.
  tmux.options.env = { ...tmux.options.env, SHELL: "/bin/cat" };
  const sessions = new SessionService(tmux.options);
  await sessions.create({ name: "silent", command: "hello" });
  await eventually(async () => {
    const { text } = await sessions.capture("silent");
    return /^hello\nhello$/m.test(text) ? true : undefined;
  }, "cat to echo the command");
});

Deno.test("SessionService.create waits over one control client, not a spawned tmux per look, and leaves none attached", async () => {
  await using tmux = new PrivateTmux();
  const sessions = new SessionService(tmux.options);
  const spawned: string[] = [];
  const Command = Deno.Command;
  // Count every process the service starts (the server spawns nothing else for a create).
  Deno.Command = class extends Command {
    constructor(command: string | URL, options?: Deno.CommandOptions) {
      const args = options?.args ?? [];
      spawned.push(String(args[args.indexOf("-u") + 1]));
      super(command, options);
    }
  };
  try {
    // The waits: the shell's prompt, then EXIT_WATCH_MS (400 ms) for the command to exit.
    await sessions.create({ name: "watched", command: "cat" });
  } finally {
    Deno.Command = Command;
  }
  // set-option ×3, new-session (in the first), the control client, send-keys, list-panes; the
  // 20-odd looks in between went over the control client (each was a spawn before).
  assert.ok(spawned.length <= 8, `${spawned.length} tmux processes: ${spawned.join(", ")}`);
  assert.equal(spawned.filter((command) => command === "-C").length, 1);
  assert.equal(
    (await tmux.tmux("display-message", "-p", "-t", "=watched:", "#{session_attached}")).trim(),
    "0",
  );
  // The pane still counts as living: the control client's end did not look like the command's.
  assert.equal((await sessions.get("watched")).paneDead, false);
});
