/** Owns reconnect timing: exponential back-off with jitter and a ceiling. */

export interface BackoffOptions {
  /** First delay in ms. */
  initial?: number;
  /** Largest delay in ms. */
  max?: number;
  /** Fraction of the delay randomised (0–1), so many tabs do not reconnect in step. */
  jitter?: number;
  random?: () => number;
}

/** Delays for successive reconnect attempts; `reset()` after a connection succeeds. */
export class Backoff {
  #attempt = 0;
  readonly #initial: number;
  readonly #max: number;
  readonly #jitter: number;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initial ?? 250;
    this.#max = options.max ?? 10_000;
    this.#jitter = options.jitter ?? 0.2;
    this.#random = options.random ?? Math.random;
  }

  /** The number of delays handed out since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt, in ms. */
  next(): number {
    const base = Math.min(this.#max, this.#initial * 2 ** this.#attempt);
    this.#attempt++;
    const spread = base * this.#jitter;
    return Math.round(base - spread + this.#random() * 2 * spread);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
