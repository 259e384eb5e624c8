import assert from "node:assert/strict";
import { join } from "node:path";
import { TOKEN_FILE } from "./token_store.ts";
import { TokenWatch } from "./token_watch.ts";

/** Resolves with the next `count` tokens the watch reports (or what it had after 3 s). */
async function collect(home: string, act: () => Promise<void>, count: number): Promise<string[]> {
  const seen: string[] = [];
  const { promise, resolve } = Promise.withResolvers<void>();
  using _watch = new TokenWatch(
    home,
    (token) => {
      seen.push(token);
      if (seen.length >= count) resolve();
    },
    undefined,
    20,
  );
  await act();
  const timeout = setTimeout(resolve, 3000);
  await promise;
  clearTimeout(timeout);
  // Nothing more arrives: one call per change.
  await new Promise((r) => setTimeout(r, 100));
  return seen;
}

Deno.test("TokenWatch reports a token written in place or renamed over the file, once each", async () => {
  const home = await Deno.makeTempDir();
  const file = join(home, TOKEN_FILE);
  await Deno.writeTextFile(file, "first\n");
  const seen = await collect(home, async () => {
    await new Promise((r) => setTimeout(r, 60));
    await Deno.writeTextFile(`${file}.new`, "second\n");
    await Deno.rename(`${file}.new`, file);
    await new Promise((r) => setTimeout(r, 100));
    await Deno.writeTextFile(file, "third-longer\n");
  }, 2);
  assert.deepEqual(seen, ["second", "third-longer"]);
  await Deno.remove(home, { recursive: true });
});

Deno.test("TokenWatch keeps the old token through an empty or missing file", async () => {
  const home = await Deno.makeTempDir();
  const file = join(home, TOKEN_FILE);
  await Deno.writeTextFile(file, "first\n");
  const seen = await collect(home, async () => {
    await Deno.writeTextFile(file, "");
    await new Promise((r) => setTimeout(r, 100));
    await Deno.remove(file);
    await new Promise((r) => setTimeout(r, 100));
    await Deno.writeTextFile(file, "back\n");
  }, 1);
  assert.deepEqual(seen, ["back"]);
  await Deno.remove(home, { recursive: true });
});
