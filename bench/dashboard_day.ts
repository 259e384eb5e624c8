/**
 * Does a dashboard left open grow the server? 80 sessions, 10 of them printing a line a second,
 * one `/api/events` socket (the monitor polls every 750 ms: a list and a batch of screens), and the
 * server's RSS every 30 s (docs/BENCHMARKS.md, "Memory").
 *
 *   deno run -A bench/dashboard_day.ts [--minutes 10]
 */

import { parseArgs } from "node:util";
import { BenchTmux } from "./bench_tmux.ts";
import { memory } from "./proc_stats.ts";
import { ServerProcess } from "./server_process.ts";

const SESSIONS = 80;
const PRINTING = 10;
const SAMPLE_MS = 30_000;

const encoder = new TextEncoder();
function say(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { minutes: { type: "string" } } });
  const minutes = Number(values.minutes ?? 10);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new Error("--minutes takes a positive number");
  }
  const dir = await Deno.makeTempDir({ prefix: "maestro-dashboard-day-" });
  try {
    await using tmux = await BenchTmux.start(dir);
    const printing = 'i=0; while :; do i=$((i+1)); echo "step $i: compiling"; sleep 1; done';
    await tmux.newSessions(Array.from(
      { length: SESSIONS },
      (_, i) => i < PRINTING ? { name: `agent-${i}`, command: printing } : { name: `agent-${i}` },
    ));
    await using server = await ServerProcess.start({ home: `${dir}/home`, socket: tmux.socket });
    const events = new WebSocket(
      `${server.url.replace(/^http/, "ws")}/api/events`,
      { headers: { authorization: `Bearer ${server.token}` } } as unknown as string[],
    );
    let messages = 0;
    events.onmessage = () => messages++;
    const closed = new Promise<void>((resolve) =>
      events.addEventListener("close", () => resolve())
    );
    try {
      say(`| Dashboard open, ${SESSIONS} sessions (${PRINTING} printing) | RSS (MB) | messages |`);
      say("| --- | --- | --- |");
      const started = performance.now();
      for (let at = 0; at <= minutes * 60_000; at += SAMPLE_MS) {
        const wait = started + at - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const { rss } = await memory(server.pid);
        say(`| ${(at / 60_000).toFixed(1)} min | ${rss.toFixed(1)} | ${messages} |`);
      }
    } finally {
      events.close();
      await closed;
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
