/**
 * Owns the process's open-file limit (RLIMIT_NOFILE): raising the soft limit to the hard one at
 * start, through libc's getrlimit/setrlimit over FFI, and reporting it so the connection caps can
 * leave file descriptors to spare. Linux and macOS; elsewhere, or without FFI, it does nothing.
 * (`deno run` raises the limit itself on Linux; a compiled binary or another launcher may not.)
 */

import type { Logger } from "../logger.ts";

/** A soft and a hard limit; Infinity means unlimited. */
export interface OpenFileLimit {
  readonly soft: number;
  readonly hard: number;
}

/** Where libc is and what it calls the open-file limit, per OS. */
interface Platform {
  library: string;
  resource: number;
  infinity: bigint;
}

const PLATFORMS: Partial<Record<typeof Deno.build.os, Platform>> = {
  linux: { library: "libc.so.6", resource: 7, infinity: 2n ** 64n - 1n },
  darwin: { library: "/usr/lib/libSystem.B.dylib", resource: 8, infinity: 2n ** 63n - 1n },
};

/** macOS refuses a soft limit above OPEN_MAX even when the hard limit is "unlimited". */
const DARWIN_OPEN_MAX = 10_240n;

const SYMBOLS = {
  getrlimit: { parameters: ["i32", "buffer"], result: "i32" },
  setrlimit: { parameters: ["i32", "buffer"], result: "i32" },
} as const;

/**
 * The soft limits to try, best first, to raise `soft` toward `hard` on `os` (empty when there is
 * nothing to raise). Values are libc's `rlim_t`.
 *
 * @example
 * ```ts
 * softLimitCandidates("linux", 1024n, 4096n); // [4096n]
 * softLimitCandidates("darwin", 256n, 2n ** 63n - 1n); // [2n ** 63n - 1n, 10240n]
 * ```
 */
export function softLimitCandidates(
  os: typeof Deno.build.os,
  soft: bigint,
  hard: bigint,
): bigint[] {
  if (soft >= hard) return [];
  const candidates = [hard];
  if (os === "darwin" && hard > DARWIN_OPEN_MAX && soft < DARWIN_OPEN_MAX) {
    candidates.push(DARWIN_OPEN_MAX);
  }
  return candidates;
}

/**
 * Raise the soft open-file limit as far as allowed and return the limits now in force, or null
 * when they cannot be read (another OS, no FFI permission, no libc). Failures are logged at
 * debug: the server runs as before, with its connection caps at their defaults.
 */
export function raiseOpenFileLimit(logger: Logger): OpenFileLimit | null {
  const platform = PLATFORMS[Deno.build.os];
  if (platform === undefined) return null;
  let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;
  try {
    library = Deno.dlopen(platform.library, SYMBOLS);
    const { getrlimit, setrlimit } = library.symbols;
    const limit = new BigUint64Array(2);
    if (getrlimit(platform.resource, limit) !== 0) {
      logger.debug("Cannot read the open-file limit: getrlimit failed");
      return null;
    }
    const [soft = 0n, hard = 0n] = limit;
    for (const candidate of softLimitCandidates(Deno.build.os, soft, hard)) {
      if (setrlimit(platform.resource, BigUint64Array.of(candidate, hard)) === 0) break;
      logger.debug("Cannot raise the open-file limit", { to: String(candidate) });
    }
    if (getrlimit(platform.resource, limit) !== 0) return null;
    const toNumber = (value: bigint | undefined) =>
      value === undefined || value >= platform.infinity ? Infinity : Number(value);
    const now = { soft: toNumber(limit[0]), hard: toNumber(limit[1]) };
    if (limit[0] !== soft) {
      logger.debug("Raised the open-file limit", { from: Number(soft), ...now });
    }
    return now;
  } catch (error) {
    logger.debug("Cannot change the open-file limit: FFI is unavailable", {
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  } finally {
    library?.close();
  }
}
