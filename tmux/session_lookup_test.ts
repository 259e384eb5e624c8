import assert from "node:assert/strict";
import fc from "fast-check";
import { findSessionId, isSessionId, sessionIdsFormat } from "./session_lookup.ts";
import type { ListDelimiters } from "./list_format.ts";

const D: ListDelimiters = { record: "\x1eR0", field: "\x1fF0" };

/** What `list-sessions -F sessionIdsFormat(D)` prints for these sessions. */
function listing(sessions: [id: string, name: string][]): string {
  return sessions.map(([id, name]) => `${D.record}${id}${D.field}${name}\n`).join("");
}

Deno.test("sessionIdsFormat asks for each session's id, then its name", () => {
  assert.equal(sessionIdsFormat(D), "\x1eR0#{session_id}\x1fF0#{session_name}");
});

Deno.test("findSessionId finds the session with exactly that name", () => {
  const text = listing([["$0", "base"], ["$1", "bas"], ["$2", "ba*"], ["$3", "=base"]]);
  assert.equal(findSessionId(text, D, "base"), "$0");
  assert.equal(findSessionId(text, D, "bas"), "$1");
  assert.equal(findSessionId(text, D, "ba*"), "$2");
  assert.equal(findSessionId(text, D, "=base"), "$3");
  for (const missing of ["ba", "Base", "base ", "b*", "=bas", "$0", "", "base:", "base:0"]) {
    assert.equal(findSessionId(text, D, missing), null, missing);
  }
});

Deno.test("findSessionId reads a name that looks like an id, a pane or a window as a name", () => {
  const text = listing([["$0", "$1"], ["$1", "%0"], ["$2", "@0"], ["$3", "$0x"]]);
  assert.equal(findSessionId(text, D, "$1"), "$0");
  assert.equal(findSessionId(text, D, "%0"), "$1");
  assert.equal(findSessionId(text, D, "@0"), "$2");
  assert.equal(findSessionId(text, D, "$0x"), "$3");
  assert.equal(findSessionId(text, D, "$0"), null, "the id of a session is not its name");
});

Deno.test("findSessionId finds any name, however it is spelled", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), {
        minLength: 1,
        maxLength: 8,
      }),
      (names) => {
        const text = listing(names.map((name, i) => [`$${i}`, name]));
        for (const [i, name] of names.entries()) {
          assert.equal(findSessionId(text, D, name), `$${i}`);
        }
      },
    ),
  );
});

Deno.test("findSessionId answers null for an empty list and ignores rows without an id", () => {
  assert.equal(findSessionId("", D, "x"), null);
  assert.equal(findSessionId(listing([["", "x"], ["@1", "x"]]), D, "x"), null);
});

Deno.test("isSessionId takes $ and digits only", () => {
  for (const id of ["$0", "$12"]) assert.equal(isSessionId(id), true, id);
  for (const other of ["$", "$0x", "$-1", "%1", "@1", "0", " $1", "$1:", "=$1"]) {
    assert.equal(isSessionId(other), false, other);
  }
});
