/**
 * Owns the interleaved A/B comparison of `GET /api/sessions` between this checkout and another
 * (e.g. the commit before a change). Both servers run at once over one private tmux server with
 * the same idle sessions and are asked in turn, first one then the other, so the machine's
 * noise falls on both alike — separate runs of the end-to-end bench on this shared VM differ by
 * more than most changes.
 *
 *   git worktree add /tmp/maestro-before <commit>     # or: git archive <commit> | tar -x -C …
 *   deno run -A bench/list_ab.ts --before /tmp/maestro-before [--sessions 500] [--requests 100]
 *                                [--busy]   (Enter in every session 0.3 s before each pair)
 */

import { parseArgs } from "node:util";
import { BenchTmux } from "./bench_tmux.ts";
import { sleep } from "./phase.ts";
import { ServerProcess } from "./server_process.ts";
import { percentile } from "./stats.ts";

const encoder = new TextEncoder();
function print(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Invalid ${flag} "${text}": give a positive whole number`);
  }
  return value;
}

/** One timed `GET /api/sessions`, checked for the expected number of sessions. */
async function listed(server: ServerProcess, expected: number): Promise<number> {
  const started = performance.now();
  const response = await server.get("/api/sessions");
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET /api/sessions answered ${response.status}`);
  const listed = (JSON.parse(response.text) as { sessions: unknown[] }).sessions.length;
  if (listed !== expected) throw new Error(`GET /api/sessions listed ${listed}, not ${expected}`);
  return ms;
}

/** Run the comparison; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      before: { type: "string" },
      sessions: { type: "string" },
      requests: { type: "string" },
      busy: { type: "boolean", default: false },
    },
    strict: true,
  });
  const before = values.before;
  if (before === undefined || !(await Deno.stat(`${before}/main.ts`).catch(() => null))) {
    print("Give --before DIR: another Maestro checkout (its main.ts, with `deno task bundle` run)");
    return 2;
  }
  const sessions = count("--sessions", values.sessions, 500);
  const requests = count("--requests", values.requests, 100);
  const dir = await Deno.makeTempDir({ prefix: "maestro-list-ab-" });
  await using stack = new AsyncDisposableStack();
  stack.defer(() => Deno.remove(dir, { recursive: true }).catch(() => {}));
  const tmux = stack.use(await BenchTmux.start(dir));
  const panes = await tmux.newSessions(Array.from({ length: sessions }, (_, i) => ({
    name: `idle-${String(i + 1).padStart(4, "0")}`,
  })));
  // Every shell prints a new prompt: every window has activity since the last list.
  const keystrokeEverywhere = panes.flatMap((pane, n) => [
    ...(n > 0 ? [";"] : []),
    "send-keys",
    "-t",
    pane,
    "Enter",
  ]);
  const after = stack.use(await ServerProcess.start({ home: `${dir}/after`, socket: tmux.socket }));
  const old = stack.use(
    await ServerProcess.start({ home: `${dir}/before`, socket: tmux.socket, root: before }),
  );
  // Let the new shells print their prompts, so both servers see idle sessions.
  await sleep(1500);
  const times = { before: [] as number[], after: [] as number[] };
  const warmup = 5;
  for (let i = 0; i < requests + warmup; i++) {
    // Alternate who goes first: the second request finds tmux warmer.
    const order = i % 2 === 0 ? ["before", "after"] as const : ["after", "before"] as const;
    if (values.busy) {
      await tmux.run(...keystrokeEverywhere);
      await sleep(300);
    }
    for (const which of order) {
      const ms = await listed(which === "before" ? old : after, sessions);
      if (i >= warmup) times[which].push(ms);
    }
  }
  const figures = (samples: number[]) =>
    [50, 90, 99].map((p) => `p${p} ${percentile(samples, p).toFixed(1)} ms`).join(", ");
  const state = values.busy ? "after a keystroke in every session" : "idle sessions";
  print(
    `GET /api/sessions, ${sessions} sessions, ${state}, ${requests} requests each, interleaved`,
  );
  print(`before (${before}): ${figures(times.before)}`);
  print(`after (this checkout): ${figures(times.after)}`);
  const ratio = percentile(times.after, 50) / percentile(times.before, 50);
  print(`after ÷ before at p50: ${ratio.toFixed(2)}×`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
