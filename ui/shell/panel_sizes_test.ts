import assert from "node:assert/strict";
import {
  clampWidth,
  keyedWidth,
  notesShown,
  SIDEBAR_BOUNDS,
  SPLIT_BOUNDS,
  storedWidth,
} from "./panel_sizes.ts";

Deno.test("clampWidth keeps a width within its bounds, rounded", () => {
  assert.equal(clampWidth(100, SIDEBAR_BOUNDS), 180);
  assert.equal(clampWidth(9000, SIDEBAR_BOUNDS), 520);
  assert.equal(clampWidth(300.6, SIDEBAR_BOUNDS), 301);
  assert.equal(clampWidth(Number.NaN, SIDEBAR_BOUNDS), 272);
});

Deno.test("storedWidth falls back to the initial width for nothing or nonsense", () => {
  assert.equal(storedWidth(null, SIDEBAR_BOUNDS), 272);
  assert.equal(storedWidth("", SIDEBAR_BOUNDS), 272);
  assert.equal(storedWidth("wide", SIDEBAR_BOUNDS), 272);
  assert.equal(storedWidth("240", SIDEBAR_BOUNDS), 240);
  assert.equal(storedWidth("10", SIDEBAR_BOUNDS), 180);
});

Deno.test("keyedWidth moves by a step toward the arrow that grows the panel", () => {
  assert.equal(keyedWidth("ArrowRight", false, 272, SIDEBAR_BOUNDS, "ArrowRight"), 288);
  assert.equal(keyedWidth("ArrowLeft", false, 272, SIDEBAR_BOUNDS, "ArrowRight"), 256);
  assert.equal(keyedWidth("ArrowLeft", true, 272, SIDEBAR_BOUNDS, "ArrowRight"), 208);
  assert.equal(keyedWidth("ArrowLeft", false, 272, SIDEBAR_BOUNDS, "ArrowLeft"), 288);
  assert.equal(keyedWidth("Home", false, 272, SIDEBAR_BOUNDS, "ArrowRight"), 180);
  assert.equal(keyedWidth("End", false, 272, SIDEBAR_BOUNDS, "ArrowRight"), 520);
  assert.equal(keyedWidth("ArrowLeft", false, 180, SIDEBAR_BOUNDS, "ArrowRight"), 180);
  assert.equal(keyedWidth("a", false, 272, SIDEBAR_BOUNDS, "ArrowRight"), null);
});

Deno.test("notesShown follows the notes unless the person closed the panel", () => {
  assert.equal(notesShown("auto", false, false, false), false);
  assert.equal(notesShown("auto", true, false, false), true);
  assert.equal(notesShown("auto", false, true, false), true);
  assert.equal(notesShown("closed", true, true, false), false);
  assert.equal(notesShown("auto", true, false, true), false);
  assert.equal(notesShown("auto", true, true, true), true);
});

Deno.test("keyedWidth moves a stacked split's separator with the up and down arrows, by its steps", () => {
  const steps = [5, 20] as const;
  assert.equal(keyedWidth("ArrowDown", false, 50, SPLIT_BOUNDS, "ArrowDown", steps), 55);
  assert.equal(keyedWidth("ArrowUp", true, 50, SPLIT_BOUNDS, "ArrowDown", steps), 30);
  assert.equal(keyedWidth("ArrowUp", true, 30, SPLIT_BOUNDS, "ArrowDown", steps), 20);
  assert.equal(keyedWidth("ArrowLeft", false, 50, SPLIT_BOUNDS, "ArrowDown", steps), null);
  assert.equal(keyedWidth("End", false, 50, SPLIT_BOUNDS, "ArrowDown", steps), 80);
});
