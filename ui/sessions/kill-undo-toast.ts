/**
 * Owns `<kill-undo-toast>`: "Killed NAME · Undo (28 s)" for each session the page just killed,
 * counting down, with the reason when an undo failed.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { LightElement } from "../shared/light_element.ts";
import { TickingClock } from "../shared/ticking_clock.ts";
import { sessionKey, type SessionRef } from "../shared/types.ts";
import type { KilledEntry } from "./kill_undo_store.ts";

/**
 * Properties in: `entries`, `hostName` (a worker's name for its id). Events out: `undo-kill` and
 * `undo-dismiss`, each with the `SessionRef`.
 */
export class KillUndoToast extends LightElement {
  static override properties = {
    entries: { attribute: false },
    hostName: { attribute: false },
  };

  declare entries: readonly KilledEntry[];
  declare hostName: (id: string) => string;
  readonly #clock = new TickingClock(
    this,
    1000,
    () => this.entries.some((e) => Number.isFinite(e.until)),
  );

  constructor() {
    super();
    this.entries = [];
    this.hostName = (id) => id;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("entries")) this.#clock.reset();
  }

  override render(): TemplateResult | typeof nothing {
    if (this.entries.length === 0) return nothing;
    return html`
      <div class="kill-undo" role="status" aria-live="polite">
        ${this.entries.map((entry) => this.#entry(entry))}
      </div>
    `;
  }

  #entry(entry: KilledEntry): TemplateResult {
    const { ref } = entry;
    const where = ref.host === "local" ? "" : ` on ${this.hostName(ref.host)}`;
    const seconds = Math.max(0, Math.ceil((entry.until - this.#clock.now) / 1000));
    return html`
      <div class="kill-undo-item" data-key=${sessionKey(ref)}>
        ${entry.error === null
          ? html`
            <span class="kill-undo-text">Killed <strong>${ref.name}</strong>${where}.</span>
            <button
              class="btn kill-undo-button"
              ?disabled=${entry.busy}
              @click=${() => this.emit<SessionRef>("undo-kill", ref)}
            >
              ${entry.busy ? "Bringing it back…" : html`
                Undo <span class="kill-undo-left"
                >(${seconds} s)</span>
              `}
            </button>
          `
          : html`<span class="kill-undo-text kill-undo-error" role="alert">${entry.error}</span>`}
        <button
          class="btn ghost kill-undo-dismiss"
          aria-label=${`Dismiss the undo for ${ref.name}`}
          title="Dismiss"
          @click=${() => this.emit<SessionRef>("undo-dismiss", ref)}
        >
          ×
        </button>
      </div>
    `;
  }
}

customElements.define("kill-undo-toast", KillUndoToast);

declare global {
  interface HTMLElementTagNameMap {
    "kill-undo-toast": KillUndoToast;
  }
}
