/** Owns `<kill-dialog>`: confirms and kills a session. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { LightElement } from "./light_element.ts";
import type { SessionRef } from "./types.ts";

/** Properties in: `api`. Events out: `session-killed` with the `SessionRef`. */
export class KillDialog extends LightElement {
  static override properties = {
    api: { attribute: false },
    target: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare target: SessionRef | null;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.target = null;
    this.serverError = "";
    this.busy = false;
  }

  async open(target: SessionRef): Promise<void> {
    this.target = target;
    this.serverError = "";
    this.busy = false;
    await this.updateComplete;
    this.querySelector("dialog")?.showModal();
    // The safe choice has the focus.
    this.querySelector<HTMLButtonElement>("button.cancel")?.focus();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  override render(): TemplateResult {
    const name = this.target?.name ?? "";
    return html`
      <dialog aria-labelledby="kill-title" aria-describedby="kill-text">
        <form @submit=${this.#submit}>
          <h2 id="kill-title">Kill session “${name}”?</h2>
          <p id="kill-text">
            Its processes are ended and its scrollback is lost. This cannot be undone.
          </p>
          ${this.serverError !== ""
            ? html`<p class="alert" role="alert">${this.serverError}</p>`
            : nothing}
          <div class="dialog-actions">
            <button class="btn cancel" type="button" @click=${() => this.close()}>Cancel</button>
            <button class="btn danger" type="submit" ?disabled=${this.busy}>Kill</button>
          </div>
        </form>
      </dialog>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const target = this.target;
    if (target === null || this.api === null) return;
    this.busy = true;
    try {
      await this.api.killSession(target);
      this.close();
      this.emit<SessionRef>("session-killed", target);
    } catch (error) {
      this.serverError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("kill-dialog", KillDialog);

declare global {
  interface HTMLElementTagNameMap {
    "kill-dialog": KillDialog;
  }
}
