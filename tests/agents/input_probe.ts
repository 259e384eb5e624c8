/**
 * Owns finding out how input must reach a real agent to be submitted: text then Enter with a
 * pause between (how long?), text and Enter in one burst, a bracketed paste of several lines, a
 * long line. Each trial checks what the fake model server received.
 */

import { ENTER_PAUSE_MS, untilReady } from "./drive.ts";
import { REPLY_TEXT } from "./fake/script.ts";
import { type AgentRun, sleep } from "./launch.ts";

const encoder = new TextEncoder();

/** How a trial sent its text. */
export type InputMethod =
  /** Text, then `pauseMs`, then Enter as its own `send-keys`. */
  | "separate"
  /** Text and `\r` in one `send-keys -H`. */
  | "burst"
  /** `ESC [200~ … ESC [201~` with `\r` between lines, then `pauseMs`, then Enter. */
  | "bracketed-paste"
  /** The same paste with `\r` right after `ESC [201~`, in one `send-keys -H`. */
  | "bracketed-paste-burst";

export interface InputTrial {
  method: InputMethod;
  pauseMs: number;
  /** The prompt reached the model with the first Enter. */
  submitted: boolean;
  /** The newest user text the model got (after a second Enter when the first did not submit). */
  received: string | null;
  /** Milliseconds from the Enter until the request arrived. */
  latencyMs: number | null;
}

let trialCount = 0;

/**
 * Send `lines` with `method`; if the first Enter does not submit, a second Enter 0.6 s later
 * does (the draft then holds a newline), so every trial ends back at the composer.
 */
export async function tryInput(
  run: AgentRun,
  method: InputMethod,
  pauseMs: number,
  lines: string[] = [`probe ${++trialCount} ${method} ${pauseMs} ms`],
): Promise<InputTrial> {
  const before = run.server.requests.length;
  const text = lines.join("\n");
  const paste = `\x1b[200~${lines.join("\r")}\x1b[201~`;
  if (method === "burst") {
    await run.type(`${text}\r`);
  } else if (method === "bracketed-paste-burst") {
    await run.sendBytes(encoder.encode(`${paste}\r`));
  } else {
    if (method === "separate") await run.type(text);
    else await run.sendBytes(encoder.encode(paste));
    if (pauseMs > 0) await sleep(pauseMs);
    await run.keys("Enter");
  }
  const sent = performance.now();
  const ofTrial = (r: { seq: number; kind: string; text?: string }) =>
    r.seq > before && r.kind === "main" && (r.text ?? "").includes(lines[0] as string);
  let submitted = true;
  let request = await run.server.waitFor(ofTrial, "the probe", 3_000).catch(() => null);
  const latencyMs = request ? Math.round(performance.now() - sent) : null;
  if (!request) {
    submitted = false;
    await sleep(600);
    await run.keys("Enter");
    request = await run.server.waitFor(ofTrial, "the probe after a second Enter", 5_000)
      .catch(() => null);
  }
  if (request) {
    await run.server.waitFor((r) => r === request && r.outcome !== undefined, "its answer", 10_000);
    await run.waitForScreen(
      (s) => s.text.includes(REPLY_TEXT.quick) && run.spec.ready(s.text, s.title),
      "the quick reply",
      10_000,
    ).catch(() => {});
  }
  await untilReady(run);
  await sleep(300);
  return {
    method,
    pauseMs,
    submitted: submitted && request !== null && request.text?.trim() === text,
    received: request?.text ?? null,
    latencyMs,
  };
}

/** What the probe found for one agent. */
export interface InputReport {
  /** Pauses tried between text and Enter, each `repeats` times. */
  separate: InputTrial[];
  burst: InputTrial[];
  paste: InputTrial[];
  /** A 1,200-character line: typed with two pauses, then as a bracketed paste. */
  longLine: InputTrial[];
  /** The smallest pause at which every trial, and every trial at longer pauses, submitted. */
  minimumReliablePauseMs: number | null;
  /** The pause the lab uses. */
  labPauseMs: number;
}

export const PROBE_PAUSES_MS = [0, 5, 10, 20, 30, 50, 100, 200];

/** The whole sweep (about a minute per agent). */
export async function probeInput(run: AgentRun, repeats = 3): Promise<InputReport> {
  const separate: InputTrial[] = [];
  for (const pause of PROBE_PAUSES_MS) {
    for (let i = 0; i < repeats; i++) separate.push(await tryInput(run, "separate", pause));
  }
  const burst: InputTrial[] = [];
  for (let i = 0; i < repeats; i++) burst.push(await tryInput(run, "burst", 0));
  const paste: InputTrial[] = [];
  for (let i = 0; i < repeats; i++) {
    paste.push(
      await tryInput(run, "bracketed-paste", ENTER_PAUSE_MS, [
        `paste ${++trialCount} line one`,
        "line two",
        "line three",
      ]),
    );
  }
  paste.push(
    await tryInput(run, "bracketed-paste-burst", 0, [`paste ${++trialCount} burst`, "line two"]),
  );
  // A long prompt typed as one burst (Maestro's input route sends it in 256-byte send-keys).
  const long = () => `long ${++trialCount} ` + "abcdefghij ".repeat(110).trim();
  const longLine = [
    await tryInput(run, "separate", ENTER_PAUSE_MS, [long()]),
    await tryInput(run, "separate", 1_000, [long()]),
    await tryInput(run, "bracketed-paste", ENTER_PAUSE_MS, [long()]),
  ];
  return {
    separate,
    burst,
    paste,
    longLine,
    minimumReliablePauseMs: minimumReliablePause(separate),
    labPauseMs: ENTER_PAUSE_MS,
  };
}

/** The smallest pause from which on every trial submitted. Pure. */
export function minimumReliablePause(trials: readonly InputTrial[]): number | null {
  const pauses = [...new Set(trials.map((t) => t.pauseMs))].sort((a, b) => a - b);
  let minimum: number | null = null;
  for (let i = pauses.length - 1; i >= 0; i--) {
    const pause = pauses[i] as number;
    if (trials.filter((t) => t.pauseMs === pause).every((t) => t.submitted)) minimum = pause;
    else break;
  }
  return minimum;
}
