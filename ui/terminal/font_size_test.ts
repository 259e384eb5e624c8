import assert from "node:assert/strict";
import {
  DEFAULT_FONT_SIZE,
  fontSizeKey,
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  nextFontSize,
} from "./font_size.ts";

Deno.test("nextFontSize steps one pixel within its bounds and resets to the default", () => {
  assert.equal(nextFontSize(13, "bigger"), 14);
  assert.equal(nextFontSize(13, "smaller"), 12);
  assert.equal(nextFontSize(MAX_FONT_SIZE, "bigger"), MAX_FONT_SIZE);
  assert.equal(nextFontSize(MIN_FONT_SIZE, "smaller"), MIN_FONT_SIZE);
  assert.equal(nextFontSize(20, "reset"), DEFAULT_FONT_SIZE);
});

Deno.test("fontSizeKey reads Ctrl (⌘ on a Mac) with + − 0 and nothing else", () => {
  const key = (key: string, mods: Partial<KeyboardEvent> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });
  assert.equal(fontSizeKey(key("=", { ctrlKey: true }), false), "bigger");
  assert.equal(fontSizeKey(key("+", { ctrlKey: true }), false), "bigger");
  assert.equal(fontSizeKey(key("-", { ctrlKey: true }), false), "smaller");
  assert.equal(fontSizeKey(key("0", { metaKey: true }), true), "reset");
  assert.equal(fontSizeKey(key("0", { ctrlKey: true }), true), null);
  assert.equal(fontSizeKey(key("-"), false), null);
  assert.equal(fontSizeKey(key("-", { ctrlKey: true, altKey: true }), false), null);
  assert.equal(fontSizeKey(key("a", { ctrlKey: true }), false), null);
});
