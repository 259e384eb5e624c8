/** Owns `<rename-dialog>`: asks for a session's new name and renames it. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "./api_client.ts";
import { LightElement } from "./light_element.ts";
import { NAME_RULE_TEXT, nameProblem } from "./name_rule.ts";
import type { Session, SessionRef } from "./types.ts";

export interface SessionRenamedDetail {
  from: SessionRef;
  session: Session;
}

/** Properties in: `api`. Events out: `session-renamed` with the old ref and the new `Session`. */
export class RenameDialog extends LightElement {
  static override properties = {
    api: { attribute: false },
    target: { state: true },
    name: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare target: SessionRef | null;
  declare name: string;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.target = null;
    this.name = "";
    this.serverError = "";
    this.busy = false;
  }

  async open(target: SessionRef): Promise<void> {
    this.target = target;
    this.name = target.name;
    this.serverError = "";
    this.busy = false;
    await this.updateComplete;
    this.querySelector("dialog")?.showModal();
    const input = this.querySelector<HTMLInputElement>("#rename-name");
    input?.focus();
    input?.select();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  override render(): TemplateResult {
    const problem = this.target !== null && this.name !== this.target.name
      ? nameProblem(this.name)
      : null;
    return html`
      <dialog aria-labelledby="rename-title">
        <form @submit=${this.#submit} novalidate>
          <h2 id="rename-title">Rename ${this.target?.name ?? "session"}</h2>
          <div class="field">
            <label for="rename-name">New name</label>
            <input
              id="rename-name"
              class="input mono"
              autocomplete="off"
              spellcheck="false"
              maxlength="64"
              .value=${this.name}
              aria-invalid=${problem ? "true" : "false"}
              aria-describedby=${problem ? "rename-rule rename-error" : "rename-rule"}
              @input=${(e: Event) => {
                this.name = (e.target as HTMLInputElement).value;
                this.serverError = "";
              }}
            >
            <span class="hint" id="rename-rule">${NAME_RULE_TEXT}</span>
            ${problem
              ? html`<span class="field-error" id="rename-error">${problem}</span>`
              : nothing}
          </div>
          ${this.serverError !== ""
            ? html`<p class="alert" role="alert">${this.serverError}</p>`
            : nothing}
          <div class="dialog-actions">
            <button class="btn" type="button" @click=${() => this.close()}>Cancel</button>
            <button class="btn primary" type="submit" ?disabled=${this.busy}>Rename</button>
          </div>
        </form>
      </dialog>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const target = this.target;
    const name = this.name.trim();
    if (target === null || this.api === null) return;
    if (name === target.name) {
      this.close();
      return;
    }
    if (nameProblem(name) !== null) return;
    this.busy = true;
    try {
      const session = await this.api.renameSession(target, name);
      this.close();
      this.emit<SessionRenamedDetail>("session-renamed", { from: target, session });
    } catch (error) {
      this.serverError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("rename-dialog", RenameDialog);

declare global {
  interface HTMLElementTagNameMap {
    "rename-dialog": RenameDialog;
  }
}
