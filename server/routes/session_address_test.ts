import assert from "node:assert/strict";
import fc from "fast-check";
import { Hono } from "hono";
import { HttpError } from "../http_error.ts";
import { SESSION_NAME_RULE, SessionNotFoundError } from "../../tmux/mod.ts";
import { requireAddressable, requireValidName, workerPath } from "./session_address.ts";

/** What a worker's router reads as the name, once `fetch` has resolved the URL as it does. */
async function nameOnWorker(path: string): Promise<string> {
  const worker = new Hono();
  worker.get("/api/hosts/:host/sessions/:name/screen", (c) => c.text(c.req.param("name")));
  const response = await worker.request(new URL(path, "http://worker:23000").href);
  assert.equal(response.status, 200, `${path} reached no session route`);
  return await response.text();
}

Deno.test("workerPath carries names with URL syntax as one exact segment", async () => {
  const names = [
    "a/b",
    "a?b",
    "a#b",
    "a b",
    "ünï",
    "名前",
    "%2F",
    "%2E",
    "50%",
    "..a",
    "a..",
    "./",
  ];
  for (const name of names) {
    assert.equal(await nameOnWorker(workerPath(name, "/screen")), name);
  }
  assert.equal(workerPath("a/b?", "/screen"), "/api/hosts/local/sessions/a%2Fb%3F/screen");
});

Deno.test("workerPath carries any well-formed name but . and .. unchanged", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: "binary", minLength: 1, maxLength: 40 })
        .filter((name) => name !== "." && name !== ".."),
      async (name) => assert.equal(await nameOnWorker(workerPath(name, "/screen")), name),
    ),
  );
});

Deno.test("workerPath answers names no URL carries as this machine does: no such session", () => {
  for (const name of [".", "..", "a\ud800"]) {
    assert.throws(
      () => workerPath(name, "/screen"),
      (error) => error instanceof SessionNotFoundError && error.session === name,
    );
  }
});

Deno.test("requireAddressable lets every name a session or a URL may have through", () => {
  for (
    const name of ["a b", "$0", "%1", "=base", "ba*", "a;b", "...", ".a", "名前", "x".repeat(99)]
  ) {
    assert.doesNotThrow(() => requireAddressable(name), name);
  }
  assert.throws(() => requireAddressable(".."), SessionNotFoundError);
});

Deno.test("requireValidName says what is allowed in the session service's words", () => {
  assert.doesNotThrow(() => requireValidName("customers-zoom_1"));
  assert.throws(
    () => requireValidName("a:b"),
    (error) =>
      error instanceof HttpError && error.status === 400 && error.code === "invalid_name" &&
      error.message === `Invalid session name "a:b": names may contain only letters, digits, ` +
          `"_" and "-" (${SESSION_NAME_RULE})`,
  );
});
