import assert from "node:assert/strict";
import { ApiError, sessionPath } from "./api_client.ts";

Deno.test("sessionPath makes each part one exact path segment", () => {
  assert.equal(
    sessionPath("mini", "a/b?#c", "/notes"),
    "/api/hosts/mini/sessions/a%2Fb%3F%23c/notes",
  );
  assert.equal(
    new URL(sessionPath("local", "%2E"), "http://x").pathname,
    "/api/hosts/local/sessions/%252E",
  );
});

Deno.test("sessionPath refuses . and .., which a URL would resolve to another path", () => {
  for (const name of [".", ".."]) {
    assert.throws(
      () => sessionPath("local", name, "/notes"),
      (error) =>
        error instanceof ApiError && error.status === 404 && error.code === "session_not_found" &&
        error.message === `Session "${name}" does not exist`,
    );
    assert.throws(
      () => sessionPath(name, "ok"),
      (error) => error instanceof ApiError && error.code === "host_not_found",
    );
  }
});
