/**
 * Owns the steady-output benchmark: a pane printing numbered lines at a steady rate below the
 * flood threshold (15 kB per ≥ 10 ms, at most 150 kB in any 100 ms; flood mode starts past
 * 256 KiB), watched by a plain `tmux -C` client and by a Maestro WebSocket viewer. The
 * viewer must receive every byte live, in order (no snapshot after the first), and keep up.
 */

import { END_MARKER } from "./flood.ts";
import { MarkerScanner } from "./marker.ts";
import { type PhaseContext, sleep, startServer, startTmux, within } from "./phase.ts";
import { RawControlClient } from "./raw_control.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** Lines printed per step; a step every 10 ms (plus the time `seq` takes). */
const LINES_PER_STEP = 150;
/** Each line is 100 bytes with its newline: "S0000001-xxx…". */
const LINE_BYTES = 100;

/** The shell loop a pane runs once `go` is signalled: `steps` × 100 lines, then the marker. */
function steadyCommand(go: string, steps: number): string {
  const filler = "x".repeat(LINE_BYTES - 10);
  return `tmux wait-for ${go}; i=0; while [ $i -lt ${steps} ]; do ` +
    `seq -f 'S%07g-${filler}' $((i*${LINES_PER_STEP}+1)) $((i*${LINES_PER_STEP}+${LINES_PER_STEP})); ` +
    `i=$((i+1)); sleep 0.01; done; echo '${END_MARKER}'; exec cat`;
}

/** Whether `text` holds exactly the lines 1…`count`, each once, in order. */
function exact(text: string, count: number): { ok: boolean; seen: number } {
  const numbers = [...text.matchAll(/S(\d{7})-x/g)].map((m) => Number(m[1]));
  const ok = numbers.length === count && numbers.every((n, i) => n === i + 1);
  return { ok, seen: numbers.length };
}

let runs = 0;

/** Time until a raw `tmux -C` client and a Maestro viewer have seen all the steady output. */
export async function measureSteady(ctx: PhaseContext): Promise<void> {
  const { settings } = ctx;
  const steps = Math.max(1, Math.round((settings.steadyMb * 1e6) / (LINES_PER_STEP * LINE_BYTES)));
  const lines = steps * LINES_PER_STEP;
  const megabytes = (lines * LINE_BYTES) / 1e6;
  const tmux = await startTmux(ctx);
  const server = await startServer(ctx, tmux);
  const timeoutMs = 60_000 + steps * 100;

  const newSession = async (): Promise<{ name: string; pane: string; go: string }> => {
    const id = `${Deno.pid}-${runs++}`;
    const name = `steady-${id}`;
    const go = `go-steady-${id}`;
    const [pane = ""] = await tmux.newSessions([{ name, command: steadyCommand(go, steps) }]);
    await sleep(200); // its shell reaches `wait-for`
    return { name, pane, go };
  };

  const raw: number[] = [];
  const maestro: number[] = [];
  const problems: string[] = [];
  for (let round = 1; round <= settings.floodRounds; round++) {
    ctx.log(`steady: round ${round}/${settings.floodRounds}, plain tmux -C client`);
    {
      const session = await newSession();
      try {
        await using client = await RawControlClient.attach(tmux, session.name);
        const scanner = new MarkerScanner(END_MARKER);
        const { promise: seen, resolve } = Promise.withResolvers<number>();
        client.onOutput = (pane, payload) => {
          if (pane === session.pane && scanner.push(payload)) resolve(performance.now());
        };
        const started = performance.now();
        await tmux.signal(session.go);
        raw.push((await within(seen, timeoutMs, "steady output (raw)")) - started);
      } finally {
        await tmux.killSession(session.name);
      }
    }
    ctx.log(`steady: round ${round}/${settings.floodRounds}, 1 WebSocket viewer`);
    {
      const session = await newSession();
      try {
        await using viewer = await BenchViewer.open(server, session.name);
        const scanner = new MarkerScanner(END_MARKER);
        const chunks: Uint8Array[] = [];
        const { promise: seen, resolve } = Promise.withResolvers<number>();
        viewer.onData = (data, snapshot) => {
          if (snapshot) return;
          chunks.push(data.slice());
          if (scanner.push(data)) resolve(performance.now());
        };
        const started = performance.now();
        await tmux.signal(session.go);
        maestro.push((await within(seen, timeoutMs, "steady output (Maestro)")) - started);
        const text = chunks.map((chunk) => new TextDecoder().decode(chunk, { stream: true }))
          .join("");
        const check = exact(text, lines);
        if (!check.ok || viewer.snapshots !== 1) {
          problems.push(
            `round ${round}: ${check.seen}/${lines} lines live, ${viewer.snapshots} snapshots`,
          );
        }
      } finally {
        await tmux.killSession(session.name);
      }
    }
  }

  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;
  const all = (values: number[]) => values.map((ms) => (ms / 1000).toFixed(2)).join(", ");
  ctx.record("steady-1", {
    ...(problems.length > 0 ? { unmet: "output was not byte-exact" } : {}),
    value: megabytes / (median(maestro) / 1000),
    baseline: megabytes / (median(raw) / 1000),
    unit: "MB/s",
    detail: `${megabytes} MB in ${steps} steps of ${LINES_PER_STEP} lines every ≥ 10 ms; ` +
      `median of ${maestro.length} runs (Maestro ${all(maestro)} s; raw ${all(raw)} s); ` +
      (problems.length === 0
        ? "byte-exact: every line arrived live, once, in order, no snapshot after the first"
        : `NOT byte-exact: ${problems.join("; ")}`),
  });
}
