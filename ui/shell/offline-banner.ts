/**
 * Owns `<offline-banner>`: the unmistakable "Maestro is not reachable" banner while the live list
 * is down, counting down to the next attempt, with a way to try at once.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { EventsState } from "../sessions/events_connection.ts";
import { LightElement } from "../shared/light_element.ts";
import { TickingClock } from "../shared/ticking_clock.ts";

/** Properties in: `state` (the live list's), `retryAt` (ms since the epoch). Events out: `retry-now`. */
export class OfflineBanner extends LightElement {
  static override properties = {
    state: { attribute: false },
    retryAt: { attribute: false },
  };

  declare state: EventsState;
  declare retryAt: number;
  readonly #clock = new TickingClock(this, 250, () => this.state === "reconnecting");

  constructor() {
    super();
    this.state = "live";
    this.retryAt = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("state") || changed.has("retryAt")) this.#clock.reset();
  }

  override render(): TemplateResult | typeof nothing {
    if (this.state !== "reconnecting") return nothing;
    const seconds = Math.ceil((this.retryAt - this.#clock.now) / 1000);
    return html`
      <div class="offline-banner" role="alert">
        <strong>Maestro is not reachable.</strong>
        <span>Statuses and terminals are not live; typing goes nowhere.</span>
        <span class="offline-retry" aria-live="off">${seconds > 0
          ? `Retrying in ${seconds} s…`
          : "Reconnecting…"}</span>
        <button class="btn" type="button" @click=${() => this.emit("retry-now")}>Retry now</button>
      </div>
    `;
  }
}

customElements.define("offline-banner", OfflineBanner);

declare global {
  interface HTMLElementTagNameMap {
    "offline-banner": OfflineBanner;
  }
}
