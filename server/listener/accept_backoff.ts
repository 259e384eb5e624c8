/**
 * Owns what the accept loop does after a failed accept (EMFILE and the like): wait a little
 * longer each time, and log only the first failure of a burst. Pure: the loop sleeps and logs.
 */

/** Waits after the 1st, 2nd and 3rd-and-later failures in a row. */
export const ACCEPT_BACKOFF_MS: readonly number[] = [50, 100, 200];

/**
 * Counts failed accepts in a row.
 *
 * @example
 * ```ts
 * const backoff = new AcceptBackoff();
 * backoff.failed(); // { delayMs: 50, firstOfBurst: true }
 * backoff.failed(); // { delayMs: 100, firstOfBurst: false }
 * backoff.succeeded(); // 2: the burst that just ended
 * ```
 */
export class AcceptBackoff {
  #failures = 0;

  /** An accept failed: how long to wait before the next, and whether this one opens a burst. */
  failed(): { delayMs: number; firstOfBurst: boolean } {
    this.#failures++;
    const step = Math.min(this.#failures, ACCEPT_BACKOFF_MS.length) - 1;
    return { delayMs: ACCEPT_BACKOFF_MS[step] ?? 200, firstOfBurst: this.#failures === 1 };
  }

  /** An accept succeeded: how many failures the burst it ends had (0 if there was none). */
  succeeded(): number {
    const failures = this.#failures;
    this.#failures = 0;
    return failures;
  }
}
