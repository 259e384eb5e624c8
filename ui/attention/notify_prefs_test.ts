import assert from "node:assert/strict";
import {
  DEFAULT_NOTIFY_PREFS,
  loadNotifyPrefs,
  NOTIFY_PREFS_KEY,
  type PrefsStorage,
  saveNotifyPrefs,
} from "./notify_prefs.ts";

function memoryStorage(initial: Record<string, string> = {}): PrefsStorage & {
  map: Map<string, string>;
} {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
  };
}

Deno.test("loadNotifyPrefs gives notifications on and sound off when nothing is stored", () => {
  assert.deepEqual(loadNotifyPrefs(memoryStorage()), { notify: true, sound: false });
  assert.deepEqual(DEFAULT_NOTIFY_PREFS, { notify: true, sound: false });
});

Deno.test("saveNotifyPrefs and loadNotifyPrefs round-trip", () => {
  const storage = memoryStorage();
  assert.equal(saveNotifyPrefs(storage, { notify: false, sound: true }), true);
  assert.deepEqual(loadNotifyPrefs(storage), { notify: false, sound: true });
  assert.equal(storage.map.get(NOTIFY_PREFS_KEY), '{"notify":false,"sound":true}');
});

Deno.test("loadNotifyPrefs falls back to the defaults field by field for bad stored values", () => {
  const load = (text: string) => loadNotifyPrefs(memoryStorage({ [NOTIFY_PREFS_KEY]: text }));
  assert.deepEqual(load("not json"), DEFAULT_NOTIFY_PREFS);
  assert.deepEqual(load("[true]"), DEFAULT_NOTIFY_PREFS);
  assert.deepEqual(load("null"), DEFAULT_NOTIFY_PREFS);
  assert.deepEqual(load('{"sound":"yes","notify":false}'), { notify: false, sound: false });
  assert.deepEqual(load('{"sound":true}'), { notify: true, sound: true });
});

Deno.test("saveNotifyPrefs reports storage that refuses to write", () => {
  const storage: PrefsStorage = {
    getItem: () => null,
    setItem: () => {
      throw new DOMException("full", "QuotaExceededError");
    },
  };
  assert.equal(saveNotifyPrefs(storage, { notify: true, sound: true }), false);
});
