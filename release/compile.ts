/**
 * Owns building the single `maestro` executable: the page embedded, the commit stamped, and a
 * runtime that cannot be had said in one sentence rather than a stack trace.
 *
 * Run with `deno task compile [--target TRIPLE] [--output PATH]` (the task bundles the page
 * first). `deno compile` downloads Deno's runtime, denort, for the target, or takes the file that
 * DENORT_BIN names. It compiles a staging copy of the sources with the build stamp beside
 * server/version.ts, so the working tree never holds a stamp: a checkout says "dev", and an
 * interrupted build leaves nothing behind.
 */

import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUILD_STAMP, VERSION, versionLine } from "../server/version.ts";
import { explainCompileFailure, stripAnsi } from "./compile_failure.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const USAGE = "Usage: deno task compile [--target TRIPLE] [--output PATH]";

/** A build that cannot go on; its message is the one line printed. */
class CompileError extends Error {}

function say(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));
}

/** Run a command to completion: its success, stdout and stderr (trimmed). */
async function run(
  args: string[],
  cwd: string,
): Promise<{ ok: boolean; out: string; err: string }> {
  const output = await new Deno.Command(args[0] ?? "", {
    args: args.slice(1),
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    ok: output.success,
    out: decoder.decode(output.stdout).trim(),
    err: decoder.decode(output.stderr).trim(),
  };
}

/** The checkout's commit, `-dirty` when tracked files changed; null without git. */
async function currentCommit(): Promise<string | null> {
  try {
    const head = await run(["git", "rev-parse", "--short=7", "HEAD"], ROOT);
    if (!head.ok) return null;
    const status = await run(["git", "status", "--porcelain", "--untracked-files=no"], ROOT);
    return status.ok && status.out === "" ? head.out : `${head.out}-dirty`;
  } catch {
    return null; // No git on this machine.
  }
}

/** The npm package an import map target names: `npm:/hono@^4/` → `hono`. */
function npmName(target: string): string | null {
  return target.match(/^npm:\/?((?:@[^/@]+\/)?[^/@]+)/)?.[1] ?? null;
}

/**
 * Copy what the executable is made of: main.ts's local modules, the page, the lock, and a
 * deno.json whose imports are only the packages main.ts uses (deno compile embeds every package
 * the imports name, and the browser tests' and the page's are no use to the server).
 */
async function stage(into: string): Promise<void> {
  const info = await run([Deno.execPath(), "info", "--json", "main.ts"], ROOT);
  if (!info.ok) throw new CompileError(`Cannot list Maestro's modules: ${info.err}`);
  const graph: { modules: { specifier: string; npmPackage?: string }[] } = JSON
    .parse(info.out);
  const used = new Set(
    graph.modules.flatMap((module) => module.npmPackage?.replace(/(.)@.*$/, "$1") ?? []),
  );
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  config.imports = Object.fromEntries(
    Object.entries(config.imports ?? {}).filter(([, target]) =>
      used.has(npmName(String(target)) ?? "")
    ),
  );
  await Deno.writeTextFile(join(into, "deno.json"), JSON.stringify(config, null, 2));
  const files = graph.modules
    .filter((module) => module.specifier.startsWith("file:"))
    .map((module) => relative(ROOT, fileURLToPath(module.specifier)));
  files.push("deno.lock");
  for await (const entry of Deno.readDir(join(ROOT, "ui/dist"))) {
    if (entry.isFile) files.push(join("ui/dist", entry.name));
  }
  for (const file of files) {
    if (file.startsWith("..")) {
      throw new CompileError(`Cannot stage ${file}: it is outside ${ROOT}`);
    }
    await Deno.mkdir(dirname(join(into, file)), { recursive: true });
    await Deno.copyFile(join(ROOT, file), join(into, file));
  }
}

/**
 * Run deno compile, passing its progress through as it comes, but holding back its error report
 * (a stack trace follows it) until we know whether one sentence says it better.
 */
async function denoCompile(args: string[], cwd: string): Promise<{ ok: boolean; error: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["compile", ...args],
    cwd,
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  let pending = "";
  let error = "";
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline + 1);
      pending = pending.slice(newline + 1);
      if (error === "" && !stripAnsi(line).startsWith("error:")) {
        Deno.stderr.writeSync(new TextEncoder().encode(line));
      } else {
        error += line;
      }
    }
  }
  const status = await child.status;
  return { ok: status.success, error: error + pending };
}

/** Run the new executable's --version: a wrong denort "compiles" into something that is not it. */
async function verify(
  output: string,
  expected: string,
  denortBin: string | undefined,
): Promise<void> {
  let printed: string;
  try {
    const result = await run([output, "--version"], dirname(output));
    printed = result.out || result.err;
  } catch (error) {
    printed = `(${error instanceof Error ? error.message : String(error)})`;
  }
  if (printed === expected) return;
  await Deno.remove(output).catch(() => {});
  throw new CompileError(
    `Cannot use the executable deno compile built: its --version printed "${printed}", not ` +
      `"${expected}"` +
      (denortBin === undefined
        ? ""
        : `; is DENORT_BIN ("${denortBin}") the denort binary of Deno ${Deno.version.deno} ` +
          `for ${Deno.build.target}?`),
  );
}

async function main(argv: string[], denortBin: string | undefined): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: { target: { type: "string" }, output: { type: "string" } },
    }).values;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CompileError(`Cannot compile Maestro: ${detail}\n${USAGE}`);
  }
  const output = resolve(flags.output ?? join(ROOT, "dist/maestro"));
  try {
    await Deno.stat(join(ROOT, "ui/dist/index.html"));
  } catch {
    throw new CompileError(
      "Cannot compile Maestro: the page is not built (no ui/dist/index.html): run `deno task bundle`",
    );
  }
  const commit = await currentCommit();
  if (commit === null) say("Cannot tell the commit (no git checkout): the executable will say dev");

  const staging = await Deno.makeTempDir({ prefix: "maestro-compile-" });
  try {
    await stage(staging);
    const stamp = relative(ROOT, fileURLToPath(BUILD_STAMP));
    if (commit !== null) await Deno.writeTextFile(join(staging, stamp), JSON.stringify({ commit }));
    await Deno.mkdir(dirname(output), { recursive: true });
    const compiled = await denoCompile([
      "--allow-all",
      "--include",
      "ui/dist",
      ...(commit === null ? [] : ["--include", stamp]),
      ...(flags.target === undefined ? [] : ["--target", flags.target]),
      "--output",
      output,
      "main.ts",
    ], staging);
    if (!compiled.ok) {
      const sentence = explainCompileFailure(compiled.error, Deno.version.deno);
      if (sentence === null) Deno.stderr.writeSync(new TextEncoder().encode(compiled.error));
      else say(sentence);
      return 1;
    }
  } finally {
    await Deno.remove(staging, { recursive: true });
  }
  if (flags.target === undefined || flags.target === Deno.build.target) {
    await verify(output, versionLine(VERSION, commit ?? "dev"), denortBin);
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args, Deno.env.get("DENORT_BIN")));
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    say(error.message);
    Deno.exit(1);
  }
}
