import assert from "node:assert/strict";
import { checkTmuxVersion, TmuxMissingError, TmuxVersionError } from "../tmux/mod.ts";
import { parseTmuxVersion } from "../tmux/tmux_exec.ts";

Deno.test("checkTmuxVersion accepts the installed tmux", async () => {
  assert.match(await checkTmuxVersion({}), /^tmux \d+\.\d+/);
});

Deno.test("checkTmuxVersion names a missing tmux clearly", async () => {
  await assert.rejects(
    checkTmuxVersion({ tmuxPath: "/nonexistent/tmux" }),
    (error: Error) =>
      error instanceof TmuxMissingError && /not found; install tmux 3.2/.test(error.message),
  );
});

Deno.test("checkTmuxVersion refuses tmux older than 3.2", async () => {
  const dir = await Deno.makeTempDir();
  const fake = `${dir}/tmux`;
  await Deno.writeTextFile(fake, "#!/bin/sh\necho 'tmux 3.1c'\n");
  await Deno.chmod(fake, 0o755);
  try {
    await assert.rejects(
      checkTmuxVersion({ tmuxPath: fake }),
      (error: Error) =>
        error instanceof TmuxVersionError &&
        error.message === "Cannot use tmux 3.1c: Maestro needs tmux 3.2 or newer",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseTmuxVersion reads release and development versions", () => {
  assert.deepEqual(parseTmuxVersion("tmux 3.3a"), [3, 3]);
  assert.deepEqual(parseTmuxVersion("tmux next-3.5"), [3, 5]);
  assert.deepEqual(parseTmuxVersion("tmux 10.0"), [10, 0]);
  assert.equal(parseTmuxVersion("tmux master"), null);
});
