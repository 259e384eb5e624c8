import assert from "node:assert/strict";
import { explainCompileFailure, stripAnsi } from "./compile_failure.ts";

// What deno compile 2.9.6 wrote to stderr on this network (no route to dl.deno.land).
const OFFLINE =
  "\u001b[0m\u001b[32mCompile\u001b[0m a.ts to a\n\u001b[0m\u001b[32mDownload\u001b[0m " +
  "https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip\n\u001b[0m\u001b[1m" +
  "\u001b[31merror\u001b[0m: Writing deno compile executable to temporary file " +
  "'a.tmp-627e755c38694477'\n\nCaused by:\n    0: Setting up base binary.\n    1: error sending " +
  "request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): " +
  "client error (Connect): dns error: failed to lookup address information: Name or service not " +
  "known\n    2: client error (Connect)\n    3: dns error\n    4: failed to lookup address " +
  "information: Name or service not known\n\nStack backtrace:\n   0: <unknown>\n";

// ...and with DENORT_BIN=/nonexistent.
const NO_DENORT =
  "\u001b[0m\u001b[32mCompile\u001b[0m a.ts to a\n\u001b[0m\u001b[1m\u001b[31merror" +
  "\u001b[0m: Writing deno compile executable to temporary file 'a.tmp-2e28269c43b5e55a'\n\n" +
  "Caused by:\n    0: Could not find denort at '/nonexistent'\n    1: No such file or directory " +
  "(os error 2)\n\nStack backtrace:\n   0: <unknown>\n";

Deno.test("explainCompileFailure says the runtime could not be downloaded, and names DENORT_BIN", () => {
  assert.equal(
    explainCompileFailure(OFFLINE, "2.9.6"),
    "Cannot compile Maestro: deno compile could not download Deno's runtime from " +
      "https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip (failed to lookup " +
      "address information: Name or service not known); set DENORT_BIN to the path of a denort " +
      "binary of Deno 2.9.6 to build offline",
  );
});

Deno.test("explainCompileFailure says DENORT_BIN names no file", () => {
  assert.equal(
    explainCompileFailure(NO_DENORT, "2.9.6"),
    'Cannot compile Maestro: DENORT_BIN is "/nonexistent", which is not a file (No such file or ' +
      "directory (os error 2)); point it at the denort binary of Deno 2.9.6 for the target, or " +
      "unset it to download one",
  );
});

Deno.test("explainCompileFailure explains any failure to set up the runtime, URL or not", () => {
  const message = explainCompileFailure(
    "error: Writing deno compile executable\n\nCaused by:\n    0: Setting up base binary.\n" +
      "    1: Download could not find denort-riscv64.zip\n",
    "2.9.6",
  );
  assert.equal(
    message,
    "Cannot compile Maestro: deno compile could not get Deno's runtime (Download could not find " +
      "denort-riscv64.zip); set DENORT_BIN to the path of a denort binary of Deno 2.9.6 to build " +
      "offline",
  );
});

Deno.test("explainCompileFailure leaves other failures to deno's own words", () => {
  assert.equal(explainCompileFailure("", "2.9.6"), null);
  assert.equal(
    explainCompileFailure(
      'error: Module not found "file:///x/main.ts".\n\nStack backtrace:\n   0: <unknown>\n',
      "2.9.6",
    ),
    null,
  );
  assert.equal(
    explainCompileFailure("TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.", "2"),
    null,
  );
});

Deno.test("explainCompileFailure's sentence is one line, without colour or a stack trace", () => {
  for (const stderr of [OFFLINE, NO_DENORT]) {
    const message = explainCompileFailure(stderr, "2.9.6") ?? "";
    assert.doesNotMatch(message, /\n|Stack backtrace|<unknown>/);
    assert.equal(message, stripAnsi(message));
    assert.match(message, /DENORT_BIN/);
  }
});

Deno.test("stripAnsi removes colour codes only", () => {
  assert.equal(stripAnsi("\u001b[0m\u001b[1m\u001b[31merror\u001b[0m: x [1]"), "error: x [1]");
});
