/**
 * Owns keeping a repeated warning from flooding the log: at most one line per interval, saying how
 * many events it stands for. Pure: the caller passes the clock.
 */

/**
 * Lets one event through per `intervalMs`.
 *
 * @example
 * ```ts
 * const gate = new LogGate(10_000);
 * gate.pass(0); // 1: log it
 * gate.pass(5); // 0: held back
 * gate.pass(10_000); // 2: log it, standing for itself and the one held back
 * ```
 */
export class LogGate {
  readonly #intervalMs: number;
  #lastPassed = -Infinity;
  #held = 0;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** An event at `now` (ms): how many events to report if it should be logged, else 0. */
  pass(now: number): number {
    if (now - this.#lastPassed < this.#intervalMs) {
      this.#held++;
      return 0;
    }
    this.#lastPassed = now;
    const count = this.#held + 1;
    this.#held = 0;
    return count;
  }
}
