/**
 * Regenerates docs/BENCHMARKS.md's measured tables in one command: the end-to-end table
 * (bench/e2e.ts) and the scale table (bench/scale.ts), each run as a child process and written
 * between its markers with the command and the machine. Nothing else in the file changes.
 *
 *   deno task bench:doc        (about 4 minutes; pass --quick to check the plumbing in seconds)
 */

import { replaceSection } from "./doc_sections.ts";

const DOC = new URL("../docs/BENCHMARKS.md", import.meta.url);

async function run(script: string, args: string[]): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(script, import.meta.url).pathname, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error(`${script} ${args.join(" ")} failed (${output.code})`);
  return new TextDecoder().decode(output.stdout);
}

async function commit(): Promise<string> {
  const output = await new Deno.Command("git", {
    args: ["rev-parse", "--short", "HEAD"],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => null);
  return output?.success ? new TextDecoder().decode(output.stdout).trim() : "unknown";
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const extra = quick ? ["--quick"] : [];
  const at = `commit ${await commit()}, ${new Date().toISOString().slice(0, 16)}Z`;
  const e2e = await run("e2e.ts", extra);
  const scale = await run("scale.ts", extra);
  let doc = await Deno.readTextFile(DOC);
  doc = replaceSection(
    doc,
    "e2e",
    `Command: \`deno run -A bench/e2e.ts${quick ? " --quick" : ""}\` (${at}).\n\n${e2e}`,
  );
  doc = replaceSection(
    doc,
    "scale",
    `Command: \`deno run -A bench/scale.ts${quick ? " --quick" : ""}\` (${at}).\n\n${scale}`,
  );
  await Deno.writeTextFile(DOC, doc);
  // Tables padded the way `deno fmt` leaves them, so the hook's format check stays green.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", DOC.pathname] }).output();
}
