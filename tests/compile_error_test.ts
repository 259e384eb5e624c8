import assert from "node:assert/strict";
import { join } from "node:path";
import { stripAnsi } from "../release/compile_failure.ts";
import { VERSION } from "../server/version.ts";
import { tempDir } from "./helpers/temp_dir.ts";

// release/compile.ts as `deno task compile` runs it (after `deno task bundle`, which
// `deno task test` runs first). This network cannot download Deno's runtime, so the real failure
// is what these tests see; where the download works they check the executable instead.

const ROOT = new URL("../", import.meta.url).pathname;
const COMPILE = new URL("../release/compile.ts", import.meta.url).pathname;
const STAMP = new URL("../server/build_stamp.json", import.meta.url).pathname;

interface Compiled {
  code: number;
  stderr: string;
  /** The last line of stderr, colour removed. */
  last: string;
}

async function compile(output: string, denortBin?: string): Promise<Compiled> {
  await Deno.stat(new URL("../ui/dist/index.html", import.meta.url)).catch(() => {
    throw new Error("The page is not built: run `deno task bundle` before this test");
  });
  const env = Deno.env.toObject();
  delete env.DENORT_BIN;
  if (denortBin !== undefined) env.DENORT_BIN = denortBin;
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", COMPILE, "--output", output],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = stripAnsi(new TextDecoder().decode(result.stderr));
  return { code: result.code, stderr, last: stderr.trimEnd().split("\n").at(-1) ?? "" };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** A failed compile: one sentence last, none of deno's error report, no stamp left behind. */
async function assertOneSentence(compiled: Compiled, output: string): Promise<void> {
  assert.equal(compiled.code, 1, compiled.stderr);
  assert.doesNotMatch(compiled.stderr, /Stack backtrace|Caused by|^error:/m);
  assert.match(compiled.last, /^Cannot compile Maestro: .*DENORT_BIN/);
  assert.equal(await exists(output), false, "no executable is left behind");
  assert.equal(await exists(STAMP), false, "no build stamp is left in the working tree");
}

Deno.test("Compile says in one sentence that Deno's runtime cannot be downloaded, naming DENORT_BIN", async () => {
  await using dir = await tempDir("maestro-compile-test-");
  const output = join(dir.path, "maestro");
  const compiled = await compile(output);
  if (compiled.code === 0) {
    // The download worked here: the executable must then be Maestro, stamped.
    const version = await new Deno.Command(output, { args: ["--version"], stdout: "piped" })
      .output();
    assert.match(new TextDecoder().decode(version.stdout), new RegExp(`^maestro ${VERSION} \\(`));
    return;
  }
  await assertOneSentence(compiled, output);
  assert.match(
    compiled.last,
    /^Cannot compile Maestro: deno compile could not (download Deno's runtime from https:\/\/\S+denort\S+|get Deno's runtime).*; set DENORT_BIN to the path of a denort binary of Deno \d+\.\d+\.\d+ to build offline$/,
  );
});

Deno.test("Compile says in one sentence that DENORT_BIN names no file", async () => {
  await using dir = await tempDir("maestro-compile-test-");
  const output = join(dir.path, "maestro");
  const missing = join(dir.path, "no-such-denort");
  const compiled = await compile(output, missing);
  await assertOneSentence(compiled, output);
  assert.equal(
    compiled.last,
    `Cannot compile Maestro: DENORT_BIN is "${missing}", which is not a file (No such file or ` +
      `directory (os error 2)); point it at the denort binary of Deno ${Deno.version.deno} for ` +
      "the target, or unset it to download one",
  );
});

Deno.test("Compile refuses and removes an executable that is not Maestro (a wrong DENORT_BIN)", async () => {
  await using dir = await tempDir("maestro-compile-test-");
  const output = join(dir.path, "maestro");
  // Any executable "works" as a base binary: the result runs it, not Maestro.
  const compiled = await compile(output, "/bin/true");
  assert.equal(compiled.code, 1, compiled.stderr);
  assert.doesNotMatch(compiled.stderr, /Stack backtrace|Caused by/);
  assert.match(
    compiled.last,
    new RegExp(
      `not "maestro ${VERSION} \\([0-9a-f]{7}(-dirty)?\\)"; is DENORT_BIN \\("/bin/true"\\) the ` +
        `denort binary of Deno ${Deno.version.deno} for ${Deno.build.target}\\?$`,
    ),
  );
  assert.equal(await exists(output), false);
  assert.equal(await exists(STAMP), false);
});
