import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { binaryName, RELEASE_TARGETS } from "../release/targets.ts";
import { VERSION } from "../server/version.ts";
import { maestroEnv } from "./helpers/maestro_process.ts";
import { tempDir } from "./helpers/temp_dir.ts";

// The release workflow runs only on the public host. These tests read it as GitHub would (YAML)
// and check its shape; the last one runs its smoke test here against Maestro from this checkout.

const MAIN = new URL("../main.ts", import.meta.url).pathname;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "working-directory"?: string;
}

interface Job {
  "runs-on": string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix: { include: { target: string; runner: string }[] } };
  steps: Step[];
}

interface Workflow {
  on: { push?: { tags?: string[]; branches?: string[] } } & Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow: Workflow = parse(
  await Deno.readTextFile(new URL("../.github/workflows/release.yml", import.meta.url)),
);

/** The job whose steps include one that runs `text`. */
function jobRunning(text: string): Job {
  const found = Object.values(workflow.jobs).filter((job) =>
    job.steps.some((step) => step.run?.includes(text))
  );
  assert.equal(found.length, 1, `one job runs ${text}`);
  return found[0] as Job;
}

/** The index of the one step in `job` that matches `test`. */
function stepIndex(job: Job, test: (step: Step) => boolean, what: string): number {
  const indices = job.steps.flatMap((step, index) => test(step) ? [index] : []);
  assert.equal(indices.length, 1, `one step ${what}`);
  return indices[0] ?? -1;
}

function step(job: Job, test: (step: Step) => boolean, what: string): Step {
  return job.steps[stepIndex(job, test, what)] as Step;
}

/** A GitHub filter pattern (`*` is anything but `/`) as a regular expression. */
function tagFilter(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*");
  return new RegExp(`^${escaped}$`);
}

const build = jobRunning("deno task compile");
const compileAt = stepIndex(
  build,
  (s) => s.run?.includes("deno task compile") ?? false,
  "compiles",
);
const smokeAt = stepIndex(build, (s) => s.run?.includes("serve --port 0") ?? false, "smoke-tests");
const checksumAt = stepIndex(build, (s) => s.run?.includes("sha256") ?? false, "checksums");
const uploadAt = stepIndex(
  build,
  (s) => s.uses?.startsWith("actions/upload-artifact@") ?? false,
  "uploads",
);

Deno.test("Release workflow runs on version tags, and only on them", () => {
  assert.deepEqual(Object.keys(workflow.on), ["push"]);
  assert.equal(workflow.on.push?.branches, undefined);
  const filters = (workflow.on.push?.tags ?? []).map(tagFilter);
  assert.ok(filters.length > 0, "a tag filter");
  for (const tag of [`v${VERSION}`, "v1.2.3", "v10.0.0"]) {
    assert.ok(filters.some((filter) => filter.test(tag)), tag);
  }
  for (const tag of ["latest", "release-1", "1.2.3", "nightly"]) {
    assert.ok(!filters.some((filter) => filter.test(tag)), tag);
  }
});

Deno.test("Release workflow compiles every release target, each on a runner of its platform", () => {
  const matrix = build.strategy?.matrix.include ?? [];
  assert.deepEqual(
    matrix.map((entry) => entry.target).sort(),
    RELEASE_TARGETS.map((entry) => entry.target).sort(),
  );
  for (const { target, runner } of matrix) {
    const [arch, , os] = target.split("-");
    if (os === "linux") assert.match(runner, /^ubuntu-/, target);
    else assert.match(runner, /^macos-/, target);
    // GitHub's ARM Linux runners say so; its Intel Macs are macos-13 or *-intel.
    if (os === "linux") assert.equal(runner.endsWith("-arm"), arch === "aarch64", target);
    else assert.equal(/intel|^macos-13$/.test(runner), arch === "x86_64", target);
  }
  assert.equal(build["runs-on"], "${{ matrix.runner }}");
  assert.equal(build.env?.BINARY, binaryName("${{ matrix.target }}"));
  const compile = build.steps[compileAt]?.run ?? "";
  assert.match(
    compile,
    /deno task compile --target "\$\{\{ matrix\.target \}\}" --output "dist\/\$BINARY"/,
  );
  const deno = step(
    build,
    (s) => s.uses?.startsWith("denoland/setup-deno@") ?? false,
    "sets up Deno",
  );
  assert.equal(String(deno.with?.["deno-version"]), Deno.version.deno);
});

Deno.test("Release workflow smoke-tests each binary: --version, then /api/health from another directory", () => {
  assert.ok(compileAt < smokeAt && smokeAt < checksumAt && checksumAt < uploadAt, "in that order");
  const smoke = build.steps[smokeAt] as Step;
  assert.equal(smoke.shell, "bash");
  const script = smoke.run ?? "";
  assert.match(script, /^set -euo pipefail$/m);
  // The version is the tag's and the commit the checkout's.
  assert.match(
    script,
    /expected="maestro \$\{GITHUB_REF_NAME#v\} \(\$\(git rev-parse --short=7 HEAD\)\)"/,
  );
  assert.match(script, /printed="\$\("\$bin" --version\)"/);
  assert.match(script, /if \[ "\$printed" != "\$expected" \]; then[^]*exit 1/);
  // serve runs from a fresh directory, not the checkout.
  const cd = script.indexOf('cd "$work"');
  assert.ok(cd > 0 && /work="\$\(mktemp -d\)"/.test(script.slice(0, cd)), "cd into a fresh folder");
  assert.ok(script.indexOf('"$bin" serve --port 0') > cd, "serve starts after the cd");
  assert.match(script, /curl -fsS -H "Authorization: Bearer \$token" "\$url\/api\/health"/);
  assert.match(script, /<title>Maestro<\/title>/, "the page is embedded");
});

Deno.test("Release workflow publishes SHA-256 checksums beside the binaries", () => {
  const checksum = build.steps[checksumAt] as Step;
  assert.equal(checksum["working-directory"], "dist");
  assert.match(checksum.run ?? "", /^shasum -a 256 "\$BINARY" >"\$BINARY\.sha256"$/m);
  const upload = build.steps[uploadAt] as Step;
  assert.deepEqual(String(upload.with?.path).trim().split("\n"), [
    "dist/${{ env.BINARY }}",
    "dist/${{ env.BINARY }}.sha256",
  ]);
  assert.equal(upload.with?.["if-no-files-found"], "error");

  const publish = jobRunning("gh release create");
  assert.equal(
    publish.needs,
    Object.keys(workflow.jobs).find((name) => workflow.jobs[name] === build),
  );
  assert.deepEqual(workflow.permissions, { contents: "read" });
  assert.deepEqual(publish.permissions, { contents: "write" });
  const download = step(
    publish,
    (s) => s.uses?.startsWith("actions/download-artifact@") ?? false,
    "downloads",
  );
  assert.equal(download.with?.path, "dist");
  assert.equal(download.with?.["merge-multiple"], true);
  const verify = step(publish, (s) => s.run?.includes("sha256sum --check") ?? false, "verifies");
  assert.match(verify.run ?? "", new RegExp(`-eq ${RELEASE_TARGETS.length}$`, "m"));
  const release = step(publish, (s) => s.run?.includes("gh release create") ?? false, "releases");
  assert.match(release.run ?? "", /gh release create "\$GITHUB_REF_NAME" dist\/\* /);
  assert.equal(release.env?.GH_TOKEN, "${{ github.token }}");
});

Deno.test("Release workflow publishes the installer, stamped with the repository", async () => {
  const publish = jobRunning("gh release create");
  const stampAt = stepIndex(publish, (s) => s.run?.includes(">dist/install.sh") ?? false, "stamps");
  const releaseAt = stepIndex(publish, (s) => s.run?.includes("gh release create") ?? false, "");
  assert.ok(stampAt < releaseAt, "stamped before the release is made from dist/*");
  // Run the step as the runner would, on a copy of install.sh.
  await using dir = await tempDir("maestro-release-stamp-");
  await Deno.mkdir(join(dir.path, "dist"));
  const installer = await Deno.readTextFile(new URL("../install.sh", import.meta.url));
  await Deno.writeTextFile(join(dir.path, "install.sh"), installer);
  const run = await new Deno.Command("bash", {
    args: ["-eo", "pipefail", "-c", publish.steps[stampAt]?.run ?? ""],
    cwd: dir.path,
    env: { GITHUB_REPOSITORY: "someone/maestro", PATH: Deno.env.get("PATH") ?? "" },
    clearEnv: true,
  }).output();
  assert.equal(run.code, 0);
  const stamped = await Deno.readTextFile(join(dir.path, "dist", "install.sh"));
  assert.equal(installer.match(/^REPOSITORY=""$/gm)?.length, 1, "the line the step replaces");
  assert.equal(stamped, installer.replace(/^REPOSITORY=""$/m, 'REPOSITORY="someone/maestro"'));
});

Deno.test("Release workflow's smoke test passes against Maestro run from a checkout", async () => {
  // A stand-in for the compiled binary: Maestro from this checkout, stamped by hand. The script
  // runs in a git repository of its own (it asks git for the commit), as in the runner.
  await using dir = await tempDir("maestro-release-smoke-");
  const checkout = join(dir.path, "checkout");
  await Deno.mkdir(join(checkout, "dist"), { recursive: true });
  const git = (...args: string[]) =>
    new Deno.Command("git", {
      args: ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", ...args],
      cwd: checkout,
      stdout: "piped",
      stderr: "piped",
    }).output();
  await git("init", "-q");
  await git("commit", "-q", "--allow-empty", "-m", "release");
  const commit = new TextDecoder().decode((await git("rev-parse", "--short=7", "HEAD")).stdout)
    .trim();
  const binary = join(checkout, "dist", binaryName("test"));
  await Deno.writeTextFile(
    binary,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "maestro ${VERSION} (${commit})"; exit; fi\n` +
      `exec "${Deno.execPath()}" run --allow-all "${MAIN}" "$@"\n`,
  );
  await Deno.chmod(binary, 0o755);
  await Deno.mkdir(join(dir.path, "tmux"));

  const smoke = build.steps[smokeAt]?.run ?? "";
  const result = await new Deno.Command("bash", {
    args: ["-c", smoke],
    cwd: checkout,
    env: maestroEnv({
      BINARY: binaryName("test"),
      GITHUB_REF_NAME: `v${VERSION}`,
      HOME: dir.path,
      TMUX_TMPDIR: join(dir.path, "tmux"),
    }),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(result.stdout);
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, new RegExp(`^maestro ${VERSION} \\(${commit}\\)$`, "m"));
  assert.match(stdout, new RegExp(`^\\{"version":"${VERSION}"`, "m"), "the health answer");
});
