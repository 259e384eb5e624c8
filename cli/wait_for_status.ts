/** Owns `maestro wait`'s loop: ask for a session's status until it is the one wanted or time is up. */

import { SESSION_STATUSES, type SessionStatus, type SessionView } from "../protocol/session.ts";
import { ApiError } from "./api_client.ts";

export { SESSION_STATUSES };

/** The statuses in words, for usage errors. */
export const STATUS_WORDS = SESSION_STATUSES.join(", ");

/** A status word as a person types it: the name of a status, or "waiting" for `needs-you`. */
export function parseStatus(word: string): SessionStatus | null {
  const trimmed = word.trim();
  if (trimmed === "waiting") return "needs-you"; // the name it had before `done` came
  return SESSION_STATUSES.find((status) => status === trimmed) ?? null;
}

/** How long `maestro wait` sleeps between two looks. */
export const WAIT_INTERVAL_MS = 500;

export interface WaitOptions {
  /** The session as the API shows it now; throws {@link ApiError} 404 once it is gone. */
  fetchSession: () => Promise<SessionView>;
  wanted: SessionStatus;
  /** Give up after this long; null waits forever. */
  timeoutMs: number | null;
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type WaitOutcome =
  /** Reached; `session` is null when it went away while waiting for `exited`. */
  | { kind: "reached"; session: SessionView | null }
  | { kind: "timeout"; last: SessionView }
  /** The session went away while waiting for something else than `exited`. */
  | { kind: "gone"; last: SessionView };

/**
 * Look at the session until its status is `wanted`. A session that is unknown at the first look
 * is an error (the {@link ApiError} 404 propagates); one that goes away later counts as `exited`.
 */
export async function waitForStatus(options: WaitOptions): Promise<WaitOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ??
    ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.intervalMs ?? WAIT_INTERVAL_MS;
  const deadline = options.timeoutMs === null ? Infinity : now() + options.timeoutMs;
  let last: SessionView | null = null;
  for (;;) {
    let session: SessionView;
    try {
      session = await options.fetchSession();
    } catch (error) {
      if (last === null || !(error instanceof ApiError) || error.status !== 404) throw error;
      return options.wanted === "exited"
        ? { kind: "reached", session: null }
        : { kind: "gone", last };
    }
    last = session;
    if (session.status === options.wanted) return { kind: "reached", session };
    const left = deadline - now();
    if (left <= 0) return { kind: "timeout", last: session };
    await sleep(Math.min(interval, left));
  }
}
