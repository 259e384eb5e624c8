/** Owns the shared shape of a destructive confirmation `<dialog>`: open, cancel, act, errors. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { LightElement } from "./light_element.ts";

/** What a confirmation dialog says and does for its target. */
export interface ConfirmCopy {
  /** Prefix for element ids (title and text). */
  idPrefix: string;
  title: string;
  text: TemplateResult | string;
  /** The danger button's label (its accessible name). */
  action: string;
}

/**
 * Base of `<kill-dialog>` and `<remove-host-dialog>`: subclasses say what to show and what to do.
 * Properties in: `api`. The safe choice (Cancel) has the focus; server errors show in the dialog.
 */
export abstract class ConfirmDialog<T> extends LightElement {
  static override properties = {
    api: { attribute: false },
    target: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare target: T | null;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.target = null;
    this.serverError = "";
    this.busy = false;
  }

  /** The words for this target. */
  protected abstract copy(target: T | null): ConfirmCopy;
  /** Do it (throws with the server's message on failure), then announce it. */
  protected abstract perform(api: ApiClient, target: T): Promise<void>;

  async open(target: T): Promise<void> {
    this.target = target;
    this.serverError = "";
    this.busy = false;
    await this.updateComplete;
    this.querySelector("dialog")?.showModal();
    this.querySelector<HTMLButtonElement>("button.cancel")?.focus();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  override render(): TemplateResult {
    const copy = this.copy(this.target);
    return html`
      <dialog aria-labelledby="${copy.idPrefix}-title" aria-describedby="${copy.idPrefix}-text">
        <form @submit=${this.#submit}>
          <h2 id="${copy.idPrefix}-title">${copy.title}</h2>
          <p id="${copy.idPrefix}-text">${copy.text}</p>
          ${this.serverError !== ""
            ? html`<p class="alert" role="alert">${this.serverError}</p>`
            : nothing}
          <div class="dialog-actions">
            <button class="btn cancel" type="button" @click=${() => this.close()}>Cancel</button>
            <button class="btn danger" type="submit" ?disabled=${this.busy}>${copy.action}</button>
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
      await this.perform(this.api, target);
      this.close();
    } catch (error) {
      this.serverError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  };
}
