import assert from "node:assert/strict";
import { UPLOAD_MAX_BYTES } from "../../protocol/limits.ts";
import { typedPath, uploadFailure, uploadRefusal } from "./file_drop.ts";

Deno.test("uploadRefusal refuses files over the limit in words", () => {
  assert.equal(uploadRefusal({ name: "a.png", size: UPLOAD_MAX_BYTES }), null);
  assert.equal(
    uploadRefusal({ name: "big.mov", size: 30 * 1024 * 1024 }),
    "Not uploaded: big.mov is 30 MiB, over the 25 MiB limit",
  );
});

Deno.test("uploadFailure says the server's reason, or that it cannot be reached", () => {
  assert.equal(
    uploadFailure("a.png", 503, 'Host "mini" is unreachable: refused'),
    'Not uploaded: a.png — Host "mini" is unreachable: refused',
  );
  assert.equal(
    uploadFailure("a.png", 0, "x"),
    "Not uploaded: a.png — the server cannot be reached",
  );
});

Deno.test("typedPath quotes a path only when the shell needs it", () => {
  assert.equal(typedPath("/home/me/shot-1.png"), "/home/me/shot-1.png ");
  assert.equal(typedPath("/tmp/my shot.png"), "'/tmp/my shot.png' ");
  assert.equal(typedPath("/tmp/it's.png"), "'/tmp/it'\\''s.png' ");
});
