import assert from "node:assert/strict";
import { join } from "node:path";
import { secureHome } from "./home_dir.ts";

async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "maestro-home-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

async function modeOf(path: string): Promise<number> {
  const { mode } = await Deno.stat(path);
  assert.ok(mode !== null);
  return mode & 0o777;
}

Deno.test("secureHome creates a missing home, and its parents, with mode 700", async () => {
  await using dir = await tempDir();
  const home = join(dir.path, "a", "b", ".maestro");
  assert.deepEqual(await secureHome(home), { created: true, tightenedFrom: null });
  assert.equal(await modeOf(home), 0o700);
});

Deno.test("secureHome tightens an existing 755 home to 700 and says what it was", async () => {
  await using dir = await tempDir();
  const home = join(dir.path, ".maestro");
  await Deno.mkdir(home);
  await Deno.chmod(home, 0o755);
  assert.deepEqual(await secureHome(home), { created: false, tightenedFrom: 0o755 });
  assert.equal(await modeOf(home), 0o700);
  assert.deepEqual(await secureHome(home), { created: false, tightenedFrom: null });
});

Deno.test("secureHome narrows a 711 home without calling it looser than 700 twice", async () => {
  await using dir = await tempDir();
  await Deno.chmod(dir.path, 0o711);
  assert.deepEqual(await secureHome(dir.path), { created: false, tightenedFrom: 0o711 });
  assert.equal(await modeOf(dir.path), 0o700);
});

Deno.test("secureHome refuses a home that is a file", async () => {
  await using dir = await tempDir();
  const file = join(dir.path, "file");
  await Deno.writeTextFile(file, "");
  await assert.rejects(
    secureHome(file),
    /Cannot use the Maestro home ".*file": it is not a directory/,
  );
});
