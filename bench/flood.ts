/**
 * Owns the output flood benchmark: `cat` of a large text file in a pane, and the time until a
 * viewer has seen its last line — tmux alone (no client), a plain `tmux -C` client, and Maestro
 * with one and with several WebSocket viewers.
 */

import type { BenchTmux } from "./bench_tmux.ts";
import { MarkerScanner } from "./marker.ts";
import { type PhaseContext, sleep, startServer, startTmux, within } from "./phase.ts";
import { cpuTime } from "./proc_stats.ts";
import { RawControlClient } from "./raw_control.ts";
import type { ServerProcess } from "./server_process.ts";
import { BenchViewer } from "./ws_viewer.ts";
import { LOG_WORDS } from "./words.ts";

/** The flood's last line. `~` never occurs in the text before it, so scanning for it is cheap. */
export const END_MARKER = "~MAESTRO-BENCH-END~";

const WORDS = [
  ...LOG_WORDS,
  "passed",
  "[1/40]",
  "error[E0308]:",
];

/** Write `bytes` of log-like ASCII lines (under 80 columns) ending with {@link END_MARKER}. */
export async function writeFloodFile(path: string, bytes: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let seed = 0x5eed;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const tail = `${END_MARKER}\n`;
  let written = 0;
  let lineNo = 0;
  while (written < bytes - tail.length) {
    let block = "";
    while (block.length < 1_000_000 && written + block.length < bytes - tail.length) {
      let line = `${String(++lineNo).padStart(8, "0")} `;
      const words = 3 + (next() % 10);
      for (let i = 0; i < words; i++) line += WORDS[next() % WORDS.length] + " ";
      block += line.slice(0, 78).trimEnd() + "\n";
    }
    const room = bytes - tail.length - written;
    const chunk = encoder.encode(block.slice(0, room));
    await file.write(chunk);
    written += chunk.length;
  }
  await file.write(encoder.encode(tail));
}

/** One flood: when it started, when tmux finished `cat`, when the viewer(s) saw the end. */
interface Run {
  /** performance.now() when the flood was released. */
  startedAt: number;
  seconds: number;
  tmuxDoneSeconds: number;
  serverCpu?: number;
  tmuxCpu: number;
  benchCpu: number;
  /** What the viewers saw (WebSocket cases). */
  viewers?: string;
}

let runs = 0;

/** Interval of the screen captures in the paused-pane reference case. */
const KEYFRAME_MS = 100;

/**
 * Start the flood in `session` (created beforehand, waiting on GO) and wait for `seen` — the
 * moment the watcher saw the end — or, with no watcher, for tmux to finish.
 */
async function flood(
  tmux: BenchTmux,
  tmuxPid: number,
  go: string,
  done: string,
  seen: Promise<number> | null,
  timeoutMs: number,
  serverPid?: number,
): Promise<Run> {
  const waiter = tmux.waitFor(done);
  await sleep(100); // the waiter connects before the flood starts (and tmux settles)
  const before = await Promise.all([
    cpuTime(tmuxPid),
    cpuTime("self"),
    serverPid === undefined ? null : cpuTime(serverPid),
  ]);
  const started = performance.now();
  let tmuxDone = 0;
  const finished = waiter.done.then(() => (tmuxDone = performance.now()));
  try {
    await tmux.signal(go);
    const end = await within(seen ?? finished, timeoutMs, "flood");
    await within(finished, timeoutMs, "flood (tmux side)");
    const after = await Promise.all([
      cpuTime(tmuxPid),
      cpuTime("self"),
      serverPid === undefined ? null : cpuTime(serverPid),
    ]);
    return {
      startedAt: started,
      seconds: (end - started) / 1000,
      tmuxDoneSeconds: (tmuxDone - started) / 1000,
      tmuxCpu: after[0].self - before[0].self,
      benchCpu: after[1].self - before[1].self,
      ...(after[2] && before[2] ? { serverCpu: after[2].self - before[2].self } : {}),
    };
  } finally {
    waiter.cancel();
  }
}

/** What one flood case does once its session is waiting; resolves with the run. */
type Case = (session: FloodSession) => Promise<Run>;

/** A session whose pane waits for `go`, cats the file, signals `done`, then stays open. */
interface FloodSession {
  name: string;
  pane: string;
  go: string;
  done: string;
}

function describe(run: Run): string {
  const parts = [
    `${run.seconds.toFixed(2)} s`,
    `tmux done at ${run.tmuxDoneSeconds.toFixed(2)} s`,
    `CPU s: tmux ${run.tmuxCpu.toFixed(2)}`,
  ];
  if (run.serverCpu !== undefined) parts.push(`server ${run.serverCpu.toFixed(2)}`);
  parts.push(`bench ${run.benchCpu.toFixed(2)}`);
  if (run.viewers !== undefined) parts.push(run.viewers);
  return parts.join(", ");
}

/** The run with the median time (the figure reported; the others are in the detail). */
function medianRun(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Run;
}

/**
 * Measure the flood cases in rounds (each round runs every case once, on a fresh session, so
 * machine noise spreads over all of them) and report each case's median.
 */
export async function measureFlood(ctx: PhaseContext): Promise<void> {
  const { settings } = ctx;
  const megabytes = settings.sizeMb;
  const file = `${ctx.dir}/flood.txt`;
  ctx.log(`flood: writing ${megabytes} MB`);
  await writeFloodFile(file, Math.round(megabytes * 1e6));
  const tmux = await startTmux(ctx);
  const tmuxPid = await tmux.pid();
  const server = await startServer(ctx, tmux);
  const timeoutMs = settings.quick ? 20_000 : Math.max(60_000, megabytes * 4000);

  const newSession = async (kind: string): Promise<FloodSession> => {
    const id = `${kind}-${Deno.pid}-${runs++}`;
    const session = { name: `flood-${id}`, go: `go-${id}`, done: `done-${id}` };
    const [pane = ""] = await tmux.newSessions([{
      name: session.name,
      command: `tmux wait-for ${session.go}; cat '${file}'; tmux wait-for -S ${session.done}; ` +
        "exec cat",
    }]);
    await sleep(200); // its shell reaches `wait-for`
    return { ...session, pane };
  };

  const cases: Array<{ id: string; label: string; run: Case }> = [
    {
      id: "ceiling",
      label: "tmux alone (no client)",
      run: (session) => flood(tmux, tmuxPid, session.go, session.done, null, timeoutMs),
    },
    {
      id: "flood-raw",
      label: "plain tmux -C client",
      run: async (session) => {
        await using raw = await RawControlClient.attach(tmux, session.name);
        const scanner = new MarkerScanner(END_MARKER);
        const { promise: seen, resolve } = Promise.withResolvers<number>();
        raw.onOutput = (pane, payload) => {
          if (pane === session.pane && scanner.push(payload)) resolve(performance.now());
        };
        return await flood(tmux, tmuxPid, session.go, session.done, seen, timeoutMs);
      },
    },
    {
      id: "flood-raw-paused",
      label: "plain tmux -C client, pane paused, 10 keyframes/s",
      // What DESIGN §4's flood mode can reach: the pane is paused for the client (tmux drops
      // its output for it and is never held back) and the screen is captured as keyframes.
      run: async (session) => {
        await using raw = await RawControlClient.attach(tmux, session.name);
        await raw.command(`refresh-client -A '${session.pane}:pause'`);
        const { promise: seen, resolve } = Promise.withResolvers<number>();
        let stop = false;
        const keyframes = (async () => {
          while (!stop) {
            const [lines = []] = await raw.command(`capture-pane -p -e -t ${session.pane}`);
            const scanner = new MarkerScanner(END_MARKER);
            if (lines.some((line) => scanner.push(line))) {
              resolve(performance.now());
              return;
            }
            await sleep(KEYFRAME_MS);
          }
        })();
        try {
          return await flood(tmux, tmuxPid, session.go, session.done, seen, timeoutMs);
        } finally {
          stop = true;
          await keyframes;
        }
      },
    },
    {
      id: "flood-1",
      label: "1 WebSocket viewer",
      run: (session) => floodViewers(server, tmux, tmuxPid, session, 1, timeoutMs),
    },
    {
      id: "flood-many",
      label: `${settings.floodViewers} WebSocket viewers`,
      run: (session) =>
        floodViewers(server, tmux, tmuxPid, session, settings.floodViewers, timeoutMs),
    },
  ];

  const results = new Map<string, Run[]>(cases.map((c) => [c.id, []]));
  for (let round = 1; round <= settings.floodRounds; round++) {
    for (const floodCase of cases) {
      ctx.log(`flood: round ${round}/${settings.floodRounds}, ${floodCase.label}`);
      const session = await newSession(floodCase.id);
      try {
        results.get(floodCase.id)?.push(await floodCase.run(session));
      } finally {
        await tmux.killSession(session.name);
      }
    }
  }

  const ceiling = medianRun(results.get("ceiling") ?? []);
  const ceilingRate = megabytes / ceiling.seconds;
  const all = (id: string) =>
    (results.get(id) ?? []).map((run) => run.seconds.toFixed(2)).join(", ");
  for (const floodCase of cases.slice(1)) {
    const run = medianRun(results.get(floodCase.id) ?? []);
    ctx.record(floodCase.id, {
      value: megabytes / run.seconds,
      baseline: ceilingRate,
      unit: "MB/s",
      detail: `${megabytes} MB, median of ${settings.floodRounds} runs (${all(floodCase.id)} s): ${
        describe(run)
      }; ceiling (tmux alone, ${all("ceiling")} s): ${describe(ceiling)}`,
    });
  }
}

async function floodViewers(
  server: ServerProcess,
  tmux: BenchTmux,
  tmuxPid: number,
  session: FloodSession,
  count: number,
  timeoutMs: number,
): Promise<Run> {
  let viewers: BenchViewer[];
  try {
    viewers = await Promise.all(
      Array.from({ length: count }, () => BenchViewer.open(server, session.name)),
    );
  } catch (error) {
    const sessions = await tmux.run("list-sessions", "-F", "#{session_name}").catch((e) => e);
    throw new Error(
      `${error instanceof Error ? error.message : error} (tmux lists: ${String(sessions).trim()})`,
    );
  }
  try {
    const seen = viewers.map((viewer) => {
      const scanner = new MarkerScanner(END_MARKER);
      const { promise, resolve } = Promise.withResolvers<number>();
      // The end may arrive as live output or inside a snapshot (after a stall): either counts.
      viewer.onData = (data) => {
        if (scanner.push(data)) resolve(performance.now());
      };
      return promise;
    });
    const last = Promise.all(seen).then((times) => Math.max(...times));
    const run = await flood(tmux, tmuxPid, session.go, session.done, last, timeoutMs, server.pid);
    const first = Math.min(...await Promise.all(seen));
    const snapshots = viewers.reduce((sum, v) => sum + v.snapshots, 0) - viewers.length;
    const stale = viewers.reduce((sum, v) => sum + v.stale, 0);
    const received = viewers.reduce((sum, v) => sum + v.bytes + v.snapshotBytes, 0);
    const firstText = count > 1
      ? `first viewer at ${((first - run.startedAt) / 1000).toFixed(2)} s, `
      : "";
    return {
      ...run,
      viewers: `${firstText}${(received / 1e6 / count).toFixed(1)} MB received per viewer, ` +
        `${snapshots} resync snapshots, ${stale} stale`,
    };
  } finally {
    await Promise.all(viewers.map((viewer) => viewer[Symbol.asyncDispose]()));
  }
}
