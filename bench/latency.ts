/**
 * Owns the keystroke echo benchmark: one byte typed, the time until its echo comes back, over
 * raw `tmux -C`, Maestro's terminal WebSocket and a manager→worker relay (two server processes,
 * the worker added to the manager as a host); beside them a bare WebSocket echo server, the floor,
 * and the echo of a pane that answers in two writes (where Nagle's algorithm would cost 40 ms).
 */

import { type PhaseContext, sleep, startServer, startTmux } from "./phase.ts";
import { RawControlClient } from "./raw_control.ts";
import { percentile } from "./stats.ts";
import { WsFloor } from "./ws_floor.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** The pane echoes every byte itself, like an agent's TUI in raw mode (no line discipline). */
export const ECHO_COMMAND = "stty raw -echo; exec cat";
/**
 * The pane answers each byte in two writes 5 ms apart (`x`, then `y`), as a TUI redraws in pieces;
 * a sample ends at the `y`.
 */
export const SPLIT_COMMAND =
  "stty raw -echo; while :; do dd bs=1 count=1 >/dev/null 2>&1; printf x; sleep 0.005; printf y; done";
const SPLIT_END = 0x79; // y
const SAMPLE_TIMEOUT_MS = 2000;
/** Pause between keystrokes: a fast typist, never back-to-back writes. */
export const GAP_MS = 3;

/** Type `byte` and resolve with the ms until it came back (rejects after a timeout). */
type Probe = (byte: number) => Promise<number>;

/** One way from the keyboard to the pane and back. */
interface EchoPath {
  /**
   * `ping`: a `ping`→`pong` on the viewer's socket, no tmux. `floor`: a bare WebSocket echo
   * server in a process of its own, no Maestro: what any WebSocket costs here.
   */
  id: "raw" | "ws" | "ping" | "floor" | "relay";
  probe: Probe;
}

/** Waits for one expected byte; `arrived` is called by the path's output listener. */
export class EchoWaiter {
  #byte = -1;
  #resolve: ((at: number) => void) | null = null;

  expect(byte: number): Promise<number> {
    this.#byte = byte;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#resolve = null;
        reject(new Error(`no echo of 0x${byte.toString(16)} within ${SAMPLE_TIMEOUT_MS} ms`));
      }, SAMPLE_TIMEOUT_MS);
      this.#resolve = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
  }

  arrived(data: Uint8Array): void {
    // Timestamp here, inside the read callback, so promise scheduling is not measured.
    if (data.includes(this.#byte)) this.settle(performance.now());
  }

  settle(at: number): void {
    if (this.#resolve === null) return;
    const resolve = this.#resolve;
    this.#resolve = null;
    resolve(at);
  }
}

/** Measure echo latency on every path, interleaved sample by sample so noise hits all alike. */
export async function measureEcho(ctx: PhaseContext): Promise<void> {
  const { settings } = ctx;
  const tmux = await startTmux(ctx);
  const [rawPane, , , splitRawPane] = await tmux.newSessions([
    { name: "echo-raw", command: ECHO_COMMAND },
    { name: "echo-ws", command: ECHO_COMMAND },
    { name: "echo-relay", command: ECHO_COMMAND },
    { name: "split-raw", command: SPLIT_COMMAND },
    { name: "split-ws", command: SPLIT_COMMAND },
  ]);
  const server = await startServer(ctx, tmux);
  // The relay: a second server (a manager, on a tmux server of its own) with the first one
  // added as a host; its viewer watches a session of the first one through it.
  const manager = await startServer(ctx, await startTmux(ctx));
  const added = await manager.post("/api/hosts", {
    name: "worker",
    url: server.url,
    token: server.token,
  });
  if (added.status !== 201) {
    throw new Error(`Adding the worker to the manager answered ${added.status}: ${added.text}`);
  }
  const workerId = (JSON.parse(added.text) as { id: string }).id;

  const raw = ctx.stack.use(await RawControlClient.attach(tmux, "echo-raw"));
  const rawWaiter = new EchoWaiter();
  raw.onOutput = (pane, payload) => {
    if (pane === rawPane) rawWaiter.arrived(payload);
  };
  const splitRaw = ctx.stack.use(await RawControlClient.attach(tmux, "split-raw"));
  const splitRawWaiter = new EchoWaiter();
  splitRaw.onOutput = (pane, payload) => {
    if (pane === splitRawPane) splitRawWaiter.arrived(payload);
  };
  const viewer = ctx.stack.use(await BenchViewer.open(server, "echo-ws"));
  const wsWaiter = new EchoWaiter();
  viewer.onData = (data, snapshot) => {
    if (!snapshot) wsWaiter.arrived(data);
  };
  const pingWaiter = new EchoWaiter();
  viewer.onPong = (at) => pingWaiter.settle(at);
  const floor = ctx.stack.use(await WsFloor.start());
  const floorWaiter = new EchoWaiter();
  floor.onEcho = (at) => floorWaiter.settle(at);
  const splitViewer = ctx.stack.use(await BenchViewer.open(server, "split-ws"));
  const splitWaiter = new EchoWaiter();
  splitViewer.onData = (data, snapshot) => {
    if (!snapshot) splitWaiter.arrived(data);
  };
  const relayed = ctx.stack.use(
    await BenchViewer.open(manager, "echo-relay", { host: workerId }),
  );
  const relayWaiter = new EchoWaiter();
  relayed.onData = (data, snapshot) => {
    if (!snapshot) relayWaiter.arrived(data);
  };

  const paths: EchoPath[] = [
    {
      id: "raw",
      probe: (byte) => {
        const echoed = rawWaiter.expect(byte);
        const sent = performance.now();
        raw.write(`send-keys -H -t ${rawPane} ${byte.toString(16)}`);
        return echoed.then((at) => at - sent);
      },
    },
    {
      id: "ws",
      probe: (byte) => {
        const echoed = wsWaiter.expect(byte);
        const sent = performance.now();
        viewer.type(Uint8Array.of(byte));
        return echoed.then((at) => at - sent);
      },
    },
    {
      id: "ping",
      probe: () => {
        const ponged = pingWaiter.expect(-1);
        const sent = performance.now();
        viewer.ping();
        return ponged.then((at) => at - sent);
      },
    },
    {
      id: "floor",
      probe: (byte) => {
        const echoed = floorWaiter.expect(-1);
        const sent = performance.now();
        floor.send(Uint8Array.of(1, byte));
        return echoed.then((at) => at - sent);
      },
    },
    {
      id: "relay",
      probe: (byte) => {
        const echoed = relayWaiter.expect(byte);
        const sent = performance.now();
        relayed.type(Uint8Array.of(byte));
        return echoed.then((at) => at - sent);
      },
    },
  ];

  const samples = new Map<EchoPath["id"], number[]>(paths.map((path) => [path.id, []]));
  const failures = new Map<EchoPath["id"], number>();
  const total = settings.warmup + settings.samples;
  const deadline = performance.now() + 120_000;
  ctx.log(`echo: ${settings.warmup} warm-up + ${settings.samples} samples per path`);
  for (let i = 0; i < total && performance.now() < deadline; i++) {
    const byte = 0x61 + (i % 26); // a..z
    for (const path of paths) {
      try {
        const ms = await path.probe(byte);
        if (i >= settings.warmup) samples.get(path.id)?.push(ms);
      } catch {
        failures.set(path.id, (failures.get(path.id) ?? 0) + 1);
        if ((failures.get(path.id) ?? 0) > 5) {
          throw new Error(`${path.id} echo failed more than 5 times`);
        }
      }
      await sleep(GAP_MS);
    }
  }

  // The split pane: fewer samples (each takes the pane ≥ 5 ms and three processes).
  const split = { raw: [] as number[], ws: [] as number[] };
  const splitProbes = {
    raw: () => {
      const answered = splitRawWaiter.expect(SPLIT_END);
      const sent = performance.now();
      splitRaw.write(`send-keys -H -t ${splitRawPane} 6b`);
      return answered.then((at) => at - sent);
    },
    ws: () => {
      const answered = splitWaiter.expect(SPLIT_END);
      const sent = performance.now();
      splitViewer.type(Uint8Array.of(0x6b));
      return answered.then((at) => at - sent);
    },
  };
  const splitTotal = Math.max(5, Math.round(settings.samples / 4));
  for (let i = 0; i < 5 + splitTotal && performance.now() < deadline + 60_000; i++) {
    for (const side of ["raw", "ws"] as const) {
      const ms = await splitProbes[side]();
      if (i >= 5) split[side].push(ms);
      await sleep(GAP_MS * 3);
    }
  }

  const rawSamples = samples.get("raw") ?? [];
  const pings = samples.get("ping") ?? [];
  const floors = samples.get("floor") ?? [];
  const direct = samples.get("ws") ?? [];
  for (const path of paths) {
    if (path.id === "raw" || path.id === "ping" || path.id === "floor") continue;
    for (const p of [50, 90, 99]) {
      const own = samples.get(path.id) ?? [];
      const extra = path.id === "relay"
        ? `the same without the relay (one server): p${p} ${percentile(direct, p).toFixed(3)} ms`
        : `ping→pong on the same socket (no tmux): p${p} ${
          percentile(pings, p).toFixed(3)
        } ms; a bare Deno WebSocket echo server (no Maestro): p${p} ${
          percentile(floors, p).toFixed(3)
        } ms`;
      ctx.record(`echo-${path.id}-p${p}`, {
        value: percentile(own, p),
        baseline: percentile(rawSamples, p),
        ...(path.id === "relay" ? { reference: percentile(direct, p) } : {}),
        unit: "ms",
        detail: `n=${own.length} (raw n=${rawSamples.length}), timeouts ${
          failures.get(path.id) ?? 0
        }; max ${Math.max(...own).toFixed(2)} ms (raw ${
          Math.max(...rawSamples).toFixed(2)
        } ms); ${extra}`,
      });
    }
  }
  for (const p of [50, 99]) {
    ctx.record(`echo-split-p${p}`, {
      value: percentile(split.ws, p),
      baseline: percentile(split.raw, p),
      unit: "ms",
      detail: `n=${split.ws.length} (raw n=${split.raw.length}); until the second write (\`y\`) ` +
        `arrived; with Nagle's algorithm on, that frame waits for the viewer's delayed ACK ` +
        `(≥ 40 ms); max ${Math.max(...split.ws).toFixed(2)} ms (raw ${
          Math.max(...split.raw).toFixed(2)
        } ms)`,
    });
  }
}
