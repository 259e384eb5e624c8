/**
 * Owns `<mute-button>`: the Mute toggle in a session's top bar. A muted session neither notifies
 * nor counts in the tab title; the mute is saved on the server, so it holds in every browser.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { bellIcon, bellOffIcon, closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { SessionRef } from "../shared/types.ts";

/** `mute-change`: the mute the page should show (sent at once, and again if saving failed). */
export interface MuteChangeDetail {
  ref: SessionRef;
  muted: boolean;
}

/**
 * Properties in: `api`, `ref` (the session), `muted`, `disabledReason` (why it cannot work now,
 * or "" when it can). Events out: `mute-change` with a
 * {@linkcode MuteChangeDetail}.
 */
export class MuteButton extends LightElement {
  static override properties = {
    api: { attribute: false },
    ref: { attribute: false },
    muted: { attribute: false },
    disabledReason: { attribute: false },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare ref: SessionRef | null;
  declare muted: boolean;
  declare disabledReason: string;
  declare error: string;

  constructor() {
    super();
    this.api = null;
    this.ref = null;
    this.muted = false;
    this.disabledReason = "";
    this.error = "";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("ref")) this.error = "";
  }

  override render(): TemplateResult {
    return html`
      <button
        class="btn ghost mute-toggle"
        type="button"
        aria-label="Mute notifications"
        aria-pressed=${this.muted ? "true" : "false"}
        ?disabled=${this.disabledReason !== ""}
        title=${this.disabledReason !== ""
          ? this.disabledReason
          : this.muted
          ? "Muted: no notification and no count in the tab title when it waits. Click to unmute."
          : "Mute: no notification and no count in the tab title when this session waits"}
        @click=${() => this.#toggle()}
      >${this.muted ? bellOffIcon : bellIcon}<span class="label">Mute</span></button>
      ${this.error === "" ? nothing : html`
        <div class="alert mute-error" role="alert">
          <span>${this.error}</span>
          <button class="btn ghost icon" type="button" aria-label="Dismiss"
            @click=${() => (this.error = "")}>${closeIcon}</button>
        </div>
      `}
    `;
  }

  async #toggle(): Promise<void> {
    const { api, ref } = this;
    if (api === null || ref === null) return;
    const muted = !this.muted;
    this.error = "";
    this.emit<MuteChangeDetail>("mute-change", { ref, muted });
    try {
      await api.setMuted(ref, muted);
    } catch (error) {
      this.emit<MuteChangeDetail>("mute-change", { ref, muted: !muted });
      if (this.ref === ref) {
        this.error = `Cannot ${muted ? "mute" : "unmute"} ${ref.name}: ${(error as Error).message}`;
      }
    }
  }
}

customElements.define("mute-button", MuteButton);

declare global {
  interface HTMLElementTagNameMap {
    "mute-button": MuteButton;
  }
}
