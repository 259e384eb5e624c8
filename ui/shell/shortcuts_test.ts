import assert from "node:assert/strict";
import {
  type FocusedElement,
  focusPlaceOf,
  type KeyPress,
  shortcutFor,
  shortcutList,
} from "./shortcuts.ts";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

const element = (tagName: string, classes: string[] = [], more: Partial<FocusedElement> = {}) => ({
  tagName,
  classList: { contains: (name: string) => classes.includes(name) },
  ...more,
});

Deno.test("shortcutFor uses Ctrl off a Mac and ⌘ on one", () => {
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), false, "page"), "switcher");
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), true, "page"), null);
  assert.equal(shortcutFor(press("k", { metaKey: true }), true, "page"), "switcher");
  assert.equal(shortcutFor(press("F", { ctrlKey: true, shiftKey: true }), false, "page"), "search");
  assert.equal(shortcutFor(press("f", { metaKey: true, shiftKey: true }), true, "page"), "search");
  assert.equal(
    shortcutFor(press("Enter", { ctrlKey: true, shiftKey: true }), false, "terminal"),
    "next-waiting",
  );
  assert.equal(
    shortcutFor(press("Enter", { metaKey: true, shiftKey: true }), true, "page"),
    "next-waiting",
  );
});

Deno.test("shortcutFor leaves Ctrl+K to a focused terminal, not Ctrl+Shift+K or ⌘K", () => {
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), false, "terminal"), null);
  assert.equal(shortcutFor(press("k", { ctrlKey: true }), false, "text"), "switcher");
  assert.equal(
    shortcutFor(press("K", { ctrlKey: true, shiftKey: true }), false, "terminal"),
    "switcher",
  );
  assert.equal(shortcutFor(press("k", { metaKey: true }), true, "terminal"), "switcher");
  assert.equal(shortcutFor(press("v", { ctrlKey: true }), false, "terminal"), null);
});

Deno.test("shortcutFor opens the list with ? only outside terminals and text fields", () => {
  assert.equal(shortcutFor(press("?", { shiftKey: true }), false, "page"), "shortcuts");
  assert.equal(shortcutFor(press("?", { shiftKey: true }), false, "terminal"), null);
  assert.equal(shortcutFor(press("?", { shiftKey: true }), false, "text"), null);
  assert.equal(shortcutFor(press("?", { ctrlKey: true }), false, "page"), null);
});

Deno.test("shortcutFor leaves other keys alone", () => {
  assert.equal(shortcutFor(press("k"), false, "page"), null);
  assert.equal(shortcutFor(press("k", { ctrlKey: true, altKey: true }), false, "page"), null);
  assert.equal(shortcutFor(press("f", { ctrlKey: true }), false, "page"), null);
  assert.equal(shortcutFor(press("Enter", { ctrlKey: true }), false, "page"), null);
  assert.equal(shortcutFor(press("Enter", { shiftKey: true }), false, "page"), null);
  assert.equal(shortcutFor(press("Escape"), false, "terminal"), "escape");
});

Deno.test("focusPlaceOf tells a terminal from a text field from the rest of the page", () => {
  assert.equal(focusPlaceOf(null), "page");
  assert.equal(focusPlaceOf(element("TEXTAREA", ["xterm-helper-textarea"])), "terminal");
  assert.equal(focusPlaceOf(element("TEXTAREA")), "text");
  assert.equal(focusPlaceOf(element("INPUT", [], { type: "text" })), "text");
  assert.equal(focusPlaceOf(element("INPUT", [], { type: "search" })), "text");
  assert.equal(focusPlaceOf(element("INPUT", [], { type: "checkbox" })), "page");
  assert.equal(focusPlaceOf(element("DIV", [], { isContentEditable: true })), "text");
  assert.equal(focusPlaceOf(element("BUTTON")), "page");
});

Deno.test("shortcutList names ⌘ on a Mac and Ctrl elsewhere", () => {
  assert.ok(shortcutList(false).some((s) => s.keys.includes("Ctrl+Shift+K")));
  assert.ok(shortcutList(true).some((s) => s.keys.includes("⌘+Shift+K")));
  assert.ok(!shortcutList(true).some((s) => s.keys.some((k) => k.startsWith("Ctrl"))));
});

Deno.test("shortcutFor splits with Ctrl+Shift+S and moves between panes with Ctrl+Shift+E, even in a terminal", () => {
  const split = press("S", { ctrlKey: true, shiftKey: true });
  assert.equal(shortcutFor(split, false, "terminal"), "split");
  assert.equal(shortcutFor(press("S", { metaKey: true, shiftKey: true }), true, "page"), "split");
  assert.equal(shortcutFor(press("s", { ctrlKey: true }), false, "terminal"), null, "Ctrl+S");
  const other = press("E", { ctrlKey: true, shiftKey: true });
  assert.equal(shortcutFor(other, false, "terminal"), "other-pane");
  assert.equal(shortcutFor(press("e", { ctrlKey: true }), false, "terminal"), null, "Ctrl+E");
  assert.ok(shortcutList(false).some((s) => s.keys.includes("Ctrl+Shift+S")));
});
