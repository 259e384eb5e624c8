import assert from "node:assert/strict";
import { type KeyPress, shortcutFor } from "./shortcuts.ts";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

Deno.test("shortcutFor uses Ctrl off a Mac and ⌘ on one", () => {
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), false), "switcher");
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), true), null);
  assert.equal(shortcutFor(press("k", { metaKey: true }), true), "switcher");
  assert.equal(shortcutFor(press("F", { ctrlKey: true, shiftKey: true }), false), "search");
  assert.equal(shortcutFor(press("f", { metaKey: true, shiftKey: true }), true), "search");
  assert.equal(
    shortcutFor(press("Enter", { ctrlKey: true, shiftKey: true }), false),
    "next-waiting",
  );
  assert.equal(
    shortcutFor(press("Enter", { metaKey: true, shiftKey: true }), true),
    "next-waiting",
  );
});

Deno.test("shortcutFor leaves other keys alone", () => {
  assert.equal(shortcutFor(press("k"), false), null);
  assert.equal(shortcutFor(press("k", { ctrlKey: true, altKey: true }), false), null);
  assert.equal(shortcutFor(press("k", { ctrlKey: true, shiftKey: true }), false), null);
  assert.equal(shortcutFor(press("f", { ctrlKey: true }), false), null);
  assert.equal(shortcutFor(press("Enter", { ctrlKey: true }), false), null);
  assert.equal(shortcutFor(press("Enter", { shiftKey: true }), false), null);
  assert.equal(shortcutFor(press("Escape"), false), "escape");
});
