import assert from "node:assert/strict";
import { COMMIT, commitFromStamp, DEV_COMMIT, VERSION, versionLine } from "./version.ts";

Deno.test("commitFromStamp reads the commit a build stamp records", () => {
  assert.equal(commitFromStamp('{"commit":"abc1234"}'), "abc1234");
  assert.equal(commitFromStamp('{"commit":"abc1234-dirty"}'), "abc1234-dirty");
  assert.equal(
    commitFromStamp(JSON.stringify({ commit: "0123456789abcdef0123456789abcdef01234567" })),
    "0123456789abcdef0123456789abcdef01234567",
  );
});

Deno.test("commitFromStamp says dev without a stamp or with one it cannot trust", () => {
  for (const text of [null, "", "{", "null", "[]", "{}", '{"commit":7}', '{"commit":"abc"}']) {
    assert.equal(commitFromStamp(text), DEV_COMMIT, String(text));
  }
  assert.equal(commitFromStamp('{"commit":"abc1234; rm -rf /"}'), DEV_COMMIT);
  assert.equal(commitFromStamp('{"commit":"ABC1234"}'), DEV_COMMIT);
});

Deno.test("versionLine names the version and the commit", () => {
  assert.equal(versionLine("0.2.0", "abc1234"), "maestro 0.2.0 (abc1234)");
  assert.equal(versionLine(), `maestro ${VERSION} (${COMMIT})`);
});

Deno.test("COMMIT is dev in a checkout, where no build stamp is left behind", () => {
  assert.equal(COMMIT, DEV_COMMIT);
});

Deno.test("COMMIT is read from the build stamp beside the module, not from the cwd", async () => {
  // The compiled executable embeds version.ts and its stamp side by side (--include): a copy of
  // the module with a stamp beside it, run from elsewhere, stands in for it.
  const dir = await Deno.makeTempDir({ prefix: "maestro-version-" });
  try {
    await Deno.copyFile(new URL("./version.ts", import.meta.url), `${dir}/version.ts`);
    await Deno.writeTextFile(`${dir}/build_stamp.json`, '{"commit":"0123abc"}');
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { versionLine } from "${dir}/version.ts"; Deno.stdout.write(` +
        `new TextEncoder().encode(versionLine()));`,
      ],
      cwd: "/",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(output.stderr), "");
    assert.equal(new TextDecoder().decode(output.stdout), `maestro ${VERSION} (0123abc)`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("VERSION is the version deno.json names, so a release tag matches both", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.equal(config.version, VERSION);
});
