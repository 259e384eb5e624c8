/**
 * Owns the lab tests every real agent goes through (start, work, approval, interrupt, input),
 * asserted on its real screens and titles and on what its fake model server received. Each
 * agent's `*_test.ts` calls {@link defineLabTests} with the facts of that agent and adds its own.
 * Nothing here uses Maestro's status rules.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  approve,
  ENTER_PAUSE_MS,
  interrupt,
  labAgent,
  sendPrompt,
  startAgent,
  type StartedAgent,
  startSlowReply,
  untilApproval,
  untilTurnEnds,
} from "./drive.ts";
import { REPLY_TEXT, TOOL_FILE } from "./fake/script.ts";
import { tryInput } from "./input_probe.ts";
import type { AgentId } from "./install.ts";
import { type AgentRun, sleep } from "./launch.ts";

/** What the tests expect of one agent (facts from tests/agents/README.md). */
export interface AgentFacts {
  /** The pane title at the composer, after the first turn. */
  idleTitle: RegExp;
  /** The pane title while a reply streams. */
  workingTitle: RegExp;
  /** Every pane title seen while the approval prompt waits. */
  approvalTitle: RegExp;
  /** Arguments that make it ask before running a shell command. */
  approvalArgs?: string[];
  /** pane_current_command while it runs. */
  command: string;
  /** Whether it draws on the alternate screen. */
  alternate: boolean;
  /** Text and Enter in one `send-keys` are submitted (true) or left as a two-line draft. */
  burstSubmits: boolean;
}

/** Start agent `id`, run `body`, and always end the run. */
export async function withAgent(
  id: AgentId,
  args: readonly string[],
  body: (started: StartedAgent) => Promise<void> | void,
): Promise<AgentRun> {
  const started = await startAgent(await labAgent(id), { args });
  await using run = started.run;
  await body(started);
  return run;
}

/** The titles tmux reported between two moments of a run. */
function titlesBetween(run: AgentRun, from: number, to: number): string[] {
  return run.timeline.filter((e) => e.at >= from && e.at <= to).map((e) => e.title);
}

export function defineLabTests(id: AgentId, label: string, facts: AgentFacts): void {
  Deno.test(`${label} starts at its composer and leaves no process behind`, async () => {
    const run = await withAgent(id, [], ({ run, idle }) => {
      assert.ok(run.spec.ready(idle.text, idle.title), idle.text);
      assert.equal(idle.command, facts.command);
      assert.equal(idle.alternate, facts.alternate);
      assert.equal(run.server.turns.length, 0, "no turn before a prompt");
    });
    const report = run.endReport;
    assert.ok(report && report.pids.length > 0, "the agent's processes were recorded");
    for (const pid of report.pids) {
      const alive = await Deno.stat(`/proc/${pid}`).then(() => true, () => false);
      if (alive) {
        const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
        assert.match(
          stat,
          /\) Z /,
          `process ${pid} was ended (or is a zombie awaiting its parent)`,
        );
      }
    }
  });

  Deno.test(`${label} shows a slow reply at work and comes back to its composer`, async () => {
    await withAgent(id, [], async ({ run }) => {
      const request = await startSlowReply(run);
      const working = await run.snapshot();
      assert.match(working.title, facts.workingTitle);
      assert.ok(run.spec.working(working.text, working.title), working.text);
      assert.equal(request.outcome, undefined, "still streaming");
      const done = await untilTurnEnds(run, request, REPLY_TEXT.slowEnd);
      assert.equal(request.outcome, "complete");
      assert.match(done.title, facts.idleTitle);
      assert.ok(!run.spec.working(done.text, done.title), done.text);
    });
  });

  Deno.test(`${label} asks before running a command and sends its result once approved`, async () => {
    await withAgent(id, facts.approvalArgs ?? [], async ({ run }) => {
      const shown = await untilApproval(run);
      assert.match(shown.text, run.spec.approval);
      assert.match(shown.text, new RegExp(`touch ${TOOL_FILE}`));
      await sleep(2_500);
      const waited = await run.snapshot();
      assert.match(waited.text, run.spec.approval, "still asking");
      const titles = titlesBetween(run, shown.at, waited.at);
      for (const title of titles) assert.match(title, facts.approvalTitle);
      assert.equal(
        run.server.requests.filter((r) => r.afterTool).length,
        0,
        "nothing ran before the answer",
      );
      const result = await approve(run);
      assert.equal(result.afterTool, true);
      await Deno.stat(join(run.cwd, TOOL_FILE));
      await untilTurnEnds(run, result, REPLY_TEXT.afterTool);
    });
  });

  Deno.test(`${label} stops a running turn on Escape`, async () => {
    await withAgent(id, [], async ({ run }) => {
      const request = await startSlowReply(run);
      await sleep(1_000);
      const stopped = await interrupt(run, request);
      assert.equal(request.outcome, "cancelled", "the agent hung up on the stream");
      assert.match(stopped.text, run.spec.interrupted);
      assert.ok(!stopped.text.includes(REPLY_TEXT.slowEnd), "the reply did not finish");
    });
  });

  Deno.test(
    `${label} submits a prompt typed then Enter ${ENTER_PAUSE_MS} ms later, and a bracketed paste`,
    async () => {
      await withAgent(id, [], async ({ run }) => {
        const typed = await sendPrompt(run, "typed prompt");
        assert.equal(typed.text, "typed prompt");
        await untilTurnEnds(run, typed, REPLY_TEXT.quick);
        const lines = ["pasted line one", "line two", "line three"];
        const paste = await tryInput(run, "bracketed-paste", ENTER_PAUSE_MS, lines);
        assert.equal(paste.submitted, true);
        assert.equal(paste.received, lines.join("\n"), "the lines arrive as one message");
      });
    },
  );

  Deno.test(
    facts.burstSubmits
      ? `${label} submits text and Enter sent in one burst`
      : `${label} leaves text and Enter sent in one burst as an unsent draft`,
    async () => {
      await withAgent(id, [], async ({ run }) => {
        const trial = await tryInput(run, "burst", 0, ["burst probe"]);
        assert.equal(trial.submitted, facts.burstSubmits, JSON.stringify(trial));
        // Either way a second Enter sends the draft: the composer is not stuck.
        assert.match(trial.received ?? "", /^burst /);
      });
    },
  );
}
