/** Keeps the real-agent typing benchmark from rotting: two keys into Gemini CLI's composer. */

import assert from "node:assert/strict";
import { runBench } from "../helpers/run_bench.ts";

Deno.test("Benchmark agent_typing types into a real agent beside raw tmux -C and prints both", async () => {
  const { code, stdout, stderr } = await runBench("agent_typing.ts", [
    "--agent",
    "gemini",
    "--keys",
    "2",
  ], 180_000);
  assert.equal(code, 0, `bench/agent_typing.ts exited ${code}:\n${stderr}`);
  for (const side of ["raw tmux -C", "this checkout"]) {
    assert.match(
      stdout,
      new RegExp(`^\\| ${side} \\(n=2\\) \\| \\d+\\.\\d / \\d+\\.\\d ms \\|`, "m"),
      stdout,
    );
  }
  const bad = await runBench("agent_typing.ts", ["--agent", "vim"], 180_000);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--agent is claude, codex or gemini, not "vim"/);
});
