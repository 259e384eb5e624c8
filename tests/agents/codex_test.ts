/** Codex in the lab: the shared tests, and the blinking title while it waits for approval. */

import assert from "node:assert/strict";
import { untilApproval } from "./drive.ts";
import { defineLabTests, withAgent } from "./lab_tests.ts";
import { sleep } from "./launch.ts";

defineLabTests("codex", "Codex", {
  idleTitle: /^Lab session \| lab-project$/,
  workingTitle: /^[\u2801-\u28ff] .*lab-project$/,
  approvalTitle: /^\[ [.!] \] Action Required \| .*lab-project$/,
  command: "node",
  alternate: true,
  burstSubmits: false,
});

Deno.test("Codex blinks its title every second while it waits for approval", async () => {
  await withAgent("codex", [], async ({ run }) => {
    const shown = await untilApproval(run);
    await sleep(3_500);
    const blinks = run.timeline.filter((e) => e.at >= shown.at && /Action Required/.test(e.title));
    const marks = blinks.map((e) => e.title.slice(0, 5));
    assert.ok(marks.includes("[ . ]") && marks.includes("[ ! ]"), JSON.stringify(marks));
    // Each blink is output: tmux's window_activity moves with it (whole seconds).
    const activity = new Set(blinks.map((e) => e.windowActivity));
    assert.ok(activity.size >= 3, `window_activity took ${activity.size} values in 3.5 s`);
  });
});
