/**
 * Owns the attacker of the stranger benchmark: many unauthenticated connections from several
 * loopback addresses, half of them idle and half sending a request head one byte at a time,
 * each reopened as soon as the server closes it.
 *
 * Run as a script it is the attacker process of bench/strangers.ts (so the viewer's event loop
 * and descriptors are not the attacker's): it prints a {@linkcode FloodReport} as a JSON line
 * every 250 ms, and a last one with `final: true` once its stdin closes.
 *
 *   deno run -A bench/stranger_flood.ts URL CONNECTIONS PEERS SLOW_BYTE_MS RECONNECT_MS
 */

import net from "node:net";
import { nullLogger } from "../server/logger.ts";
import { raiseOpenFileLimit } from "../server/listener/open_file_limit.ts";

/** How to attack. */
export interface FloodOptions {
  /** Base URL of the server. */
  url: string;
  /** Connections kept open (or retried) at once. */
  connections: number;
  /** Source addresses 127.0.0.2, 127.0.0.3, …: one peer each. */
  peers: number;
  /** A slow connection sends one more byte this often. */
  slowByteMs: number;
  /** Wait before reopening a closed connection. */
  reconnectMs: number;
}

/** What the attack saw so far. */
export interface FloodStats {
  /** Connections the kernel completed (the server may still refuse them). */
  connected: number;
  /** Closed by the server within 100 ms, before any data: refused by a cap. */
  refused: number;
  /** Closed by the server later: a timeout. */
  closedLater: number;
  /** Connects that failed outright. */
  failed: number;
  /** The most connections held open at once (not yet closed by the server). */
  maxOpen: number;
}

/** One line of the attacker process's stdout. */
export interface FloodReport extends FloodStats {
  /** Connections open now. */
  open: number;
  /** True on the last line, written after every socket was closed. */
  final: boolean;
}

/** A connection is "refused" if the server closed it this soon after it connected. */
const REFUSED_WITHIN_MS = 100;

/** The attack; `await using` stops it and closes every socket. */
export class StrangerFlood implements AsyncDisposable {
  readonly stats: FloodStats = { connected: 0, refused: 0, closedLater: 0, failed: 0, maxOpen: 0 };
  readonly #options: FloodOptions;
  readonly #sockets = new Set<net.Socket>();
  readonly #timers = new Set<ReturnType<typeof setTimeout | typeof setInterval>>();
  readonly #closed = new Set<Promise<void>>();
  #open = 0;
  #stopped = false;

  private constructor(options: FloodOptions) {
    this.#options = options;
  }

  /** Start every connection (they connect in the background). */
  static start(options: FloodOptions): StrangerFlood {
    const flood = new StrangerFlood(options);
    for (let slot = 0; slot < options.connections; slot++) flood.#connect(slot);
    return flood;
  }

  /** Connections open now (connected and not closed by the server). */
  get open(): number {
    return this.#open;
  }

  #connect(slot: number): void {
    if (this.#stopped) return;
    const { hostname, port } = new URL(this.#options.url);
    const localAddress = `127.0.0.${2 + (slot % this.#options.peers)}`;
    const socket = net.connect({ host: hostname, port: Number(port), localAddress });
    this.#sockets.add(socket);
    const slow = slot % 2 === 1;
    let connectedAt = 0;
    let ticker: ReturnType<typeof setInterval> | undefined;
    socket.on("error", () => {});
    socket.once("connect", () => {
      connectedAt = performance.now();
      this.stats.connected++;
      this.#open++;
      this.stats.maxOpen = Math.max(this.stats.maxOpen, this.#open);
      if (!slow) return;
      // A head that never ends: a request line, then one header whose value grows forever.
      const head = `GET / HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `;
      let sent = 0;
      ticker = setInterval(() => {
        socket.write(sent < head.length ? head[sent] ?? "a" : "a");
        sent++;
      }, this.#options.slowByteMs);
      this.#timers.add(ticker);
    });
    const { promise: closed, resolve } = Promise.withResolvers<void>();
    this.#closed.add(closed);
    socket.once("close", () => {
      this.#sockets.delete(socket);
      this.#closed.delete(closed);
      if (ticker !== undefined) {
        clearInterval(ticker);
        this.#timers.delete(ticker);
      }
      if (connectedAt !== 0) this.#open--;
      // Sockets closed by stopping the attack are the attacker's doing, not the server's.
      if (!this.#stopped) {
        if (connectedAt === 0) this.stats.failed++;
        else if (performance.now() - connectedAt < REFUSED_WITHIN_MS) this.stats.refused++;
        else this.stats.closedLater++;
      }
      resolve();
      if (this.#stopped) return;
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#connect(slot);
      }, this.#options.reconnectMs);
      this.#timers.add(timer);
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all(this.#closed);
  }
}

/** How often the attacker process reports. */
export const REPORT_MS = 250;

/** The attacker's command line as {@linkcode FloodOptions}. */
function parseAttackArgs(args: string[]): FloodOptions {
  const [url = "", ...numbers] = args;
  const values = numbers.map(Number);
  const [connections = 0, peers = 0, slowByteMs = 0, reconnectMs = 0] = values;
  if (
    !URL.canParse(url) || values.length !== 4 || !values.every((n) => Number.isInteger(n) && n > 0)
  ) {
    throw new Error(
      `Cannot start the attacker with ${JSON.stringify(args)}: ` +
        "give URL CONNECTIONS PEERS SLOW_BYTE_MS RECONNECT_MS, the numbers positive whole numbers",
    );
  }
  return { url, connections, peers, slowByteMs, reconnectMs };
}

/** The attacker process: flood until stdin closes, reporting on stdout. */
async function attack(args: string[]): Promise<void> {
  const options = parseAttackArgs(args);
  // A descriptor per connection, and a few to spare.
  const files = raiseOpenFileLimit(nullLogger);
  if (files !== null && files.soft < options.connections + 64) {
    throw new Error(
      `Cannot open ${options.connections} connections with an open-file limit of ${files.soft}: ` +
        "raise it (ulimit -n) or pass fewer --connections",
    );
  }
  const encoder = new TextEncoder();
  const report = (flood: StrangerFlood, final: boolean) => {
    const line: FloodReport = { ...flood.stats, open: flood.open, final };
    Deno.stdout.writeSync(encoder.encode(JSON.stringify(line) + "\n"));
  };
  const flood = StrangerFlood.start(options);
  report(flood, false);
  const ticker = setInterval(() => report(flood, false), REPORT_MS);
  try {
    // The parent closes our stdin to stop the attack (or dies, which closes it too).
    await Deno.stdin.readable.pipeTo(new WritableStream());
  } finally {
    clearInterval(ticker);
    await flood[Symbol.asyncDispose]();
  }
  report(flood, true);
}

if (import.meta.main) await attack(Deno.args);
