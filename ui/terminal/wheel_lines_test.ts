import assert from "node:assert/strict";
import { DELTA_LINE, DELTA_PAGE, DELTA_PIXEL, wheelLines } from "./wheel_lines.ts";

Deno.test("wheelLines scrolls in proportion to a pixel distance", () => {
  assert.deepEqual(wheelLines({ deltaY: 100, deltaMode: DELTA_PIXEL }, 0, 20, 24), {
    lines: 5,
    restPx: 0,
  });
  assert.deepEqual(wheelLines({ deltaY: -400, deltaMode: DELTA_PIXEL }, 0, 20, 24), {
    lines: -20,
    restPx: 0,
  });
});

Deno.test("wheelLines carries the part of a line a trackpad leaves over", () => {
  let step = wheelLines({ deltaY: 15, deltaMode: DELTA_PIXEL }, 0, 20, 24);
  assert.deepEqual(step, { lines: 0, restPx: 15 });
  step = wheelLines({ deltaY: 15, deltaMode: DELTA_PIXEL }, step.restPx, 20, 24);
  assert.deepEqual(step, { lines: 1, restPx: 10 });
  // Turning back drops what was left the other way.
  step = wheelLines({ deltaY: -5, deltaMode: DELTA_PIXEL }, step.restPx, 20, 24);
  assert.deepEqual(step, { lines: 0, restPx: -5 });
});

Deno.test("wheelLines counts line and page deltas as rows and screens", () => {
  assert.equal(wheelLines({ deltaY: 3, deltaMode: DELTA_LINE }, 0, 17, 24).lines, 3);
  assert.equal(wheelLines({ deltaY: -1, deltaMode: DELTA_PAGE }, 0, 17, 24).lines, -24);
  assert.deepEqual(wheelLines({ deltaY: 3, deltaMode: DELTA_PIXEL }, 0, 0, 24), {
    lines: 0,
    restPx: 0,
  });
});
