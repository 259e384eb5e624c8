/** Gemini CLI in the lab: the shared tests, and its processes outliving the tmux server. */

import assert from "node:assert/strict";
import { defineLabTests, withAgent } from "./lab_tests.ts";
import { sleep } from "./launch.ts";

defineLabTests("gemini", "Gemini CLI", {
  // Padded with spaces to 80 characters, ending with the folder name.
  idleTitle: /^◇ {2}Ready \(lab-project\) +$/,
  workingTitle: /^✦ {2}Working… \(lab-project\) +$/,
  approvalTitle: /^✋ {2}Action Required \(lab-project\) +$/,
  command: "node",
  alternate: false,
  burstSubmits: false,
});

Deno.test("Gemini CLI outlives the tmux server once settled; the lab ends it", async () => {
  const run = await withAgent("gemini", [], async ({ run }) => {
    // Killed right at its composer it still ends with the hang-up; half a second later it no
    // longer does (README "Processes"). 1.5 s was once too little on a loaded 2-core CI machine.
    await sleep(4_000);
    assert.ok(run.pids.length >= 1);
  });
  const survivors = run.endReport?.survivedTmux.map((p) => p.command) ?? [];
  assert.ok(survivors.includes("node"), `survivors: ${JSON.stringify(survivors)}`);
});
