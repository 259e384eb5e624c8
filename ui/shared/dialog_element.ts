/** Owns what every action `<dialog>` element shares: the api, busy and error states, open, act. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { LightElement } from "./light_element.ts";

/**
 * Base of the rename, new-session, kill and remove-host dialogs. Subclasses render a `<dialog>`
 * holding a `<form>`; `show()` opens it, `act()` runs the action with the busy state and shows the
 * server's message inside the dialog on failure. Properties in: `api`.
 */
export abstract class DialogElement extends LightElement {
  static override properties = {
    api: { attribute: false },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.serverError = "";
    this.busy = false;
  }

  /** Clear the last error, render, open modally and focus the element `focus` selects. */
  protected async show(focus: string): Promise<HTMLElement | null> {
    this.serverError = "";
    this.busy = false;
    await this.updateComplete;
    this.querySelector("dialog")?.showModal();
    const element = this.querySelector<HTMLElement>(focus);
    element?.focus();
    return element;
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  /**
   * Run `action` (it throws with the server's message on failure): busy meanwhile; on success the
   * dialog closes and then `done` gets the result (so focus moves on after the dialog gave it
   * back); on failure the message shows. Returns whether it succeeded.
   */
  protected async act<T>(
    action: (api: ApiClient) => Promise<T>,
    done?: (result: T) => void,
  ): Promise<boolean> {
    if (this.api === null) return false;
    this.busy = true;
    this.serverError = "";
    try {
      const result = await action(this.api);
      this.close();
      done?.(result);
      return true;
    } catch (error) {
      this.serverError = (error as Error).message;
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The server's last message, announced, or nothing. */
  protected renderServerError(): TemplateResult | typeof nothing {
    return this.serverError === ""
      ? nothing
      : html`<p class="alert" role="alert">${this.serverError}</p>`;
  }

  /** Cancel and the submit button (`kind` styles it: primary or danger). */
  protected renderActions(label: string, kind: "primary" | "danger"): TemplateResult {
    return html`
      <div class="dialog-actions">
        <button class="btn cancel" type="button" @click=${() => this.close()}>Cancel</button>
        <button class="btn ${kind}" type="submit" ?disabled=${this.busy}>${label}</button>
      </div>
    `;
  }
}
