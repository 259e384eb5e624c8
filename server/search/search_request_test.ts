import assert from "node:assert/strict";
import { HttpError } from "../http_error.ts";
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_QUERY_LENGTH,
  MAX_SCROLLBACK,
  readSearchRequest,
} from "./search_request.ts";

const read = (params: Record<string, string>) => readSearchRequest((name) => params[name]);

function rejects(params: Record<string, string>, message: RegExp): void {
  assert.throws(() => read(params), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    assert.equal(error.code, "invalid_input");
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("readSearchRequest gives defaults for everything but the text", () => {
  assert.deepEqual(read({ q: "make" }), {
    query: "make",
    scrollback: 0,
    limit: DEFAULT_LIMIT,
    localOnly: false,
  });
  assert.deepEqual(read({ q: " a b ", scrollback: "500", limit: "7", local: "1" }), {
    query: " a b ",
    scrollback: 500,
    limit: 7,
    localOnly: true,
  });
});

Deno.test("readSearchRequest refuses an empty or blank text", () => {
  rejects({}, /"q" \(the text to find\) is empty/);
  rejects({ q: "" }, /is empty/);
  rejects({ q: "   " }, /is empty/);
});

Deno.test("readSearchRequest refuses a text over the length limit", () => {
  assert.equal(read({ q: "x".repeat(MAX_QUERY_LENGTH) }).query.length, MAX_QUERY_LENGTH);
  rejects({ q: "x".repeat(MAX_QUERY_LENGTH + 1) }, /257 characters, over the 256 character limit/);
  // Characters, not UTF-16 units.
  assert.equal(read({ q: "😀".repeat(MAX_QUERY_LENGTH) }).query.length, 2 * MAX_QUERY_LENGTH);
});

Deno.test("readSearchRequest refuses line breaks and control characters", () => {
  rejects({ q: "a\nb" }, /line breaks or control characters/);
  rejects({ q: "a\tb" }, /control characters/);
  rejects({ q: "\x1b[31m" }, /control characters/);
});

Deno.test("readSearchRequest refuses numbers out of range or not whole", () => {
  assert.equal(read({ q: "x", scrollback: String(MAX_SCROLLBACK) }).scrollback, MAX_SCROLLBACK);
  assert.equal(read({ q: "x", limit: String(MAX_LIMIT) }).limit, MAX_LIMIT);
  rejects(
    { q: "x", scrollback: String(MAX_SCROLLBACK + 1) },
    /"scrollback" "10001": use a whole number from 0 to 10000/,
  );
  rejects({ q: "x", scrollback: "-1" }, /"scrollback"/);
  rejects({ q: "x", scrollback: "1.5" }, /"scrollback"/);
  rejects({ q: "x", scrollback: "lots" }, /"scrollback"/);
  rejects({ q: "x", limit: "0" }, /"limit" "0": use a whole number from 1 to 1000/);
  rejects({ q: "x", limit: String(MAX_LIMIT + 1) }, /"limit"/);
  rejects({ q: "x", limit: "1e3" }, /"limit"/);
  rejects({ q: "x", limit: "99999999999" }, /"limit"/);
});
