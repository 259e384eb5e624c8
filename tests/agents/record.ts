/**
 * Records the real agents' screens as fixtures: drives each agent through its states (idle,
 * working, done, a question, an approval prompt and its answer, an interrupt, a draft, exit) and
 * writes `tests/fixtures/agents/<agent>-<version>/<state>.txt|.json`, the title/activity timeline
 * of each run, the requests the fake model server got, and what the input probe found. Over 400
 * lines because each agent's runs are scripted here step by step, state after state.
 *
 * Usage: `deno run -A tests/agents/record.ts [claude|codex|gemini…] [--latest] [--no-input]
 * [--run=NAME…]` (NAME: a run of an agent, e.g. `notify`, or `input` for the input probe).
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
  /** Notification runs: milliseconds until a bell rang in the raw output (null: none). */
  bellAfterMs?: number | null;
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
  async finish(readyMs: number): Promise<Record<string, unknown>> {
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
  /** Turn on the agent's bell notifications / hide TMUX from it (see LaunchOptions). */
  notify?: boolean;
  hideTmux?: boolean;
  /** The name of the first state, at the composer after start; none records nothing. */
  idleState?: string;
  /** Drives the run, recording states. */
  drive(run: AgentRun, recorder: RunRecorder): Promise<void>;
}

/** The approval prompt, left waiting {@link APPROVAL_WAIT_MS}, then approved once. */
async function recordApproval(run: AgentRun, recorder: RunRecorder, mode = ""): Promise<void> {
  const shown = await untilApproval(run);
  await sleep(APPROVAL_WAIT_MS);
  const waited = await run.snapshot();
  await recorder.record(
    "approval",
    `${mode}The approval prompt for \`touch lab-approved.txt\`, ${
      APPROVAL_WAIT_MS / 1000
    } s after it appeared.`,
    waited,
    { titleSequence: titlesBetween(run, shown.at, waited.at) },
  );
  const result = await approve(run);
  await recorder.record(
    "approved",
    `${mode}Approved once; the tool ran, its result went back to the model, the reply is shown.`,
    await untilTurnEnds(run, result, REPLY_TEXT.afterTool),
  );
}

/** Working, done, a question, [approval], an interrupt, a draft, exit. */
async function recordStates(
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
  if (withApproval) await recordApproval(run, recorder);
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
    "Left with Ctrl+C; tmux keeps the dead pane (remain-on-exit).",
    await exitAgent(run),
  );
}

/** Bells counted in the raw output after `from` bytes. */
async function bellsSince(run: AgentRun, from: number): Promise<number> {
  return summarizeSignals(findRawSignals((await run.raw()).subarray(from))).bells;
}

/**
 * Wait up to `timeoutMs` for a bell in the raw output after byte `from`; the run time (ms) at
 * which it was seen (100 ms resolution), or null.
 */
async function untilBell(run: AgentRun, from: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await bellsSince(run, from) > 0) return run.now();
    await sleep(100);
  }
  return null;
}

/** With the agent's bell notifications on: when does it ring after a turn and at approval? */
async function recordNotifications(run: AgentRun, recorder: RunRecorder): Promise<void> {
  // Watch for the bell from before the prompt (polling the raw log while the turn runs).
  const turnWatch = untilBell(run, (await run.raw()).length, 80_000);
  const quick = await sendPrompt(run, "quick-reply please");
  await untilTurnEnds(run, quick, REPLY_TEXT.quick);
  // The server's clock starts with the run's, within a few ms.
  const turnBell = await turnWatch;
  await recorder.record(
    "notify-done",
    "Notifications on (bell): back at the composer after a quick turn, once it rang (or 75 s); " +
      "bellAfterMs counts from the end of the streamed answer.",
    undefined,
    { bellAfterMs: turnBell === null ? null : turnBell - (quick.endedAt ?? 0) },
  );
  const promptWatch = untilBell(run, (await run.raw()).length, 25_000);
  const ask = await sendPrompt(run, `${KEYWORDS.tool} please`);
  await run.waitForScreen((s) => run.spec.approval.test(s.text), "the approval prompt", 20_000);
  const promptBell = await promptWatch;
  await recorder.record(
    "notify-approval",
    "Notifications on (bell): the approval prompt, once it rang (or 20 s); bellAfterMs counts " +
      "from the end of the answer that asked for the command.",
    undefined,
    { bellAfterMs: promptBell === null ? null : promptBell - (ask.endedAt ?? 0) },
  );
}

function plans(id: AgentId): Plan[] {
  const approvalArgs = id === "claude" ? ["--permission-mode", "default"] : [];
  const notify: Plan = {
    name: "notify",
    args: approvalArgs,
    notify: true,
    drive: recordNotifications,
  };
  if (id !== "claude") {
    return [
      { name: "main", args: [], idleState: "idle", drive: (run, r) => recordStates(run, r, true) },
      notify,
    ];
  }
  return [
    {
      name: "auto-mode",
      args: [],
      idleState: "idle",
      async drive(run, recorder) {
        // Auto mode's tool call first: later states then show the conversation so far.
        await recordAutoTool(run, recorder);
        await recordStates(run, recorder, false);
      },
    },
    {
      name: "default-mode",
      args: approvalArgs,
      idleState: "default-mode-idle",
      drive: (run, recorder) => recordApproval(run, recorder, "--permission-mode default: "),
    },
    {
      name: "no-tmux-env",
      args: [],
      hideTmux: true,
      async drive(run, recorder) {
        const slow = await startSlowReply(run);
        await sleep(2_500);
        await recorder.record(
          "no-tmux-env-working",
          "TMUX and TMUX_PANE left out of its environment: the title animates (◐/◑) while it works.",
        );
        await untilTurnEnds(run, slow, REPLY_TEXT.slowEnd);
      },
    },
    notify,
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

async function recordAgent(id: AgentId, input: boolean, only: string[]): Promise<void> {
  const agent = await labAgent(id);
  const dir = fixtureDir(agent);
  await Deno.mkdir(dir, { recursive: true });
  log(`${agent.spec.label} ${agent.version} → ${dir.pathname}`);
  const runsFile = new URL("runs.json", dir);
  const runs: Record<string, unknown>[] = only.length === 0
    ? []
    : JSON.parse(await Deno.readTextFile(runsFile).catch(() => "[]"));
  const runDir = join(agent.runsDir, `record-${id}`);
  for (const plan of plans(id)) {
    if (only.length > 0 && !only.includes(plan.name)) continue;
    log(` run ${plan.name}`);
    const { run, readyMs } = await startAgent(agent, {
      args: plan.args,
      dir: runDir,
      notify: plan.notify ?? false,
      hideTmux: plan.hideTmux ?? false,
    });
    await using _ = run;
    const recorder = new RunRecorder(agent, run, plan.name, plan.args);
    if (plan.idleState) {
      await recorder.record(
        plan.idleState,
        `Started; at its composer (ready ${readyMs} ms after launch).`,
        await run.settle(),
      );
    }
    await plan.drive(run, recorder);
    const summary = await recorder.finish(readyMs);
    await run[Symbol.asyncDispose]();
    const index = runs.findIndex((r) => r.run === plan.name);
    runs.splice(index < 0 ? runs.length : index, index < 0 ? 0 : 1, {
      ...summary,
      processes: run.endReport?.pids.length,
      survivedTmux: run.endReport?.survivedTmux.map((p) => p.command),
    });
  }
  await Deno.writeTextFile(runsFile, JSON.stringify(runs, null, 1) + "\n");
  if (input && (only.length === 0 || only.includes("input"))) {
    log(" input probe");
    const { run } = await startAgent(agent, { dir: runDir });
    await using _ = run;
    const report = await probeInput(run);
    await run[Symbol.asyncDispose]();
    const survivedTmux = run.endReport?.survivedTmux.map((p) => p.command);
    await Deno.writeTextFile(
      new URL("input.json", dir),
      JSON.stringify({ ...report, survivedTmux }, null, 1) + "\n",
    );
    log(`  minimum reliable pause ${report.minimumReliablePauseMs} ms`);
  }
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--latest")) Deno.env.set("MAESTRO_AGENTS", "latest");
  const input = !args.includes("--no-input");
  const only = args.filter((a) => a.startsWith("--run=")).map((a) => a.slice("--run=".length));
  const ids = args.filter((a) => !a.startsWith("--"));
  for (const id of ids) {
    if (!AGENT_IDS.includes(id as AgentId)) {
      throw new Error(`Cannot record "${id}": the agents are ${AGENT_IDS.join(", ")}`);
    }
  }
  for (const id of ids.length > 0 ? ids as AgentId[] : AGENT_IDS) {
    await recordAgent(id, input, only);
  }
}

if (import.meta.main) await main(Deno.args);
