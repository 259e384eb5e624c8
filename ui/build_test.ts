import assert from "node:assert/strict";
import { appStylesheet, STYLESHEETS } from "./build.ts";

async function stylesheetsUnder(dir: URL, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory && entry.name !== "dist") {
      found.push(
        ...await stylesheetsUnder(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`),
      );
    } else if (entry.isFile && entry.name.endsWith(".css")) found.push(`${prefix}${entry.name}`);
  }
  return found;
}

Deno.test("Build lists every part's stylesheet exactly once", async () => {
  const onDisk = await stylesheetsUnder(new URL("./", import.meta.url));
  assert.deepEqual([...STYLESHEETS].sort(), onDisk.sort());
  assert.equal(new Set(STYLESHEETS).size, STYLESHEETS.length);
  assert.equal(STYLESHEETS[0], "shared/base.css", "the design tokens come first");
});

Deno.test("Build joins the stylesheets in cascade order", async () => {
  const css = await appStylesheet();
  const positions = STYLESHEETS.map((name) => css.indexOf(`/* ${name} */`));
  assert.ok(positions.every((at) => at >= 0));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  assert.match(css, /--space-2/, "the tokens are in it");
});
