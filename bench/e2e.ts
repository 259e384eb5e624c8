/**
 * Owns the end-to-end benchmark run: real `maestro serve` processes on loopback over private
 * tmux servers, measured side by side with raw tmux, printed as one table (docs/BENCHMARKS.md).
 *
 *   deno run -A bench/e2e.ts [--quick] [--size-mb N] [--samples N] [--idle-seconds N] [--json]
 *                            [--flood-rounds N]
 *                            [--only startup,sessions,streaming,echo,attach,flood,steady,overview]
 *                            [--cpu-prof-dir DIR]   (servers run with --cpu-prof; see
 *                                                     bench/profile_summary.ts)
 *                            [--server-root DIR]    (the servers of another checkout, e.g. a
 *                                                     worktree of the commit before a change)
 */

import { parseArgs } from "node:util";
import { measureAttach } from "./attach.ts";
import { measureFlood } from "./flood.ts";
import { measureSessions, measureStartup, measureStreamingMemory } from "./footprint.ts";
import { measureSteady } from "./steady.ts";
import { measureEcho } from "./latency.ts";
import { measureTypingUnderLoad } from "./typing_load.ts";
import { measureOverview } from "./overview.ts";
import type { PhaseContext } from "./phase.ts";
import { jsonRows, renderTable, type Result, ROWS, type Settings } from "./table.ts";
import { log } from "./output.ts";

/** The full run: the sizes DESIGN §10 states its targets for. */
export const FULL_SETTINGS: Settings = {
  quick: false,
  sizeMb: 40,
  samples: 400,
  warmup: 50,
  floodViewers: 10,
  floodRounds: 3,
  steadyMb: 3,
  listSessions: 500,
  listSamples: 50,
  idleSessions: 100,
  idleSeconds: 30,
  streamingViewers: 20,
  historyLines: 10_000,
  attachRepeats: 5,
  startRepeats: 5,
  overviewSessions: 50,
  overviewPrinting: 10,
  overviewSeconds: 30,
  overviewBaselineSeconds: 10,
};

/** --quick: every row, tiny sizes, a few seconds (the smoke test runs this). */
export const QUICK_SETTINGS: Settings = {
  quick: true,
  sizeMb: 1,
  samples: 20,
  warmup: 5,
  floodViewers: 10,
  floodRounds: 1,
  steadyMb: 0.1,
  listSessions: 20,
  listSamples: 5,
  idleSessions: 10,
  idleSeconds: 0.5,
  streamingViewers: 3,
  historyLines: 1000,
  attachRepeats: 2,
  startRepeats: 1,
  overviewSessions: 10,
  overviewPrinting: 3,
  overviewSeconds: 2,
  overviewBaselineSeconds: 1,
};

/** One group of rows measured together on its own servers. */
interface Phase {
  name: string;
  rows: readonly string[];
  run: (ctx: PhaseContext) => Promise<void>;
}

export const PHASES: readonly Phase[] = [
  { name: "startup", rows: ["start"], run: measureStartup },
  {
    name: "sessions",
    rows: ["rss-idle", "rss-sessions", "idle-cpu", "idle-cpu-events", "list-p50", "list-p99"],
    run: measureSessions,
  },
  { name: "streaming", rows: ["rss-viewers"], run: measureStreamingMemory },
  {
    name: "echo",
    rows: [
      "echo-ws-p50",
      "echo-ws-p90",
      "echo-ws-p99",
      "echo-relay-p50",
      "echo-relay-p90",
      "echo-relay-p99",
      "echo-split-p50",
      "echo-split-p99",
    ],
    run: measureEcho,
  },
  { name: "load", rows: ["echo-load-p50", "echo-load-p99"], run: measureTypingUnderLoad },
  { name: "attach", rows: ["attach-cold", "attach-warm"], run: measureAttach },
  {
    name: "flood",
    rows: ["flood-raw", "flood-raw-paused", "flood-1", "flood-many"],
    run: measureFlood,
  },
  { name: "overview", rows: ["overview-cpu", "overview-rate"], run: measureOverview },
  { name: "steady", rows: ["steady-1"], run: measureSteady },
];

/** What the command line asked for. */
export interface Options {
  settings: Settings;
  json: boolean;
  only: Set<string> | null;
  cpuProfDir: string | null;
  /** Another checkout whose servers are measured (before/after with the same harness). */
  serverRoot: string | null;
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Invalid ${flag} "${text}": give a positive number`);
  }
  return value;
}

/** Read the command line. */
export function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: "boolean", default: false },
      "size-mb": { type: "string" },
      samples: { type: "string" },
      "idle-seconds": { type: "string" },
      "flood-rounds": { type: "string" },
      json: { type: "boolean", default: false },
      only: { type: "string" },
      "cpu-prof-dir": { type: "string" },
      "server-root": { type: "string" },
    },
    strict: true,
  });
  const settings = { ...(values.quick ? QUICK_SETTINGS : FULL_SETTINGS) };
  const sizeMb = positiveNumber("--size-mb", values["size-mb"]);
  if (sizeMb !== undefined) settings.sizeMb = sizeMb;
  const samples = positiveNumber("--samples", values.samples);
  if (samples !== undefined) settings.samples = Math.ceil(samples);
  const floodRounds = positiveNumber("--flood-rounds", values["flood-rounds"]);
  if (floodRounds !== undefined) settings.floodRounds = Math.ceil(floodRounds);
  const idleSeconds = positiveNumber("--idle-seconds", values["idle-seconds"]);
  if (idleSeconds !== undefined) settings.idleSeconds = idleSeconds;
  let only: Set<string> | null = null;
  if (values.only !== undefined) {
    only = new Set(values.only.split(",").map((name) => name.trim()));
    for (const name of only) {
      if (!PHASES.some((phase) => phase.name === name)) {
        throw new Error(
          `Unknown phase "${name}" in --only: choose from ${PHASES.map((p) => p.name).join(", ")}`,
        );
      }
    }
  }
  return {
    settings,
    json: values.json ?? false,
    only,
    cpuProfDir: values["cpu-prof-dir"] ?? null,
    serverRoot: values["server-root"] ?? null,
  };
}

const encoder = new TextEncoder();

/** The machine, as docs/BENCHMARKS.md describes it. */
async function machine(): Promise<Record<string, string>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKib = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  const tmux = await new Deno.Command("tmux", { args: ["-V"], stdout: "piped", stderr: "null" })
    .output().then((o) => new TextDecoder().decode(o.stdout).trim()).catch(() => "unknown");
  return {
    cpus: String(navigator.hardwareConcurrency),
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown",
    memory: `${(memKib / 1024 / 1024).toFixed(1)} GiB`,
    kernel: Deno.osRelease(),
    load: Deno.loadavg().map((n) => n.toFixed(2)).join(" "),
    tmux,
    deno: Deno.version.deno,
  };
}

/** Run the phases; returns the exit code (1 if any phase failed). */
export async function main(args: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const { settings } = options;
  const results = new Map<string, Result>();
  const dir = await Deno.makeTempDir({ prefix: "maestro-bench-" });
  const active = new Set<AsyncDisposableStack>();
  let interrupted = false;
  const onSignal = async () => {
    if (interrupted) return;
    interrupted = true;
    log("interrupted: cleaning up");
    for (const stack of active) await stack.disposeAsync().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  const denoFlags: string[] = [];
  if (options.cpuProfDir !== null) {
    await Deno.mkdir(options.cpuProfDir, { recursive: true });
    denoFlags.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`);
  }

  let failed = false;
  const started = performance.now();
  const loadAtStart = Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
  try {
    for (const phase of PHASES) {
      if (options.only !== null && !options.only.has(phase.name)) {
        for (const id of phase.rows) {
          results.set(id, { value: null, unit: "ms", note: "not run (--only)", detail: "" });
        }
        continue;
      }
      const stack = new AsyncDisposableStack();
      active.add(stack);
      const phaseStarted = performance.now();
      log(`phase ${phase.name}`);
      try {
        await phase.run({
          settings,
          dir,
          stack,
          denoFlags,
          ...(options.serverRoot !== null ? { serverRoot: options.serverRoot } : {}),
          log,
          record: (id, result) => results.set(id, result),
        });
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message : String(error);
        log(`phase ${phase.name} failed: ${error instanceof Error ? error.stack : message}`);
        for (const id of phase.rows) {
          if (!results.has(id)) {
            results.set(id, { value: null, unit: "ms", error: message, detail: "" });
          }
        }
      } finally {
        active.delete(stack);
        await stack.disposeAsync();
        log(`phase ${phase.name} took ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
  for (const row of ROWS) {
    if (!results.has(row.id)) {
      failed = true;
      results.set(row.id, { value: null, unit: "ms", error: "no phase measured it", detail: "" });
    }
  }

  const about = await machine();
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    const json = {
      machine: { ...about, loadAtStart },
      settings,
      seconds,
      rows: jsonRows(results, settings),
    };
    Deno.stdout.writeSync(encoder.encode(JSON.stringify(json, null, 2) + "\n"));
  } else {
    const header = [
      `Maestro end-to-end benchmarks${settings.quick ? " (--quick: tiny sizes, not figures)" : ""}`,
      `Machine: ${about.cpus} × ${about.cpu}, ${about.memory}, Linux ${about.kernel}, ` +
      `${about.tmux}, Deno ${about.deno}; run took ${seconds.toFixed(0)} s; ` +
      `load average at the start ${loadAtStart}, at the end ${about.load}`,
      `Ratio = Maestro ÷ raw tmux in the row's unit (for MB/s, 1.00× = as fast as tmux itself). ` +
      `MB = 10^6 bytes.`,
    ];
    Deno.stdout.writeSync(
      encoder.encode(header.join("\n") + "\n\n" + renderTable(results, settings) + "\n"),
    );
  }
  return failed ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
