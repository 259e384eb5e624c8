/**
 * Records the real agents' screens as fixtures: drives each agent through its states (idle,
 * working, done, a question, an approval prompt and its answer, an interrupt, a draft, exit) and
 * writes `tests/fixtures/agents/<agent>-<version>/<state>.txt|.json`, the title/activity timeline
 * of each run, the requests the fake model server got, and what the input probe found.
 *
 * Usage: `deno run -A tests/agents/record.ts [claude|codex|gemini…] [--latest] [--no-input]`
 */

import { join } from "node:path";
import {
  approve,
  exitAgent,
  interrupt,
  type LabAgent,
  labAgent,
  sendPrompt,
  startAgent,
  startSlowReply,
  untilApproval,
  untilTurnEnds,
} from "./drive.ts";
import { KEYWORDS, REPLY_TEXT } from "./fake/script.ts";
import { probeInput } from "./input_probe.ts";
import { AGENT_IDS, type AgentId } from "./install.ts";
import { type AgentRun, sleep, type Snapshot } from "./launch.ts";
import { findRawSignals, summarizeSignals } from "./raw_signals.ts";

const FIXTURES = new URL("../fixtures/agents/", import.meta.url);
const encoder = new TextEncoder();
/** Seconds the recorder waits at an approval prompt (long enough for a quiet pane to be quiet). */
const APPROVAL_WAIT_MS = 5_000;

/** The fixture folder of one agent version. */
export function fixtureDir(agent: { spec: { id: AgentId }; version: string }): URL {
  return new URL(`${agent.spec.id}-${agent.version}/`, FIXTURES);
}

/** What `<state>.json` holds. */
export interface StateMeta {
  agent: AgentId;
  label: string;
  version: string;
  state: string;
  /** Which run of the agent (Claude Code runs twice: auto mode and `--permission-mode default`). */
  run: string;
  args: string[];
  note: string;
  title: string;
  command: string;
  alternate: boolean;
  cursorX: number;
  cursorY: number;
  cursorVisible: boolean;
  bell: boolean;
  dead: boolean;
  cols: number;
  rows: number;
  /** Seconds between tmux's window_activity and the capture. */
  secondsSinceActivity: number;
  /** Milliseconds since the run started. */
  at: number;
  /** Bells, titles, notifications and other OSC sequences in the raw output since the last state. */
  signals: ReturnType<typeof summarizeSignals>;
  /** The approval state: the titles and window_activity sampled while the prompt waited. */
  titleSequence?: { at: number; title: string; windowActivity: number }[];
}

function log(text: string): void {
  Deno.stderr.writeSync(encoder.encode(`${text}\n`));
}

/** Records the states of one run. */
class RunRecorder {
  readonly #agent: LabAgent;
  readonly #run: AgentRun;
  readonly #name: string;
  readonly #args: string[];
  readonly #dir: URL;
  #rawMark = 0;
  readonly #states: { state: string; at: number }[] = [];

  constructor(agent: LabAgent, run: AgentRun, name: string, args: string[]) {
    this.#agent = agent;
    this.#run = run;
    this.#name = name;
    this.#args = args;
    this.#dir = fixtureDir(agent);
  }

  async record(
    state: string,
    note: string,
    snapshot?: Snapshot,
    extra: Partial<StateMeta> = {},
  ): Promise<void> {
    const s = snapshot ?? await this.#run.snapshot();
    const raw = await this.#run.raw();
    const signals = summarizeSignals(findRawSignals(raw.subarray(this.#rawMark)));
    this.#rawMark = raw.length;
    const meta: StateMeta = {
      agent: this.#agent.spec.id,
      label: this.#agent.spec.label,
      version: this.#agent.version,
      state,
      run: this.#name,
      args: [...this.#agent.spec.args, ...this.#args],
      note,
      title: s.title,
      command: s.command,
      alternate: s.alternate,
      cursorX: s.cursorX,
      cursorY: s.cursorY,
      cursorVisible: s.cursorVisible,
      bell: s.bell,
      dead: s.dead,
      cols: s.cols,
      rows: s.rows,
      secondsSinceActivity: Math.max(0, Math.floor(Date.now() / 1000) - s.windowActivity),
      at: s.at,
      signals,
      ...extra,
    };
    await Deno.writeTextFile(new URL(`${state}.txt`, this.#dir), s.text);
    await Deno.writeTextFile(
      new URL(`${state}.json`, this.#dir),
      JSON.stringify(meta, null, 2) + "\n",
    );
    this.#states.push({ state, at: s.at });
    log(`  ${state} (${s.at} ms) title ${JSON.stringify(s.title.trim())}`);
  }

  /** The run's timeline, marked with the states, and a summary for runs.json. */
  async finish(readyMs: number): Promise<unknown> {
    const run = this.#run;
    const first = run.timeline[0]?.windowActivity ?? 0;
    await Deno.writeTextFile(
      new URL(`timeline-${this.#name}.json`, this.#dir),
      JSON.stringify(
        {
          note: "What tmux reported, sampled every 50 ms, one entry per change: ms since launch, " +
            "pane title, window_activity in seconds since the first sample, command, screen, bell.",
          states: this.#states,
          entries: run.timeline.map((e) => ({
            ...e,
            windowActivity: e.windowActivity - first,
          })),
        },
        null,
        1,
      ) + "\n",
    );
    return {
      run: this.#name,
      args: [...this.#agent.spec.args, ...this.#args],
      readyMs,
      durationMs: run.now(),
      requests: run.server.requests.map((r) => ({
        at: r.at,
        method: r.method,
        path: r.path.replace(/\d+\.\d+\.\d+\.\d+:\d+/, "HOST"),
        kind: r.kind,
        rule: r.rule,
        text: r.text === undefined ? undefined : r.text.slice(0, 120),
        afterTool: r.afterTool,
        tools: r.tools?.length,
        outcome: r.outcome,
        endedAt: r.endedAt,
        userAgent: r.headers["user-agent"],
      })),
    };
  }
}

/** Titles and activity sampled between two moments of a run. */
function titlesBetween(run: AgentRun, from: number, to: number) {
  const entries = run.timeline.filter((e) => e.at >= from && e.at <= to);
  const first = entries[0]?.windowActivity ?? 0;
  return entries.map((e) => ({
    at: e.at - from,
    title: e.title,
    windowActivity: e.windowActivity - first,
  }));
}

interface Plan {
  name: string;
  args: string[];
  /** Drives the run, recording states. */
  drive(run: AgentRun, recorder: RunRecorder): Promise<void>;
}

async function recordCommon(
  run: AgentRun,
  recorder: RunRecorder,
  withApproval: boolean,
): Promise<void> {
  const slow = await startSlowReply(run);
  await sleep(2_500);
  await recorder.record(
    "working",
    "A slow reply streams (8 s); captured 2.5 s after it showed work.",
  );
  await recorder.record(
    "done",
    "The slow reply finished; back at the composer.",
    await untilTurnEnds(run, slow, REPLY_TEXT.slowEnd),
  );
  const question = await sendPrompt(run, `${KEYWORDS.question} please`);
  await recorder.record(
    "question",
    "The model's reply ends with a question in text (no menu); the agent is back at its composer.",
    await untilTurnEnds(run, question, REPLY_TEXT.question),
  );
  if (withApproval) {
    const shown = await untilApproval(run);
    await sleep(APPROVAL_WAIT_MS);
    const waited = await run.snapshot();
    await recorder.record(
      "approval",
      `The approval prompt for \`touch lab-approved.txt\`, ${
        APPROVAL_WAIT_MS / 1000
      } s after it appeared.`,
      waited,
      { titleSequence: titlesBetween(run, shown.at, waited.at) },
    );
    const result = await approve(run);
    await recorder.record(
      "approved",
      "Approved once; the tool ran, its result went back to the model, the reply is shown.",
      await untilTurnEnds(run, result, REPLY_TEXT.afterTool),
    );
  }
  const slowAgain = await startSlowReply(run);
  await sleep(1_500);
  await recorder.record(
    "interrupted",
    `Interrupted with ${run.spec.interruptKeys.join(" ")} 1.5 s into a slow reply.`,
    await interrupt(run, slowAgain),
  );
  await run.type("half-typed draft");
  await recorder.record(
    "draft",
    "Text typed into the composer, not submitted.",
    await run.settle(),
  );
  await recorder.record(
    "exited",
    "Left with Ctrl+C; tmux keeps the dead pane.",
    await exitAgent(run),
  );
}

function plans(id: AgentId): Plan[] {
  if (id !== "claude") {
    return [{
      name: "main",
      args: [],
      drive: (run, recorder) => recordCommon(run, recorder, true),
    }];
  }
  return [
    {
      name: "auto-mode",
      args: [],
      async drive(run, recorder) {
        await recordCommon(run, recorder, false);
      },
    },
    {
      name: "default-mode",
      args: ["--permission-mode", "default"],
      async drive(run, recorder) {
        const shown = await untilApproval(run);
        await sleep(APPROVAL_WAIT_MS);
        const waited = await run.snapshot();
        await recorder.record(
          "approval",
          `--permission-mode default: the permission prompt for \`touch lab-approved.txt\`, ${
            APPROVAL_WAIT_MS / 1000
          } s after it appeared.`,
          waited,
          { titleSequence: titlesBetween(run, shown.at, waited.at) },
        );
        const result = await approve(run);
        await recorder.record(
          "approved",
          "--permission-mode default: approved once; the tool ran and its result went back.",
          await untilTurnEnds(run, result, REPLY_TEXT.afterTool),
        );
      },
    },
  ];
}

/** Claude Code's auto mode: the same tool call runs without a prompt. */
async function recordAutoTool(run: AgentRun, recorder: RunRecorder): Promise<void> {
  await sendPrompt(run, `${KEYWORDS.tool} please`);
  const result = await run.server.waitFor(
    (r) => r.kind === "main" && r.afterTool === true,
    "the tool result in auto mode",
    30_000,
  );
  await recorder.record(
    "tool-auto",
    "Auto mode (the default): the scripted `touch lab-approved.txt` ran without a prompt.",
    await untilTurnEnds(run, result, REPLY_TEXT.afterTool),
  );
}

async function recordAgent(id: AgentId, input: boolean): Promise<void> {
  const agent = await labAgent(id);
  const dir = fixtureDir(agent);
  await Deno.mkdir(dir, { recursive: true });
  log(`${agent.spec.label} ${agent.version} → ${dir.pathname}`);
  const runs: unknown[] = [];
  const runDir = join(agent.runsDir, `record-${id}`);
  for (const plan of plans(id)) {
    log(` run ${plan.name}`);
    const { run, readyMs } = await startAgent(agent, { args: plan.args, dir: runDir });
    await using _ = run;
    const recorder = new RunRecorder(agent, run, plan.name, plan.args);
    const idleState = plan.name === "default-mode" ? "default-mode-idle" : "idle";
    await recorder.record(
      idleState,
      `Started; at its composer (ready ${readyMs} ms after launch).`,
      await run.settle(),
    );
    if (plan.name === "auto-mode") {
      // Auto mode's tool call first: later states then show the conversation so far.
      await recordAutoTool(run, recorder);
    }
    await plan.drive(run, recorder);
    runs.push(await recorder.finish(readyMs));
    await run[Symbol.asyncDispose]();
    (runs.at(-1) as Record<string, unknown>).survivedTmux = run.endReport?.survivedTmux.map((p) =>
      p.command
    );
    (runs.at(-1) as Record<string, unknown>).processes = run.endReport?.pids.length;
  }
  await Deno.writeTextFile(new URL("runs.json", dir), JSON.stringify(runs, null, 1) + "\n");
  if (input) {
    log(" input probe");
    const { run } = await startAgent(agent, { dir: runDir });
    await using _ = run;
    const report = await probeInput(run);
    await Deno.writeTextFile(new URL("input.json", dir), JSON.stringify(report, null, 1) + "\n");
    log(`  minimum reliable pause ${report.minimumReliablePauseMs} ms`);
  }
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--latest")) Deno.env.set("MAESTRO_AGENTS", "latest");
  const input = !args.includes("--no-input");
  const ids = args.filter((a) => !a.startsWith("--"));
  for (const id of ids) {
    if (!AGENT_IDS.includes(id as AgentId)) {
      throw new Error(`Cannot record "${id}": the agents are ${AGENT_IDS.join(", ")}`);
    }
  }
  for (const id of ids.length > 0 ? ids as AgentId[] : AGENT_IDS) await recordAgent(id, input);
}

if (import.meta.main) await main(Deno.args);
