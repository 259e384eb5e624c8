import assert from "node:assert/strict";
import { join } from "node:path";
import {
  generateToken,
  loadOrCreateToken,
  rotateToken,
  TOKEN_FILE,
  tokensEqual,
} from "./token_store.ts";

/** A temporary directory removed at the end of the test's scope. */
async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "maestro-token-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

async function modeOf(path: string): Promise<number> {
  const { mode } = await Deno.stat(path);
  assert.ok(mode !== null);
  return mode & 0o777;
}

Deno.test("generateToken makes 32 random bytes as base64url", () => {
  const token = generateToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generateToken(), token);
});

Deno.test("loadOrCreateToken creates the home (700) and the token file (600)", async () => {
  await using dir = await tempDir();
  const home = join(dir.path, "nested", ".maestro");
  const loaded = await loadOrCreateToken(home);
  assert.equal(loaded.created, true);
  assert.equal(loaded.repairedMode, false);
  assert.match(loaded.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await modeOf(home), 0o700);
  assert.equal(await modeOf(join(home, TOKEN_FILE)), 0o600);
  assert.equal((await Deno.readTextFile(join(home, TOKEN_FILE))).trim(), loaded.token);
  assert.deepEqual([...Deno.readDirSync(home)].map((entry) => entry.name), [TOKEN_FILE]);
});

Deno.test("loadOrCreateToken returns the stored token on later starts", async () => {
  await using dir = await tempDir();
  const first = await loadOrCreateToken(dir.path);
  const second = await loadOrCreateToken(dir.path);
  assert.deepEqual(second, { token: first.token, created: false, repairedMode: false });
});

Deno.test("loadOrCreateToken fixes a token file readable by others to 600", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, TOKEN_FILE);
  await Deno.writeTextFile(path, "handwritten-token\n");
  await Deno.chmod(path, 0o644);
  const loaded = await loadOrCreateToken(dir.path);
  assert.deepEqual(loaded, { token: "handwritten-token", created: false, repairedMode: true });
  assert.equal(await modeOf(path), 0o600);
});

Deno.test("loadOrCreateToken replaces an empty token file", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, TOKEN_FILE);
  await Deno.writeTextFile(path, "\n", { mode: 0o600 });
  const loaded = await loadOrCreateToken(dir.path);
  assert.equal(loaded.created, true);
  assert.match(loaded.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await modeOf(path), 0o600);
});

Deno.test("loadOrCreateToken gives concurrent first starts the same token", async () => {
  await using dir = await tempDir();
  const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateToken(dir.path)));
  const tokens = new Set(results.map((result) => result.token));
  assert.equal(tokens.size, 1);
  assert.equal(results.filter((result) => result.created).length, 1);
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((entry) => entry.name), [TOKEN_FILE]);
});

Deno.test("rotateToken replaces the token and keeps the file at 600", async () => {
  await using dir = await tempDir();
  const first = await loadOrCreateToken(dir.path);
  const rotated = await rotateToken(dir.path);
  assert.notEqual(rotated, first.token);
  assert.equal(await modeOf(join(dir.path, TOKEN_FILE)), 0o600);
  assert.deepEqual(await loadOrCreateToken(dir.path), {
    token: rotated,
    created: false,
    repairedMode: false,
  });
});

Deno.test("tokensEqual matches only identical non-empty tokens", () => {
  const token = generateToken();
  assert.ok(tokensEqual(token, `${token}`));
  assert.ok(!tokensEqual(token, generateToken()));
  assert.ok(!tokensEqual(token, token.slice(0, -1)));
  assert.ok(!tokensEqual(token, `${token}x`));
  assert.ok(!tokensEqual(token, ""));
  assert.ok(!tokensEqual("", ""));
});

Deno.test("generateToken never starts with a dash or underscore (it must not look like a flag)", () => {
  for (let i = 0; i < 2000; i++) {
    assert.match(generateToken(), /^[A-Za-z0-9][A-Za-z0-9_-]{42}$/);
  }
});
