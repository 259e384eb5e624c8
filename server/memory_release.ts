/**
 * Owns giving freed memory back to the system. Each spawned tmux leaves native memory (its pipes'
 * buffers) that V8 frees only at a full collection, which its own small heap (~8 MB) gives it no
 * reason to run, and that glibc then keeps for itself (docs/BENCHMARKS.md "Memory"). So every
 * {@link CHECK_MS} the server's RSS is read, and once it has grown by {@link GROWTH_BYTES} since
 * the last release, and that was {@link MIN_INTERVAL_MS} ago or more, one full collection and
 * glibc's `malloc_trim(0)` hand it back. Where either is missing (no glibc, no FFI permission),
 * nothing is done.
 */

import v8 from "node:v8";
import vm from "node:vm";
import type { Logger } from "./logger.ts";

/** How often the RSS is read. */
export const CHECK_MS = 5_000;

/** Growth since the last release that is worth a collection (a few ms of one thread). */
export const GROWTH_BYTES = 6 * 1024 * 1024;

/**
 * The least time between two releases. A busy server's heap grows back within seconds after a
 * collection (a manager parsing its workers' lists); released every 5 s, it spent 1 % of a core on
 * it (bench/scale.ts, 1000 sessions: 0.7–1.0 % → 1.9–2.0 %).
 */
export const MIN_INTERVAL_MS = 30_000;

/**
 * Whether to release now: `rss` has grown by `growth` bytes or more over `baseline`, and the last
 * release was at least `minIntervalMs` ago (`sinceLastMs`). Pure.
 */
export function shouldRelease(
  rss: number,
  baseline: number,
  sinceLastMs: number,
  { growth = GROWTH_BYTES, minIntervalMs = MIN_INTERVAL_MS } = {},
): boolean {
  return rss - baseline >= growth && sinceLastMs >= minIntervalMs;
}

/** A full collection, then glibc's trim. */
export interface Releaser {
  release(): void;
  close(): void;
}

/**
 * The collector (V8's `gc`, exposed through node:v8's flags, in a context of its own) and glibc's
 * `malloc_trim`; null where they cannot both be had.
 */
export function openReleaser(): Releaser | null {
  if (Deno.build.os !== "linux") return null;
  // Never a permission prompt in the middle of serving: without FFI allowed, nothing is done.
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return null;
  let libc: Deno.DynamicLibrary<{ malloc_trim: { parameters: ["usize"]; result: "i32" } }>;
  try {
    libc = Deno.dlopen("libc.so.6", {
      malloc_trim: { parameters: ["usize"], result: "i32" },
    });
  } catch {
    return null;
  }
  let collect: () => void;
  try {
    v8.setFlagsFromString("--expose_gc");
    collect = vm.runInNewContext("gc") as () => void;
    if (typeof collect !== "function") throw new TypeError("gc is not exposed");
  } catch {
    libc.close();
    return null;
  }
  return {
    release() {
      collect();
      libc.symbols.malloc_trim(0n);
    },
    close() {
      libc.close();
    },
  };
}

export interface MemoryReleaseOptions {
  logger: Logger;
  /** The RSS now, in bytes (default: Deno's). */
  rss?: () => number;
  /** Default: {@link openReleaser}, opened at the first release that is due. */
  open?: () => Releaser | null;
  checkMs?: number;
  growthBytes?: number;
  minIntervalMs?: number;
  /** The clock, in ms (default: performance.now). */
  now?: () => number;
}

/** Reads the RSS now and then, and releases memory once it has grown enough (see the module). */
export class MemoryRelease implements Disposable {
  readonly #options: MemoryReleaseOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #releaser: Releaser | null | undefined;
  #baseline: number;
  #lastAt = Number.NEGATIVE_INFINITY;
  /** How many releases ran (for tests and the log). */
  releases = 0;

  constructor(options: MemoryReleaseOptions) {
    this.#options = options;
    this.#baseline = this.#rss();
    this.#timer = setInterval(() => this.check(), options.checkMs ?? CHECK_MS);
    Deno.unrefTimer(this.#timer);
  }

  /** Release now if the RSS has grown enough since the last release. */
  check(): void {
    const before = this.#rss();
    const now = this.#options.now?.() ?? performance.now();
    const limits = {
      ...(this.#options.growthBytes !== undefined && { growth: this.#options.growthBytes }),
      ...(this.#options.minIntervalMs !== undefined &&
        { minIntervalMs: this.#options.minIntervalMs }),
    };
    if (!shouldRelease(before, this.#baseline, now - this.#lastAt, limits)) return;
    this.#lastAt = now;
    this.#releaser ??= (this.#options.open ?? openReleaser)();
    if (this.#releaser === null) {
      // Nothing can be given back here: stop counting the growth as new.
      this.#baseline = before;
      return;
    }
    const started = performance.now();
    this.#releaser.release();
    this.releases++;
    this.#baseline = this.#rss();
    this.#options.logger.debug("Gave memory back", {
      beforeMB: Math.round(before / 1e6),
      afterMB: Math.round(this.#baseline / 1e6),
      ms: Math.round(performance.now() - started),
    });
  }

  #rss(): number {
    return this.#options.rss?.() ?? Deno.memoryUsage().rss;
  }

  [Symbol.dispose](): void {
    clearInterval(this.#timer);
    this.#releaser?.close();
  }
}
