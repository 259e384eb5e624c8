/** Owns `<remove-host-dialog>`: confirms and removes a remote host. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { LightElement } from "./light_element.ts";
import type { HostDetails } from "./types.ts";

/** Properties in: `api`. Events out: `host-removed` with the removed host's id. */
export class RemoveHostDialog extends LightElement {
  static override properties = {
    api: { attribute: false },
    target: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare target: HostDetails | null;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.target = null;
    this.serverError = "";
    this.busy = false;
  }

  async open(target: HostDetails): Promise<void> {
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
      <dialog aria-labelledby="remove-host-title" aria-describedby="remove-host-text">
        <form @submit=${this.#submit}>
          <h2 id="remove-host-title">Remove host “${name}”?</h2>
          <p id="remove-host-text">
            This dashboard stops showing ${name}'s sessions and forgets its address and token.
            Its tmux sessions keep running on that machine; add it again to see them here.
          </p>
          ${this.serverError !== ""
            ? html`<p class="alert" role="alert">${this.serverError}</p>`
            : nothing}
          <div class="dialog-actions">
            <button class="btn cancel" type="button" @click=${() => this.close()}>Cancel</button>
            <button class="btn danger" type="submit" ?disabled=${this.busy}>Remove</button>
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
      await this.api.removeHost(target.id);
      this.close();
      this.emit<string>("host-removed", target.id);
    } catch (error) {
      this.serverError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("remove-host-dialog", RemoveHostDialog);

declare global {
  interface HTMLElementTagNameMap {
    "remove-host-dialog": RemoveHostDialog;
  }
}
