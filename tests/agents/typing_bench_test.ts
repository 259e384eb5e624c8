/** Keeps the real-agent typing benchmark from rotting: two keys into Gemini CLI's composer. */

import assert from "node:assert/strict";

const SCRIPT = new URL("../../bench/agent_typing.ts", import.meta.url).pathname;

async function runTypingBench(args: readonly string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT, ...args],
    cwd: new URL("../../", import.meta.url).pathname,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(180_000),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("Benchmark agent_typing types into a real agent beside raw tmux -C and prints both", async () => {
  const { code, stdout, stderr } = await runTypingBench(["--agent", "gemini", "--keys", "2"]);
  assert.equal(code, 0, `bench/agent_typing.ts exited ${code}:\n${stderr}`);
  for (const side of ["raw tmux -C", "this checkout"]) {
    assert.match(
      stdout,
      new RegExp(`^\\| ${side} \\(n=2\\) \\| \\d+\\.\\d / \\d+\\.\\d ms \\|`, "m"),
      stdout,
    );
  }
  const bad = await runTypingBench(["--agent", "vim"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--agent is claude, codex or gemini, not "vim"/);
});
