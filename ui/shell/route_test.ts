import assert from "node:assert/strict";
import { hashOf, INBOX_HASH, OVERVIEW_HASH, routeFromHash, splitLandingToken } from "./route.ts";

Deno.test("routeFromHash reads the overview, a session, or nothing", () => {
  assert.deepEqual(routeFromHash(OVERVIEW_HASH), { kind: "overview" });
  assert.deepEqual(routeFromHash(INBOX_HASH), { kind: "inbox" });
  assert.deepEqual(routeFromHash("#/local/acme-web"), {
    kind: "session",
    ref: { host: "local", name: "acme-web" },
  });
  assert.deepEqual(routeFromHash("#/mini/my%20agent%2Fx"), {
    kind: "session",
    ref: { host: "mini", name: "my agent/x" },
  });
  assert.deepEqual(routeFromHash("#/split/local/api/local/web"), {
    kind: "split",
    first: { host: "local", name: "api" },
    second: { host: "local", name: "web" },
  });
  assert.deepEqual(routeFromHash("#/split/local"), {
    kind: "session",
    ref: { host: "split", name: "local" },
  }, "a host named split");
  for (const hash of ["", "#", "#/local", "#/local/", "#/%E0%A4%A/x"]) {
    assert.deepEqual(routeFromHash(hash), { kind: "none" }, hash);
  }
});

Deno.test("hashOf round-trips every route", () => {
  for (const name of ["a", "my agent", "é名🤖", "a/b#c"]) {
    const route = { kind: "session" as const, ref: { host: "h 1", name } };
    assert.deepEqual(routeFromHash(hashOf(route)), route);
  }
  const split = {
    kind: "split" as const,
    first: { host: "local", name: "a/b" },
    second: { host: "h 1", name: "web" },
  };
  assert.equal(hashOf(split), "#/split/local/a%2Fb/h%201/web");
  assert.deepEqual(routeFromHash(hashOf(split)), split);
  assert.equal(hashOf({ kind: "overview" }), OVERVIEW_HASH);
  assert.equal(hashOf({ kind: "inbox" }), INBOX_HASH);
  assert.equal(hashOf({ kind: "none" }), "");
});

Deno.test("splitLandingToken takes the token out and keeps the rest of the query", () => {
  assert.equal(splitLandingToken(""), null);
  assert.equal(splitLandingToken("?a=1"), null);
  assert.deepEqual(splitLandingToken("?token=abc"), { token: "abc", search: "" });
  assert.deepEqual(splitLandingToken("?a=1&token=abc"), { token: "abc", search: "?a=1" });
});
