import assert from "node:assert/strict";
import { keyBytes, withAlt, withCtrl } from "./key_bytes.ts";

Deno.test("keyBytes sends Esc, Tab and arrows in both cursor modes", () => {
  assert.equal(keyBytes("Esc"), "\x1b");
  assert.equal(keyBytes("Tab"), "\t");
  assert.equal(keyBytes("Left"), "\x1b[D");
  assert.equal(keyBytes("Up"), "\x1b[A");
  assert.equal(keyBytes("Down"), "\x1b[B");
  assert.equal(keyBytes("Right"), "\x1b[C");
  assert.equal(keyBytes("Up", true), "\x1bOA");
  assert.equal(keyBytes("PgUp"), "\x1b[5~");
  assert.equal(keyBytes("PgDn", true), "\x1b[6~");
});

Deno.test("withAlt puts ESC before the key, after Ctrl's transform", () => {
  assert.equal(withAlt("b"), "\x1bb");
  assert.equal(withAlt(withCtrl("x")), "\x1b\x18");
  assert.equal(withAlt("\x1b[D"), "\x1b\x1b[D");
  assert.equal(withAlt(""), "");
});

Deno.test("withCtrl turns letters and symbols into control characters", () => {
  assert.equal(withCtrl("c"), "\x03");
  assert.equal(withCtrl("C"), "\x03");
  assert.equal(withCtrl("a"), "\x01");
  assert.equal(withCtrl("["), "\x1b");
  assert.equal(withCtrl(" "), "\x00");
  assert.equal(withCtrl("?"), "\x7f");
  assert.equal(withCtrl("1"), "1");
  assert.equal(withCtrl("ab"), "ab");
  assert.equal(withCtrl("\x1b[A"), "\x1b[A");
});
