/**
 * Owns a countdown's clock for a Lit element: `now` moves on every `everyMs` while `running()`
 * says a countdown is shown, and no timer runs otherwise or once the element is disconnected.
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * @example
 * ```ts
 * readonly #clock = new TickingClock(this, 1000, () => this.entries.length > 0);
 * // in render: Math.ceil((entry.until - this.#clock.now) / 1000)
 * ```
 */
export class TickingClock implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #everyMs: number;
  readonly #running: () => boolean;
  readonly #clock: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Milliseconds since the epoch, as of the last tick or {@link reset}. */
  now: number;

  constructor(
    host: ReactiveControllerHost,
    everyMs: number,
    running: () => boolean,
    clock: () => number = Date.now,
  ) {
    this.#host = host;
    this.#everyMs = everyMs;
    this.#running = running;
    this.#clock = clock;
    this.now = clock();
    host.addController(this);
  }

  /** Read the time again now (when what is counted down changed, before rendering it). */
  reset(): void {
    this.now = this.#clock();
  }

  hostUpdated(): void {
    const running = this.#running();
    if (running && this.#timer === undefined) {
      this.#timer = setInterval(() => {
        this.now = this.#clock();
        this.#host.requestUpdate();
      }, this.#everyMs);
    } else if (!running) {
      this.hostDisconnected();
    }
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
