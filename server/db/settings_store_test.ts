import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { SettingCorruptError, SettingsStore } from "./settings_store.ts";

async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "maestro-settings-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("SettingsStore get returns undefined for a missing key", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  assert.equal(new SettingsStore(db).get("nothing"), undefined);
});

Deno.test("SettingsStore set and get round-trip JSON values", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const settings = new SettingsStore(db);
  const values: [string, unknown][] = [
    ["string", "dark"],
    ["number", 42],
    ["boolean", false],
    ["null", null],
    ["array", [1, "two", { three: 3 }]],
    ["object", { groups: { collapsed: ["customers/zoom"] }, nul: "a\u0000b" }],
  ];
  for (const [key, value] of values) settings.set(key, value);
  for (const [key, value] of values) assert.deepEqual(settings.get(key), value, key);
});

Deno.test("SettingsStore set replaces the previous value", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const settings = new SettingsStore(db);
  settings.set("theme", "dark");
  settings.set("theme", "light");
  assert.equal(settings.get("theme"), "light");
});

Deno.test("SettingsStore set refuses values without a JSON form", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const settings = new SettingsStore(db);
  assert.throws(
    () => settings.set("bad", undefined),
    /^TypeError: Cannot save setting "bad": the value has no JSON form$/,
  );
  assert.throws(() => settings.set("bad", () => 1), TypeError);
  assert.equal(settings.get("bad"), undefined);
});

Deno.test("SettingsStore delete removes a key and reports whether it existed", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const settings = new SettingsStore(db);
  settings.set("theme", "dark");
  assert.equal(settings.delete("theme"), true);
  assert.equal(settings.delete("theme"), false);
  assert.equal(settings.get("theme"), undefined);
});

Deno.test("SettingsStore get reports a hand-edited value that is not JSON", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  db.prepare("INSERT INTO settings (key, value) VALUES ('theme', 'dark')").run();
  assert.throws(() => new SettingsStore(db).get("theme"), (error: unknown) => {
    assert.ok(error instanceof SettingCorruptError);
    assert.equal(error.key, "theme");
    assert.match(
      error.message,
      /^Cannot read setting "theme": the stored value is not valid JSON: /,
    );
    return true;
  });
});

Deno.test("SettingsStore values survive reopening the database", async () => {
  await using dir = await tempDir();
  {
    using db = openDatabase(dir.path);
    new SettingsStore(db).set("layout", { sidebar: 280 });
  }
  using db = openDatabase(dir.path);
  assert.deepEqual(new SettingsStore(db).get("layout"), { sidebar: 280 });
});
