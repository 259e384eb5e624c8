/** Owns what every benchmark phase shares: settings, a temp dir, cleanup, progress, servers. */

import { BenchTmux } from "./bench_tmux.ts";
import { ServerProcess } from "./server_process.ts";
import type { Result, Settings } from "./table.ts";

/** Handed to each phase; everything it starts goes on `stack` and is disposed when it ends. */
export interface PhaseContext {
  readonly settings: Settings;
  /** A temp dir of this run (removed at the end). */
  readonly dir: string;
  readonly stack: AsyncDisposableStack;
  /** Flags for the servers' `deno run` (e.g. `--cpu-prof`). */
  readonly denoFlags: readonly string[];
  /** Run the servers from this Maestro checkout instead of this one (`--server-root`). */
  readonly serverRoot?: string;
  /** Progress on stderr. */
  log(message: string): void;
  /** Record a row's result. */
  record(id: string, result: Result): void;
}

let homes = 0;

/** A fresh private tmux server, disposed with the phase. */
export async function startTmux(ctx: PhaseContext): Promise<BenchTmux> {
  return ctx.stack.use(await BenchTmux.start(ctx.dir));
}

/** A fresh `maestro serve` on `tmux`, with its own home, stopped with the phase. */
export async function startServer(ctx: PhaseContext, tmux: BenchTmux): Promise<ServerProcess> {
  const home = `${ctx.dir}/home-${homes++}`;
  const server = await ServerProcess.start({
    home,
    socket: tmux.socket,
    denoFlags: ctx.denoFlags,
    ...(ctx.serverRoot !== undefined ? { root: ctx.serverRoot } : {}),
  });
  return ctx.stack.use(server);
}

/** Resolve after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`, or a rejection naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
