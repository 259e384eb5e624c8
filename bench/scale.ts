/**
 * The scale benchmark (issue 17): 10 worker processes on loopback, each its own tmux server and
 * home with 100 sessions, and one manager that lists all 1,000. Measured: the manager's merged
 * `GET /api/sessions` (beside raw tmux listing all ten servers at once), how soon a status change
 * on a worker shows on the manager's `/api/events`, the manager's CPU with 10 dashboards' event
 * sockets open, and its memory; plus the page's bundle on the wire.
 *
 *   deno run -A bench/scale.ts [--workers 10] [--sessions 100] [--samples 60] [--quick] [--json]
 *
 * Prints a Markdown table (docs/BENCHMARKS.md, "Scale"). Every process and tmux server it starts is
 * stopped at the end, on error and on Ctrl-C.
 */

import { parseArgs } from "node:util";
import { BenchTmux } from "./bench_tmux.ts";
import { cpuTime, memory } from "./proc_stats.ts";
import { ServerProcess } from "./server_process.ts";
import { median, percentile } from "./stats.ts";

interface ScaleOptions {
  workers: number;
  sessions: number;
  samples: number;
  changes: number;
  idleSeconds: number;
  json: boolean;
}

export function parseScaleOptions(args: string[]): ScaleOptions {
  const { values } = parseArgs({
    args,
    options: {
      workers: { type: "string" },
      sessions: { type: "string" },
      samples: { type: "string" },
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const count = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`Invalid --${flag} "${text}": give a positive whole number`);
    }
    return value;
  };
  return {
    workers: count("workers", values.workers, quick ? 2 : 10),
    sessions: count("sessions", values.sessions, quick ? 5 : 100),
    samples: count("samples", values.samples, quick ? 5 : 60),
    changes: quick ? 2 : 10,
    idleSeconds: quick ? 2 : 10,
    json: values.json ?? false,
  };
}

const encoder = new TextEncoder();
function log(message: string): void {
  Deno.stderr.writeSync(encoder.encode(`[scale] ${message}\n`));
}

/** The page's events socket, as a dashboard holds it; calls `onList` with every session list. */
function eventsSocket(
  server: ServerProcess,
  onList: (sessions: { host: string; name: string; status: string }[]) => void,
): { opened: Promise<void>; close(): Promise<void> } {
  const socket = new WebSocket(
    `${server.url.replace(/^http/, "ws")}/api/events`,
    { headers: { authorization: `Bearer ${server.token}` } } as unknown as string[],
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error("the events socket failed"));
  });
  const closed = new Promise<void>((resolve) => (socket.onclose = () => resolve()));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data as string);
    if (message.type === "sessions") onList(message.sessions);
  };
  return {
    opened,
    close: async () => {
      socket.close();
      await closed;
    },
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface Row {
  measure: string;
  value: string;
  raw: string;
  ratio: string;
  target: string;
  verdict: string;
}

export async function runScale(options: ScaleOptions): Promise<Row[]> {
  const dir = await Deno.makeTempDir({ prefix: "maestro-scale-" });
  const stack = new AsyncDisposableStack();
  const abort = () => stack.disposeAsync().finally(() => Deno.exit(130));
  Deno.addSignalListener("SIGINT", abort);
  try {
    stack.defer(() => Deno.remove(dir, { recursive: true }).catch(() => {}));
    // Workers: each its own tmux server with its sessions, and its own Maestro.
    const workers: { tmux: BenchTmux; server: ServerProcess }[] = [];
    for (let w = 0; w < options.workers; w++) {
      const tmux = stack.use(await BenchTmux.start(dir));
      await tmux.newSessions(
        Array.from({ length: options.sessions }, (_, i) => ({
          name: `w${w}-agent-${i}`,
          command: "exec cat",
        })),
      );
      const server = stack.use(
        await ServerProcess.start({ home: `${dir}/home-w${w}`, socket: tmux.socket }),
      );
      workers.push({ tmux, server });
    }
    log(`${options.workers} workers × ${options.sessions} sessions up`);
    // Quiet sessions are idle once the working window has passed.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const managerTmux = stack.use(await BenchTmux.start(dir));
    const manager = stack.use(
      await ServerProcess.start({ home: `${dir}/home-manager`, socket: managerTmux.socket }),
    );
    for (const [w, { server }] of workers.entries()) {
      const added = await manager.post("/api/hosts", {
        name: `worker-${w}`,
        url: server.url,
        token: server.token,
      });
      if (added.status !== 201) throw new Error(`Adding worker ${w}: ${added.text}`);
    }
    const total = options.workers * options.sessions;
    // Wait until the manager lists every worker's sessions.
    for (let i = 0; i < 300; i++) {
      const list = JSON.parse((await manager.get("/api/sessions")).text);
      if (list.sessions.length >= total) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // 10 dashboards: the events socket each page holds.
    let latest: { host: string; name: string; status: string }[] = [];
    const listeners: ((sessions: typeof latest) => void)[] = [];
    const sockets = Array.from({ length: 10 }, (_, i) =>
      eventsSocket(manager, (sessions) => {
        if (i === 0) {
          latest = sessions;
          for (const listener of listeners) listener(sessions);
        }
      }));
    await Promise.all(sockets.map((s) => s.opened));
    stack.defer(async () => {
      await Promise.all(sockets.map((s) => s.close()));
    });

    // The merged list, beside raw tmux listing all the workers' servers at once.
    const format = "#{session_id}\t#{session_name}\t#{pane_id}\t#{pane_current_command}";
    const listTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      rawTimes.push(
        await timed(() =>
          Promise.all(workers.map(({ tmux }) => tmux.run("list-panes", "-a", "-F", format)))
        ),
      );
      listTimes.push(await timed(() => manager.get("/api/sessions")));
    }
    log("list measured");

    // A status change on a worker, seen on the manager's events: a quiet session starts working
    // (its program prints). A `[y/N]` typed into a shell would wait out the working window first,
    // by design (docs/STATUS.md); an agent's own decision screens are immediate.
    const propagation: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      const w = i % options.workers;
      const name = `w${w}-agent-${i % options.sessions}`;
      const seen = new Promise<number>((resolve) => {
        const listener = (sessions: typeof latest) => {
          const session = sessions.find((s) => s.name === name && s.host !== "local");
          if (session?.status === "working") {
            listeners.splice(listeners.indexOf(listener), 1);
            resolve(performance.now());
          }
        };
        listeners.push(listener);
      });
      // At a random moment of the workers' poll cycle (right after the last one was seen, it
      // would always wait a whole interval).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
      const started = performance.now();
      await workers[w]?.tmux.run(
        "send-keys",
        "-t",
        `=${name}:`,
        "-l",
        "working on it",
      );
      const at = await Promise.race([
        seen,
        new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 10_000)),
      ]);
      propagation.push(at - started);
    }
    log("status changes measured");

    // The manager at rest with 10 dashboards open.
    const before = await cpuTime(manager.pid);
    await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
    const after = await cpuTime(manager.pid);
    const idleCpu = ((after.self - before.self) / options.idleSeconds) * 100;
    const rss = (await memory(manager.pid)).rss;

    // The page on the wire.
    const plain = (await Deno.readFile(new URL("../ui/dist/app.js", import.meta.url))).length;
    const zipped = await fetch(`${manager.url}/app.js`, {
      headers: { "accept-encoding": "gzip" },
    });
    const wire = Number(zipped.headers.get("content-length") ?? "0") ||
      (await zipped.arrayBuffer()).byteLength;
    if (!zipped.bodyUsed) await zipped.body?.cancel();

    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const p50 = median(listTimes);
    const p99 = percentile(listTimes, 99);
    const raw50 = median(rawTimes);
    const raw99 = percentile(rawTimes, 99);
    const missed = propagation.filter((v) => Number.isNaN(v)).length;
    const seenTimes = propagation.filter((v) => !Number.isNaN(v));
    const seenMax = seenTimes.length === 0 ? NaN : Math.max(...seenTimes);
    const label = `${options.workers} workers × ${options.sessions}`;
    return [
      {
        measure: `Manager GET /api/sessions p50, ${label} (${total} sessions)`,
        value: ms(p50),
        raw: ms(raw50),
        ratio: ratio(p50, raw50),
        target: "≤ 50 ms",
        verdict: p50 <= 50 ? "met" : "NOT met",
      },
      {
        measure: `Manager GET /api/sessions p99, ${label}`,
        value: ms(p99),
        raw: ms(raw99),
        ratio: ratio(p99, raw99),
        target: "—",
        verdict: "—",
      },
      {
        measure:
          `Status change on a worker → manager's /api/events, median (max) of ${propagation.length}`,
        value: `${ms(median(seenTimes))} (${ms(seenMax)})`,
        raw: "—",
        ratio: "—",
        target: "≤ 1 s",
        verdict: missed === 0 && seenMax <= 1000 ? "met" : `NOT met (${missed} missed)`,
      },
      {
        measure: `Manager idle CPU, ${total} sessions, 10 dashboards' event sockets`,
        value: `${idleCpu.toFixed(2)} %`,
        raw: "—",
        ratio: "—",
        target: "< 2 %",
        verdict: idleCpu < 2 ? "met" : "NOT met",
      },
      {
        measure: `Manager RSS, ${total} sessions listed`,
        value: `${rss.toFixed(1)} MB`,
        raw: "—",
        ratio: "—",
        target: "—",
        verdict: "—",
      },
      {
        measure: "Page bundle app.js: minified, and gzip on the wire",
        value: `${(plain / 1000).toFixed(0)} kB → ${(wire / 1000).toFixed(0)} kB`,
        raw: "—",
        ratio: `${(wire / plain).toFixed(2)}×`,
        target: "—",
        verdict: "—",
      },
    ];
  } finally {
    Deno.removeSignalListener("SIGINT", abort);
    await stack.disposeAsync();
  }
}

/** The rows as a Markdown table, columns padded. */
export function scaleTable(rows: readonly Row[]): string {
  const header: Row = {
    measure: "Measure",
    value: "Maestro",
    raw: "raw tmux",
    ratio: "ratio",
    target: "target",
    verdict: "verdict",
  };
  const keys = ["measure", "value", "raw", "ratio", "target", "verdict"] as const;
  const all = [header, ...rows];
  const widths = keys.map((key) => Math.max(3, ...all.map((row) => row[key].length)));
  const line = (row: Row) =>
    `| ${keys.map((key, i) => row[key].padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

if (import.meta.main) {
  const options = parseScaleOptions(Deno.args);
  const rows = await runScale(options);
  const out = options.json ? JSON.stringify(rows, null, 2) : scaleTable(rows);
  Deno.stdout.writeSync(encoder.encode(out + "\n"));
}
