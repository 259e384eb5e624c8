import assert from "node:assert/strict";
import { join } from "node:path";
import { binaryName, RELEASE_TARGETS } from "../release/targets.ts";
import { tempDir } from "./helpers/temp_dir.ts";

// install.sh run for real by /bin/sh (dash on Debian: no bashisms get through) against a fake
// release served on 127.0.0.1. The "binaries" are tiny shell scripts that answer --version.

const INSTALL = new URL("../install.sh", import.meta.url).pathname;
const VERSION_LINE = "maestro 9.9.9 (abc1234)";

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The stand-in binary for a target: it says which target it is, and answers --version. */
function fakeBinary(target: string): Uint8Array {
  return new TextEncoder().encode(
    `#!/bin/sh\n# ${target}\n[ "$1" = "--version" ] && echo "${VERSION_LINE}"\n`,
  );
}

/** A release folder for every target, each binary with its .sha256, served over HTTP. */
class FakeRelease implements AsyncDisposable {
  /** Paths asked for, in order. */
  readonly requests: string[] = [];
  readonly files = new Map<string, Uint8Array>();
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor() {
    this.#server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
      const path = new URL(request.url).pathname;
      this.requests.push(path);
      const body = this.files.get(path.slice(1));
      return body === undefined
        ? new Response("not found", { status: 404 })
        : new Response(body as Uint8Array<ArrayBuffer>);
    });
  }

  static async create(): Promise<FakeRelease> {
    const release = new FakeRelease();
    for (const { target } of RELEASE_TARGETS) {
      const binary = fakeBinary(target);
      release.files.set(binaryName(target), binary);
      release.setChecksum(target, await sha256(binary));
    }
    return release;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  setChecksum(target: string, hex: string): void {
    const line = `${hex}  ${binaryName(target)}\n`;
    this.files.set(`${binaryName(target)}.sha256`, new TextEncoder().encode(line));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#server.shutdown();
  }
}

/** A folder of commands put first on PATH: `uname` answering as `kernel` on `machine`. */
async function fakeUname(dir: string, kernel: string, machine: string): Promise<string> {
  const bin = join(dir, "fake-bin");
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(
    join(bin, "uname"),
    `#!/bin/sh\ncase "$1" in -s) echo ${kernel} ;; -m) echo ${machine} ;; *) exit 1 ;; esac\n`,
  );
  await Deno.chmod(join(bin, "uname"), 0o755);
  return bin;
}

/** Where `name` is on this machine's PATH. */
function which(name: string): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(join(dir, name)).isFile) return join(dir, name);
    } catch {
      // Not in this one.
    }
  }
  throw new Error(`Cannot find ${name} on PATH`);
}

/** A folder holding only the named commands (links to the real ones), to use as the whole PATH. */
async function toolbox(dir: string, names: string[]): Promise<string> {
  const bin = join(dir, "toolbox");
  await Deno.mkdir(bin);
  for (const name of names) await Deno.symlink(which(name), join(bin, name));
  return bin;
}

interface Installed {
  code: number;
  stdout: string;
  stderr: string;
}

async function install(
  args: string[],
  env: Record<string, string>,
): Promise<Installed> {
  const output = await new Deno.Command("/bin/sh", {
    args: [INSTALL, ...args],
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

async function listDir(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) names.push(entry.name);
  return names.sort();
}

const HOST_TARGET = Deno.build.target;

Deno.test("Installer installs the binary for this machine, runs it, and prints what to run next", async () => {
  assert.ok(
    RELEASE_TARGETS.some(({ target }) => target === HOST_TARGET),
    `this test runs on a machine that releases are built for, not ${HOST_TARGET}`,
  );
  await using dir = await tempDir("maestro-install-test-");
  await using release = await FakeRelease.create();
  const bin = join(dir.path, "bin");
  const result = await install(["--dir", bin], {
    HOME: dir.path,
    MAESTRO_RELEASE_URL: release.url,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  const installed = join(bin, "maestro");
  assert.deepEqual(await Deno.readFile(installed), release.files.get(binaryName(HOST_TARGET)));
  assert.equal(((await Deno.stat(installed)).mode ?? 0) & 0o777, 0o755);
  assert.deepEqual(await listDir(bin), ["maestro"], "no temporary file is left beside it");
  assert.deepEqual(release.requests, [
    `/${binaryName(HOST_TARGET)}`,
    `/${binaryName(HOST_TARGET)}.sha256`,
  ]);
  assert.ok(result.stdout.includes(`Installed ${VERSION_LINE} to ${installed}\n`), result.stdout);
  // bin is not on PATH: the next commands name the file, and the PATH line says how.
  assert.ok(result.stdout.includes(`${bin} is not on your PATH`), result.stdout);
  assert.ok(
    result.stdout.endsWith(
      "\nNext, start the dashboard and open the URL it prints (it carries the token):\n" +
        `  ${installed}\n` +
        "On each other machine, install it the same way and run this, to see its agents here too:\n" +
        `  ${installed} worker\n`,
    ),
    result.stdout,
  );

  const run = await new Deno.Command(installed, { args: ["--version"], stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(run.stdout), `${VERSION_LINE}\n`);
});

Deno.test("Installer picks the release binary for each platform uname reports", async () => {
  await using release = await FakeRelease.create();
  for (const { target, kernel, machine } of RELEASE_TARGETS) {
    await using dir = await tempDir("maestro-install-test-");
    const fake = await fakeUname(dir.path, kernel, machine);
    const bin = join(dir.path, "bin");
    const result = await install([`--dir=${bin}`], {
      HOME: dir.path,
      PATH: `${fake}:${bin}:${Deno.env.get("PATH")}`,
      MAESTRO_RELEASE_URL: `${release.url}/`,
    });
    assert.equal(result.code, 0, `${kernel} ${machine}: ${result.stderr}`);
    assert.deepEqual(
      await Deno.readFile(join(bin, "maestro")),
      release.files.get(binaryName(target)),
    );
    // On PATH: the next commands are the bare names.
    assert.doesNotMatch(result.stdout, /is not on your PATH/);
    assert.match(result.stdout, /URL it prints \(it carries the token\):\n {2}maestro\n/);
    assert.match(result.stdout, /agents here too:\n {2}maestro worker\n$/);
  }
});

Deno.test("Installer refuses a checksum mismatch and installs nothing", async () => {
  await using dir = await tempDir("maestro-install-test-");
  await using release = await FakeRelease.create();
  const wrong = await sha256(new TextEncoder().encode("something else"));
  release.setChecksum(HOST_TARGET, wrong);
  const bin = join(dir.path, "bin");
  await Deno.mkdir(bin);
  await Deno.writeTextFile(join(bin, "maestro"), "the maestro installed before\n");
  const result = await install(["--dir", bin], {
    HOME: dir.path,
    MAESTRO_RELEASE_URL: release.url,
  });
  assert.equal(result.code, 1);
  const actual = await sha256(release.files.get(binaryName(HOST_TARGET)) ?? new Uint8Array());
  assert.equal(
    result.stderr,
    `install.sh: Refusing to install ${
      binaryName(HOST_TARGET)
    }: its SHA-256 is ${actual} but the ` +
      `release says ${wrong} (a damaged or tampered download); nothing was installed\n`,
  );
  assert.deepEqual(await listDir(bin), ["maestro"]);
  assert.equal(await Deno.readTextFile(join(bin, "maestro")), "the maestro installed before\n");
});

Deno.test("Installer refuses a release without a readable checksum", async () => {
  await using release = await FakeRelease.create();
  const checksum = `${binaryName(HOST_TARGET)}.sha256`;
  for (
    const [body, message] of [
      [
        undefined,
        `Cannot download ${release.url}/${checksum}: refusing to install a binary that cannot be checked`,
      ],
      ["", `Cannot read ${checksum}: it holds no SHA-256 checksum`],
      ["abc123  maestro\n", `Cannot read ${checksum}: it holds no SHA-256 checksum`],
      [`${"g".repeat(64)}  maestro\n`, `Cannot read ${checksum}: it holds no SHA-256 checksum`],
    ] as const
  ) {
    await using dir = await tempDir("maestro-install-test-");
    if (body === undefined) release.files.delete(checksum);
    else release.files.set(checksum, new TextEncoder().encode(body));
    const bin = join(dir.path, "bin");
    const result = await install(["--dir", bin], {
      HOME: dir.path,
      MAESTRO_RELEASE_URL: release.url,
    });
    assert.equal(result.code, 1, String(body));
    assert.equal(result.stderr.trimEnd().split("\n").at(-1), `install.sh: ${message}`);
    assert.equal(await exists(bin), false, "nothing is installed");
  }
});

Deno.test("Installer refuses an unknown platform before downloading anything", async () => {
  await using release = await FakeRelease.create();
  for (const [kernel, machine] of [["FreeBSD", "amd64"], ["Linux", "riscv64"], ["Darwin", "ppc"]]) {
    await using dir = await tempDir("maestro-install-test-");
    const fake = await fakeUname(dir.path, kernel ?? "", machine ?? "");
    const bin = join(dir.path, "bin");
    const result = await install(["--dir", bin], {
      HOME: dir.path,
      PATH: `${fake}:${Deno.env.get("PATH")}`,
      MAESTRO_RELEASE_URL: release.url,
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `install.sh: Cannot install Maestro on ${kernel} ${machine}: releases are built for Linux ` +
        "and macOS on x86_64 and arm64 only; build it from source instead (see the README)\n",
    );
    assert.equal(await exists(bin), false);
  }
  assert.deepEqual(release.requests, []);
});

Deno.test("Installer installs to MAESTRO_INSTALL_DIR, or to ~/.local/bin by default", async () => {
  await using dir = await tempDir("maestro-install-test-");
  await using release = await FakeRelease.create();
  const chosen = join(dir.path, "chosen dir");
  const env = { HOME: dir.path, MAESTRO_RELEASE_URL: release.url };
  const result = await install([], { ...env, MAESTRO_INSTALL_DIR: chosen });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(await exists(join(chosen, "maestro")));

  const byDefault = await install([], env);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  const installed = join(dir.path, ".local", "bin", "maestro");
  assert.ok(byDefault.stdout.includes(`Installed ${VERSION_LINE} to ${installed}\n`));
  assert.equal(((await Deno.stat(installed)).mode ?? 0) & 0o777, 0o755);
});

Deno.test("Installer downloads with wget and checks with shasum where curl and sha256sum are missing", async () => {
  await using dir = await tempDir("maestro-install-test-");
  await using release = await FakeRelease.create();
  const tools = [
    "uname",
    "mktemp",
    "rm",
    "cut",
    "tr",
    "chmod",
    "mkdir",
    "cp",
    "mv",
    "wget",
    "shasum",
  ];
  const bin = join(dir.path, "bin");
  const result = await install(["--dir", bin], {
    HOME: dir.path,
    PATH: await toolbox(dir.path, tools),
    MAESTRO_RELEASE_URL: release.url,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(
    await Deno.readFile(join(bin, "maestro")),
    release.files.get(binaryName(HOST_TARGET)),
  );
  assert.match(result.stdout, /Maestro drives tmux: install tmux 3\.2 or newer/);
});

Deno.test("Installer refuses to guess where the releases are when it was not published with one", async () => {
  await using dir = await tempDir("maestro-install-test-");
  const result = await install(["--dir", join(dir.path, "bin")], { HOME: dir.path });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    "install.sh: Cannot tell where Maestro's releases are: this install.sh is not one published " +
      "with a release; take the one on the releases page, or set MAESTRO_RELEASE_URL\n",
  );
});

Deno.test("Installer refuses an unknown option with its usage", async () => {
  const result = await install(["--prefix", "/usr"], { HOME: "/nonexistent" });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Usage: install\.sh \[--dir DIR\] \[--version TAG\]/);
  assert.match(result.stderr, /install\.sh: Unknown option "--prefix"\n$/);
});
