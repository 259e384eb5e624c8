/** Claude Code in the lab: the shared tests, and auto mode running a command without asking. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { sendPrompt, untilTurnEnds } from "./drive.ts";
import { KEYWORDS, REPLY_TEXT, TOOL_FILE } from "./fake/script.ts";
import { defineLabTests, withAgent } from "./lab_tests.ts";

defineLabTests("claude", "Claude Code", {
  // Inside tmux (TMUX set) 2.1.332 never animates its title: `✳ <session title>` throughout.
  idleTitle: /^✳ Lab session$/,
  workingTitle: /^✳ /,
  approvalTitle: /^✳ /,
  // 2.1.33x starts in auto mode, which runs `touch` without asking.
  approvalArgs: ["--permission-mode", "default"],
  command: "claude",
  alternate: false,
  burstSubmits: true,
});

Deno.test("Claude Code in auto mode runs a low-risk command without asking", async () => {
  await withAgent("claude", [], async ({ run, idle }) => {
    assert.match(idle.text, /auto mode on/);
    const request = await sendPrompt(run, `${KEYWORDS.tool} please`);
    const result = await run.server.waitFor((r) => r.afterTool === true, "the tool result", 30_000);
    assert.ok(result.seq > request.seq);
    await Deno.stat(join(run.cwd, TOOL_FILE));
    const done = await untilTurnEnds(run, result, REPLY_TEXT.afterTool);
    assert.doesNotMatch(done.text, run.spec.approval);
    const titles = run.timeline.map((e) => e.title);
    assert.ok(titles.every((title) => !run.spec.approval.test(title)));
  });
});
