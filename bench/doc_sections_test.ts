import assert from "node:assert/strict";
import { replaceSection } from "./doc_sections.ts";

Deno.test("replaceSection swaps only the named section's content", () => {
  const doc =
    "# B\n\n<!-- bench:e2e -->\nold\n<!-- /bench:e2e -->\n\ntext\n<!-- bench:scale -->\n" +
    "x\n<!-- /bench:scale -->\n";
  const out = replaceSection(doc, "e2e", "| a |\n| - |\n");
  assert.equal(
    out,
    "# B\n\n<!-- bench:e2e -->\n\n| a |\n| - |\n\n<!-- /bench:e2e -->\n\ntext\n<!-- bench:scale -->\n" +
      "x\n<!-- /bench:scale -->\n",
  );
  assert.equal(replaceSection(out, "e2e", "| a |\n| - |"), out, "idempotent");
  assert.throws(() => replaceSection(doc, "nope", "y"), /no "<!-- bench:nope -->"/);
});
