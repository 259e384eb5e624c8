/**
 * Owns the stranger benchmark (issue 11): the keystroke echo of an authenticated terminal viewer
 * on a real `maestro serve` (default limits), first alone, then while an attacker process
 * ({@link StrangerFloodProcess}) holds idle and slow unauthenticated connections from several
 * loopback peers against it; token requests during the attack; and whether the server stayed up
 * and answers afterwards. It prints Markdown for docs/BENCHMARKS.md.
 *
 *   deno run -A bench/strangers.ts [--connections 1000] [--peers 20] [--seconds 15]
 *                                  [--reconnect-ms 50] [--quick]
 *
 * `--quick` (the smoke test): 200 connections from 2 peers, enough to fill the per-peer cap,
 * reopened after 1 s so as not to load the test suite it runs in.
 */

import { parseArgs } from "node:util";
import { BenchTmux } from "./bench_tmux.ts";
import { ECHO_COMMAND, EchoWaiter, GAP_MS } from "./latency.ts";
import { sleep } from "./phase.ts";
import { cpuTime, memory } from "./proc_stats.ts";
import { ServerProcess } from "./server_process.ts";
import { percentile } from "./stats.ts";
import type { FloodReport } from "./stranger_flood.ts";
import { StrangerFloodProcess } from "./stranger_flood_process.ts";
import { BenchViewer } from "./ws_viewer.ts";

const encoder = new TextEncoder();
function print(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}
function progress(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`strangers: ${line}\n`));
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Invalid ${flag} "${text}": give a positive whole number`);
  }
  return value;
}

/** Echo round trips of one viewer for `seconds`, one keystroke at a time. */
async function sampleEcho(
  viewer: BenchViewer,
  seconds: number,
): Promise<{ samples: number[]; timeouts: number }> {
  const waiter = new EchoWaiter();
  viewer.onData = (data, snapshot) => {
    if (!snapshot) waiter.arrived(data);
  };
  const samples: number[] = [];
  let timeouts = 0;
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const byte = 0x61 + (i % 26);
    const echoed = waiter.expect(byte);
    const sent = performance.now();
    viewer.type(Uint8Array.of(byte));
    try {
      samples.push((await echoed) - sent);
    } catch {
      if (++timeouts > 5) throw new Error("The viewer's echo timed out more than 5 times");
    }
    await sleep(GAP_MS);
  }
  return { samples, timeouts };
}

/** `/api/health` with the token on a fresh connection; 0 when the connection was refused. */
async function health(server: ServerProcess): Promise<number> {
  try {
    const response = await fetch(`${server.url}/api/health`, {
      headers: { authorization: `Bearer ${server.token}`, connection: "close" },
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

function figures(label: string, run: { samples: number[]; timeouts: number }): string {
  const ms = (p: number) => percentile(run.samples, p).toFixed(3);
  const max = Math.max(...run.samples).toFixed(2);
  return `| ${label} | ${ms(50)} | ${ms(90)} | ${
    ms(99)
  } | ${max} | ${run.samples.length} | ${run.timeouts} |`;
}

/** Run the benchmark; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: "string" },
      peers: { type: "string" },
      seconds: { type: "string" },
      "reconnect-ms": { type: "string" },
      quick: { type: "boolean", default: false },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const connections = count("--connections", values.connections, quick ? 200 : 1000);
  const peers = count("--peers", values.peers, quick ? 2 : 20);
  const seconds = count("--seconds", values.seconds, quick ? 2 : 15);
  const reconnectMs = count("--reconnect-ms", values["reconnect-ms"], quick ? 1000 : 50);
  if (peers > 250) throw new Error(`Invalid --peers ${peers}: at most 250 loopback addresses`);

  const dir = await Deno.makeTempDir({ prefix: "maestro-strangers-" });
  await using stack = new AsyncDisposableStack();
  stack.defer(() => Deno.remove(dir, { recursive: true }).catch(() => {}));
  const tmux = stack.use(await BenchTmux.start(dir));
  await tmux.newSessions([{ name: "echo", command: ECHO_COMMAND }]);
  const server = stack.use(await ServerProcess.start({ home: `${dir}/home`, socket: tmux.socket }));
  const viewer = stack.use(await BenchViewer.open(server, "echo"));
  await sampleEcho(viewer, 1); // warm-up
  const rssBefore = (await memory(server.pid)).rss;

  progress(`echo alone for ${seconds} s`);
  const alone = await sampleEcho(viewer, seconds);

  progress(`${connections} strangers from ${peers} peers, then echo for ${seconds} s`);
  const flood = stack.use(
    await StrangerFloodProcess.start({
      url: server.url,
      connections,
      peers,
      slowByteMs: 1000,
      reconnectMs,
    }),
  );
  let attacked: { samples: number[]; timeouts: number };
  let stats: FloodReport;
  const probes: number[] = [];
  let rssUnderAttack = 0;
  let openUnderAttack = 0;
  let cpu = { server: 0, attacker: 0, viewer: 0 };
  try {
    await sleep(2000); // every connection tried at least once
    openUnderAttack = flood.report.open;
    const started = performance.now();
    const pids = [server.pid, flood.pid, "self"] as const;
    const before = await Promise.all(pids.map(cpuTime));
    let probing = true;
    const prober = (async () => {
      while (probing) {
        probes.push(await health(server));
        await sleep(250);
      }
    })();
    try {
      attacked = await sampleEcho(viewer, seconds);
    } finally {
      probing = false;
      await prober;
    }
    const after = await Promise.all(pids.map(cpuTime));
    const elapsed = (performance.now() - started) / 1000;
    const percent = (i: number) =>
      (((after[i]?.self ?? 0) - (before[i]?.self ?? 0)) / elapsed) * 100;
    cpu = { server: percent(0), attacker: percent(1), viewer: percent(2) };
    rssUnderAttack = (await memory(server.pid)).rss;
  } finally {
    stats = await flood.stop();
  }

  const afterStarted = performance.now();
  let status = 0;
  while (!server.exited && performance.now() - afterStarted < 15_000) {
    status = await health(server);
    if (status === 200) break;
    await sleep(100);
  }
  const afterMs = performance.now() - afterStarted;
  const after = await sampleEcho(viewer, Math.min(seconds, 3));

  print(
    `Stranger benchmark: ${connections} unauthenticated connections (half idle, half sending ` +
      `a header byte a second, each reopened ${reconnectMs} ms after the server closes it) from ${peers} ` +
      `loopback peers, default limits, one authenticated terminal viewer typing`,
  );
  print("");
  print("| Viewer echo (ms) | p50 | p90 | p99 | max | n | timeouts |");
  print("| --- | --- | --- | --- | --- | --- | --- |");
  print(figures("alone", alone));
  print(figures(`${connections} strangers`, attacked));
  print(figures("after the attack", after));
  print("");
  // List items, so the lines stay lines when pasted into Markdown.
  print(
    `- Attack: ${stats.connected} connections made, ${stats.refused} refused at once (a cap), ` +
      `${stats.closedLater} closed later (a timeout), ${stats.failed} connects failed; ` +
      `${openUnderAttack} held open 2 s in (at most ${stats.maxOpen}).`,
  );
  print(
    `- CPU during the attack, % of a core: server ${cpu.server.toFixed(0)}, attacker process ` +
      `${cpu.attacker.toFixed(0)}, viewer process ${cpu.viewer.toFixed(0)}.`,
  );
  const answered = probes.filter((code) => code === 200).length;
  print(
    `- Token requests on new connections during the attack: ${answered} of ${probes.length} ` +
      "answered 200.",
  );
  print(
    `- After the attack: server ${server.exited ? "EXITED" : "still running"}, /api/health ` +
      `${status} after ${afterMs.toFixed(0)} ms; server RSS ${rssBefore.toFixed(1)} MB before, ` +
      `${rssUnderAttack.toFixed(1)} MB under attack.`,
  );
  const refusals = server.stderr.match(/Refusing connections/g)?.length ?? 0;
  const acceptErrors = server.stderr.match(/Cannot accept a connection/g)?.length ?? 0;
  print(`- Server log: ${refusals} "Refusing connections" lines, ${acceptErrors} accept errors.`);
  return server.exited || status !== 200 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
