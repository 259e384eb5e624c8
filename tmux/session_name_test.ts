import assert from "node:assert/strict";
import { sessionTarget } from "./session_name.ts";

Deno.test("sessionTarget matches the session exactly", () => {
  assert.equal(sessionTarget("main"), "=main");
  assert.equal(sessionTarget("customers-zoom"), "=customers-zoom");
});
