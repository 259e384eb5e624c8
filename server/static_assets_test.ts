import assert from "node:assert/strict";
import { acceptsGzip } from "./static_assets.ts";

Deno.test("acceptsGzip reads Accept-Encoding, q=0 refusing", () => {
  assert.equal(acceptsGzip(undefined), false);
  assert.equal(acceptsGzip("gzip, deflate, br, zstd"), true);
  assert.equal(acceptsGzip("br"), false);
  assert.equal(acceptsGzip("gzip;q=0, br"), false);
  assert.equal(acceptsGzip("GZIP;q=0.5"), true);
  assert.equal(acceptsGzip("*"), true);
  assert.equal(acceptsGzip("identity"), false);
});
