import assert from "node:assert/strict";
import { tokenFromPaste } from "./sign_in_token.ts";

Deno.test("tokenFromPaste takes a bare token as it is, trimmed", () => {
  assert.equal(tokenFromPaste("  f00dbabe \n"), "f00dbabe");
  assert.equal(tokenFromPaste(""), "");
});

Deno.test("tokenFromPaste takes the token out of a whole sign-in URL", () => {
  assert.equal(tokenFromPaste("http://127.0.0.1:23000/?token=f00d"), "f00d");
  assert.equal(tokenFromPaste(" https://box.example:23000/?token=f00d#/local/api "), "f00d");
  assert.equal(tokenFromPaste("127.0.0.1:23000/?token=f00d"), "f00d");
  assert.equal(tokenFromPaste("http://127.0.0.1:23000/?x=1&token=a%2Bb"), "a+b");
});

Deno.test("tokenFromPaste keeps text that only looks like a URL", () => {
  assert.equal(tokenFromPaste("http://127.0.0.1:23000/?token="), "http://127.0.0.1:23000/?token=");
});
