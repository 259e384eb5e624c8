import assert from "node:assert/strict";
import { nullLogger } from "../logger.ts";
import { raiseOpenFileLimit, softLimitCandidates } from "./open_file_limit.ts";

/** This process's open-file limits, as the kernel reports them. */
async function kernelLimits(): Promise<{ soft: number; hard: number }> {
  const limits = await Deno.readTextFile("/proc/self/limits");
  const match = /^Max open files\s+(\d+)\s+(\d+)/m.exec(limits);
  assert.ok(match, limits);
  return { soft: Number(match[1]), hard: Number(match[2]) };
}

Deno.test("softLimitCandidates raises the soft limit to the hard one", () => {
  assert.deepEqual(softLimitCandidates("linux", 1024n, 524_288n), [524_288n]);
  assert.deepEqual(softLimitCandidates("darwin", 256n, 4096n), [4096n]);
});

Deno.test("softLimitCandidates falls back to OPEN_MAX on macOS", () => {
  const unlimited = 2n ** 63n - 1n;
  assert.deepEqual(softLimitCandidates("darwin", 256n, unlimited), [unlimited, 10_240n]);
  assert.deepEqual(softLimitCandidates("darwin", 256n, 20_000n), [20_000n, 10_240n]);
  assert.deepEqual(softLimitCandidates("linux", 256n, 20_000n), [20_000n], "only macOS clamps");
});

Deno.test("softLimitCandidates has nothing to try when the soft limit is already the hard one", () => {
  assert.deepEqual(softLimitCandidates("linux", 4096n, 4096n), []);
  assert.deepEqual(softLimitCandidates("darwin", 10_240n, 2n ** 63n - 1n), [2n ** 63n - 1n]);
});

Deno.test({
  name: "raiseOpenFileLimit raises a lowered soft limit back to the hard one",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const before = await kernelLimits();
    assert.ok(before.hard > 64, `hard limit ${before.hard}`);
    // Lower this process's soft limit a little (prlimit --pid), as a launcher might have.
    const lowered = await new Deno.Command("/usr/bin/prlimit", {
      args: ["--pid", String(Deno.pid), `--nofile=${before.hard - 1}:`],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(lowered.code, 0, new TextDecoder().decode(lowered.stderr));
    assert.equal((await kernelLimits()).soft, before.hard - 1);

    const raised = raiseOpenFileLimit(nullLogger);
    assert.deepEqual(raised, { soft: before.hard, hard: before.hard });
    assert.deepEqual(await kernelLimits(), { soft: before.hard, hard: before.hard });
  },
});

Deno.test({
  name: "raiseOpenFileLimit reports the limits when there is nothing to raise",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const { hard } = await kernelLimits();
    assert.deepEqual(raiseOpenFileLimit(nullLogger), { soft: hard, hard });
  },
});
