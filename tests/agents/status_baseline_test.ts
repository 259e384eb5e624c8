/**
 * BASELINE TO BE CHANGED. Runs Maestro's current status detection (server/agent_status) over the
 * real agents' recorded screens (tests/fixtures/agents/) and asserts what it says TODAY, right or
 * wrong, so the rewrite of the status model sees exactly what changes. `desired` is what DESIGN
 * §9b asks for each state; rows marked ✗ in the printed table are the work to do. When the
 * model changes, update TODAY (and, once it is right, turn this into the model's own test).
 *
 * `MAESTRO_STATUS_BASELINE=print deno test -A tests/agents/status_baseline_test.ts` prints the table.
 */

import assert from "node:assert/strict";
import { detectStatus, screenFromText, type StatusInput } from "../../server/agent_status/mod.ts";
import { AGENT_IDS, PINNED_VERSIONS } from "./install.ts";
import type { StateMeta } from "./record.ts";

const FIXTURES = new URL("../fixtures/agents/", import.meta.url);

/** DESIGN §9b's states (today's code calls needs-you "waiting" and has no "done"). */
type Desired = "working" | "needs-you" | "done" | "idle" | "exited";

/** What each recorded state should be, by DESIGN §9b. */
const DESIRED: Record<string, Desired> = {
  "idle": "idle",
  "default-mode-idle": "idle",
  "working": "working",
  "no-tmux-env-working": "working",
  "done": "done",
  "question": "done",
  "tool-auto": "done",
  "approval": "needs-you",
  "approved": "done",
  "interrupted": "idle",
  "draft": "idle",
  "exited": "exited",
  "notify-done": "done",
  "notify-approval": "needs-you",
};

/**
 * TODAY's verdicts, as `status/rule`: `captured` with the quiet time the pane really had when
 * recorded (seconds since tmux's window_activity), `quiet` as if it had been quiet for 30 s (what
 * the screen rules alone say).
 */
const TODAY: Record<string, { captured: string; quiet: string }> = {
  "claude-2.1.332/approval": {
    captured: "waiting/claude-permission",
    quiet: "waiting/claude-permission",
  },
  "claude-2.1.332/approved": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/default-mode-idle": {
    captured: "working/recent-output",
    quiet: "idle/claude-idle",
  },
  "claude-2.1.332/done": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/draft": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/exited": { captured: "exited/pane-dead", quiet: "exited/pane-dead" },
  "claude-2.1.332/idle": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/interrupted": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/no-tmux-env-working": {
    captured: "working/recent-output",
    quiet: "working/interrupt-hint",
  },
  "claude-2.1.332/notify-approval": {
    captured: "working/recent-output",
    quiet: "waiting/claude-permission",
  },
  "claude-2.1.332/notify-done": { captured: "working/recent-output", quiet: "waiting/bell" },
  "claude-2.1.332/question": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/tool-auto": { captured: "working/recent-output", quiet: "idle/claude-idle" },
  "claude-2.1.332/working": { captured: "working/recent-output", quiet: "working/interrupt-hint" },
  "codex-0.171.0/approval": { captured: "working/recent-output", quiet: "waiting/codex-approval" },
  "codex-0.171.0/approved": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/done": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/draft": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/exited": { captured: "exited/pane-dead", quiet: "exited/pane-dead" },
  "codex-0.171.0/idle": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/interrupted": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/notify-approval": {
    captured: "working/recent-output",
    quiet: "waiting/codex-approval",
  },
  "codex-0.171.0/notify-done": { captured: "working/recent-output", quiet: "waiting/bell" },
  "codex-0.171.0/question": { captured: "working/recent-output", quiet: "idle/codex-idle" },
  "codex-0.171.0/working": { captured: "working/recent-output", quiet: "working/spinner-title" },
  "gemini-0.61.0/approval": { captured: "waiting/codex-approval", quiet: "waiting/codex-approval" },
  "gemini-0.61.0/approved": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/done": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/draft": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/exited": { captured: "exited/pane-dead", quiet: "exited/pane-dead" },
  "gemini-0.61.0/idle": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/interrupted": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/notify-approval": {
    captured: "working/recent-output",
    quiet: "waiting/codex-approval",
  },
  "gemini-0.61.0/notify-done": { captured: "working/recent-output", quiet: "waiting/bell" },
  "gemini-0.61.0/question": { captured: "working/recent-output", quiet: "idle/quiet" },
  "gemini-0.61.0/working": { captured: "working/recent-output", quiet: "idle/quiet" },
};

interface Fixture {
  key: string;
  meta: StateMeta;
  text: string;
}

async function loadFixtures(): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const id of AGENT_IDS) {
    const dirName = `${id}-${PINNED_VERSIONS[id]}`;
    const dir = new URL(`${dirName}/`, FIXTURES);
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.endsWith(".txt")) continue;
      const state = entry.name.slice(0, -".txt".length);
      const meta = JSON.parse(await Deno.readTextFile(new URL(`${state}.json`, dir)));
      const text = await Deno.readTextFile(new URL(entry.name, dir));
      fixtures.push({ key: `${dirName}/${state}`, meta, text });
    }
  }
  return fixtures.sort((a, b) => a.key.localeCompare(b.key));
}

function verdict(meta: StateMeta, text: string, idleSeconds: number): string {
  const input: StatusInput = {
    dead: meta.dead,
    idleSeconds,
    title: meta.title,
    command: meta.command,
    alternate: meta.alternate,
    bell: meta.bell,
    screen: screenFromText(text, meta.cursorX, meta.cursorY),
  };
  const { status, rule } = detectStatus(input);
  return `${status}/${rule}`;
}

/** Today's status name for a desired one (today: "waiting" for needs-you, no "done"). */
function matchesDesired(today: string, desired: Desired): boolean {
  const status = today.split("/")[0];
  return status === (desired === "needs-you" ? "waiting" : desired);
}

const fixtures = await loadFixtures();

Deno.test("Status baseline (to be changed): today's verdict on every recorded agent state", () => {
  const rows: string[] = [];
  for (const { key, meta, text } of fixtures) {
    const state = key.split("/")[1] as string;
    const desired = DESIRED[state];
    assert.ok(desired, `${key}: add the state to DESIRED`);
    const captured = verdict(meta, text, meta.secondsSinceActivity);
    const quiet = verdict(meta, text, 30);
    // Most states were captured within a second of the agent's last output, where "working by
    // recent output" is expected; the approval prompts were left waiting 5 s first, so there the
    // captured verdict counts too (Codex's blinking title keeps its activity fresh).
    const right = matchesDesired(quiet, desired) &&
      (state !== "approval" || matchesDesired(captured, desired));
    rows.push(
      `${right ? "  " : "✗ "}${key.padEnd(36)} ${desired.padEnd(10)} ` +
        `${captured.padEnd(28)} ${quiet}`,
    );
    assert.deepEqual({ captured, quiet }, TODAY[key], `${key}: today's verdicts changed`);
  }
  if (Deno.env.get("MAESTRO_STATUS_BASELINE") === "print") {
    const head = `  ${"fixture".padEnd(36)} ${"desired".padEnd(10)} ${
      "today, as captured".padEnd(28)
    } today, quiet 30 s`;
    Deno.stdout.writeSync(new TextEncoder().encode(`\n${[head, ...rows].join("\n")}\n`));
  }
});

Deno.test("Status baseline (to be changed) covers every recorded state of the pinned agents", () => {
  const keys = fixtures.map((f) => f.key);
  assert.deepEqual(keys, Object.keys(TODAY).sort(), "re-record or update TODAY");
});
