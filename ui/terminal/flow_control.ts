/**
 * Owns the page side of terminal flow control (xterm.js water marks): bytes handed to
 * `term.write` but not yet parsed are counted, and the server is paused above the high mark and
 * resumed below the low one, so a flood never makes the page unresponsive.
 */

export const HIGH_WATER_BYTES = 1024 * 1024;
export const LOW_WATER_BYTES = 128 * 1024;

export type FlowSignal = "pause" | "resume";

export class FlowControl {
  #pending = 0;
  #paused = false;
  readonly #high: number;
  readonly #low: number;
  readonly #signal: (signal: FlowSignal) => void;

  constructor(
    signal: (signal: FlowSignal) => void,
    high = HIGH_WATER_BYTES,
    low = LOW_WATER_BYTES,
  ) {
    this.#signal = signal;
    this.#high = high;
    this.#low = low;
  }

  /** Bytes written to the terminal and not yet parsed. */
  get pending(): number {
    return this.#pending;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** `bytes` were handed to `term.write`. */
  written(bytes: number): void {
    this.#pending += bytes;
    if (!this.#paused && this.#pending > this.#high) {
      this.#paused = true;
      this.#signal("pause");
    }
  }

  /** `term.write`'s callback ran for `bytes`. */
  parsed(bytes: number): void {
    this.#pending = Math.max(0, this.#pending - bytes);
    if (this.#paused && this.#pending < this.#low) {
      this.#paused = false;
      this.#signal("resume");
    }
  }

  /** A new connection starts unpaused on the server: the signal it needs now, if any. */
  reconnected(): FlowSignal | null {
    return this.#paused ? "pause" : null;
  }
}
