/**
 * Owns driving a real agent from state to state the way a person would: start it, send prompts
 * with the input method it accepts, wait for it to work, ask, finish, and interrupt it. Shared by
 * the lab tests and the fixture recorder, so both see the same screens.
 */

import { AGENTS, type AgentSpec } from "./agents.ts";
import type { RecordedRequest } from "./fake/server.ts";
import { KEYWORDS, REPLY_TEXT } from "./fake/script.ts";
import { type AgentId, labAgents } from "./install.ts";
import { AgentRun, sleep, type Snapshot } from "./launch.ts";

/**
 * Milliseconds between typing a prompt and pressing Enter as a separate `send-keys`. Measured
 * (README "Input"): Claude Code submits even with no pause, Codex from 10–20 ms, Gemini CLI from
 * 30 ms; a stalled agent on a loaded CI machine reads both at once, hence the wide margin.
 */
export const ENTER_PAUSE_MS = 500;

/** How long an agent may take to show its composer. */
const START_TIMEOUT_MS = 45_000;
const TURN_TIMEOUT_MS = 30_000;

/** An installed agent ready to be started. */
export interface LabAgent {
  spec: AgentSpec;
  bin: string;
  version: string;
  /** Where its runs' folders go (in the agents' cache, outside the repo and /tmp). */
  runsDir: string;
}

/** The agent `id` of this run's version set (installed on first use). */
export async function labAgent(id: AgentId): Promise<LabAgent> {
  const agents = await labAgents();
  return {
    spec: AGENTS[id],
    bin: agents.bins[id],
    version: agents.versions[id],
    runsDir: agents.runsDir,
  };
}

/** A started agent and how long it took to show its composer. */
export interface StartedAgent {
  run: AgentRun;
  /** Milliseconds from launch to the composer. */
  readyMs: number;
  idle: Snapshot;
}

/** Start `agent` and wait for its composer; the caller disposes `run`. */
export async function startAgent(
  agent: LabAgent,
  options: { args?: readonly string[]; dir?: string; notify?: boolean; hideTmux?: boolean } = {},
): Promise<StartedAgent> {
  const run = await AgentRun.start({
    spec: agent.spec,
    bin: agent.bin,
    version: agent.version,
    parent: agent.runsDir,
    ...options,
  });
  try {
    const idle = await untilReady(run, START_TIMEOUT_MS);
    return { run, readyMs: idle.at, idle };
  } catch (error) {
    await run[Symbol.asyncDispose]();
    throw error;
  }
}

/** Wait for the composer with nothing running. */
export async function untilReady(run: AgentRun, timeoutMs = TURN_TIMEOUT_MS): Promise<Snapshot> {
  const { spec } = run;
  return await run.waitForScreen(
    (s) => spec.ready(s.text, s.title),
    "its composer",
    timeoutMs,
  );
}

/** Type `text`, pause, press Enter; resolves with the turn the fake server received. */
export async function sendPrompt(run: AgentRun, text: string): Promise<RecordedRequest> {
  const before = run.server.requests.length;
  await run.submit(text, ENTER_PAUSE_MS);
  return await run.server.waitFor(
    (r) => r.seq > before && r.kind === "main" && r.text?.trim() === text,
    `the prompt ${JSON.stringify(text)}`,
    TURN_TIMEOUT_MS,
  );
}

/** Wait until the agent shows that it works (title or screen, per agent). */
export async function untilWorking(run: AgentRun): Promise<Snapshot> {
  const { spec } = run;
  return await run.waitForScreen((s) => spec.working(s.text, s.title), "it to work", 15_000);
}

/** Wait until `request` was answered completely and the screen shows `text` at the composer. */
export async function untilTurnEnds(
  run: AgentRun,
  request: RecordedRequest,
  text: string,
): Promise<Snapshot> {
  await run.server.waitFor(
    (r) => r === request && r.outcome !== undefined,
    "the answer to end",
    TURN_TIMEOUT_MS,
  );
  const { spec } = run;
  await run.waitForScreen(
    (s) => s.text.includes(text) && spec.ready(s.text, s.title),
    `${JSON.stringify(text)} above the composer`,
    TURN_TIMEOUT_MS,
  );
  return await run.settle();
}

/** A slow reply: returns while it streams, once the agent shows that it works. */
export async function startSlowReply(run: AgentRun): Promise<RecordedRequest> {
  const request = await sendPrompt(run, `${KEYWORDS.slow} please`);
  await untilWorking(run);
  return request;
}

/** Ask for the scripted shell command and wait for the approval prompt (settled). */
export async function untilApproval(run: AgentRun): Promise<Snapshot> {
  await sendPrompt(run, `${KEYWORDS.tool} please`);
  await run.waitForScreen((s) => run.spec.approval.test(s.text), "the approval prompt", 20_000);
  return await run.settle();
}

/** Approve the command once; resolves when the tool's result reached the fake server. */
export async function approve(run: AgentRun): Promise<RecordedRequest> {
  const before = run.server.requests.length;
  await run.keys(...run.spec.approveKeys);
  return await run.server.waitFor(
    (r) => r.seq > before && r.kind === "main" && r.afterTool === true,
    "the tool's result after approval",
    TURN_TIMEOUT_MS,
  );
}

/** Interrupt a running turn; resolves once the agent hung up and shows it is back. */
export async function interrupt(run: AgentRun, request: RecordedRequest): Promise<Snapshot> {
  await run.keys(...run.spec.interruptKeys);
  await run.server.waitFor(
    (r) => r === request && r.outcome !== undefined,
    "the streamed answer to end",
    10_000,
  );
  const { spec } = run;
  await run.waitForScreen(
    (s) => spec.interrupted.test(s.text) && spec.ready(s.text, s.title),
    "the interrupted turn at the composer",
    TURN_TIMEOUT_MS,
  );
  return await run.settle();
}

/** Leave the agent with Ctrl+C until its pane is dead (tmux keeps it: remain-on-exit). */
export async function exitAgent(run: AgentRun): Promise<Snapshot> {
  for (let i = 0; i < 6; i++) {
    const snapshot = await run.snapshot();
    if (snapshot.dead) return snapshot;
    await run.keys("C-c");
    await sleep(700);
  }
  return await run.waitForScreen((s) => s.dead, "the agent to exit", 10_000);
}

export { REPLY_TEXT };
