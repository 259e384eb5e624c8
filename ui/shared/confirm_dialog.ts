/** Owns the shared shape of a destructive confirmation `<dialog>`: open, cancel, act, errors. */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { DialogElement } from "./dialog_element.ts";

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
export abstract class ConfirmDialog<T> extends DialogElement {
  static override properties = {
    ...DialogElement.properties,
    target: { state: true },
  };

  declare target: T | null;

  constructor() {
    super();
    this.target = null;
  }

  /** The words for this target. */
  protected abstract copy(target: T | null): ConfirmCopy;
  /** Do it (throws with the server's message on failure), then announce it. */
  protected abstract perform(api: ApiClient, target: T): Promise<void>;

  async open(target: T): Promise<void> {
    this.target = target;
    await this.show("button.cancel");
  }

  override render(): TemplateResult {
    const copy = this.copy(this.target);
    return html`
      <dialog aria-labelledby="${copy.idPrefix}-title" aria-describedby="${copy.idPrefix}-text">
        <form @submit=${this.#submit}>
          <h2 id="${copy.idPrefix}-title">${copy.title}</h2>
          <p id="${copy.idPrefix}-text">${copy.text}</p>
          ${this.renderServerError()} ${this.renderActions(copy.action, "danger")}
        </form>
      </dialog>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const target = this.target;
    if (target === null) return;
    await this.act((api) => this.perform(api, target));
  };
}
