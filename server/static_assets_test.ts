import assert from "node:assert/strict";
import { acceptsEncoding } from "./static_assets.ts";

Deno.test("acceptsEncoding reads Accept-Encoding, q=0 refusing", () => {
  assert.equal(acceptsEncoding(undefined, "gzip"), false);
  assert.equal(acceptsEncoding("gzip, deflate, br, zstd", "gzip"), true);
  assert.equal(acceptsEncoding("gzip, deflate, br, zstd", "br"), true);
  assert.equal(acceptsEncoding("br", "gzip"), false);
  assert.equal(acceptsEncoding("gzip;q=0, br", "gzip"), false);
  assert.equal(acceptsEncoding("gzip, br;q=0", "br"), false);
  assert.equal(acceptsEncoding("GZIP;q=0.5", "gzip"), true);
  assert.equal(acceptsEncoding("*", "br"), true);
  assert.equal(acceptsEncoding("identity", "gzip"), false);
});
