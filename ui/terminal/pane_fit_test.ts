import assert from "node:assert/strict";
import { fitScale, sizedByText } from "./pane_fit.ts";

Deno.test("fitScale shrinks a larger pane to fit and never enlarges a smaller one", () => {
  assert.equal(fitScale({ width: 1000, height: 400 }, { width: 500, height: 800 }), 0.5);
  assert.equal(fitScale({ width: 400, height: 1000 }, { width: 800, height: 500 }), 0.5);
  assert.equal(fitScale({ width: 300, height: 200 }, { width: 800, height: 500 }), 1);
  assert.equal(fitScale({ width: 0, height: 200 }, { width: 800, height: 500 }), 1);
});

Deno.test("sizedByText names the size and how to take over", () => {
  assert.equal(sizedByText(53, 40), "Sized by another viewer, 53×40 — click or type to take over");
});
