/** Owns running one benchmark script to its end for the smoke tests that keep benches from rotting. */

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * Run `bench/<script>` with `args` to its end (`timeoutMs` at most, 90 s by default: never let a
 * hang hold the suite): its exit code and output.
 */
export async function runBench(
  script: string,
  args: readonly string[],
  timeoutMs = 90_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}bench/${script}`, ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
