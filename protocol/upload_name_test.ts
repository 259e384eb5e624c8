import assert from "node:assert/strict";
import { numberedName, uploadNameProblem } from "./upload_name.ts";

Deno.test("uploadNameProblem accepts plain file names", () => {
  for (
    const name of ["shot.png", "Screenshot 2026-12-02 at 10.00.00.png", "é.txt", ".env", "a..b"]
  ) {
    assert.equal(uploadNameProblem(name), null, name);
  }
});

Deno.test("uploadNameProblem refuses paths, dot names, control characters and long names", () => {
  assert.equal(uploadNameProblem(""), "it is empty");
  assert.equal(uploadNameProblem("."), 'it is "."');
  assert.equal(uploadNameProblem(".."), 'it is ".."');
  assert.equal(uploadNameProblem("../etc/passwd"), 'it contains "/"');
  assert.equal(uploadNameProblem("a/b"), 'it contains "/"');
  assert.equal(uploadNameProblem("..\\x"), 'it contains "\\"');
  assert.equal(uploadNameProblem("a\nb"), "it contains a control character");
  assert.equal(uploadNameProblem("a\u0000"), "it contains a control character");
  assert.equal(uploadNameProblem("\ud800"), "it is not valid Unicode");
  assert.equal(uploadNameProblem("é".repeat(128)), "it is over 255 bytes");
  assert.equal(uploadNameProblem("a".repeat(255)), null);
});

Deno.test("numberedName puts the number before the extension", () => {
  assert.equal(numberedName("shot.png", 1), "shot-1.png");
  assert.equal(numberedName("archive.tar.gz", 2), "archive.tar-2.gz");
  assert.equal(numberedName(".env", 1), ".env-1");
  assert.equal(numberedName("README", 3), "README-3");
});
