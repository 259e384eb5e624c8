/** Owns `<rename-dialog>`: asks for a session's new name and renames it. */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import { DialogElement } from "../shared/dialog_element.ts";
import { nameField } from "./name_field.ts";
import { nameProblem, suggestedName } from "./name_rule.ts";
import type { Session, SessionRef } from "../shared/types.ts";

export interface SessionRenamedDetail {
  from: SessionRef;
  session: Session;
}

/** Properties in: `api`. Events out: `session-renamed` with the old ref and the new `Session`. */
export class RenameDialog extends DialogElement {
  static override properties = {
    ...DialogElement.properties,
    target: { state: true },
    name: { state: true },
  };

  declare target: SessionRef | null;
  declare name: string;

  constructor() {
    super();
    this.target = null;
    this.name = "";
  }

  async open(target: SessionRef): Promise<void> {
    this.target = target;
    // A name made outside Maestro that breaks the rule: renaming fixes it, so offer a valid one.
    this.name = suggestedName(target.name);
    const input = await this.show("#rename-name") as HTMLInputElement | null;
    input?.select();
  }

  override render(): TemplateResult {
    const problem = this.target !== null && this.name !== this.target.name
      ? nameProblem(this.name)
      : null;
    return html`
      <dialog aria-labelledby="rename-title">
        <form @submit=${this.#submit} novalidate>
          <h2 id="rename-title">Rename ${this.target?.name ?? "session"}</h2>
          ${nameField({
            id: "rename-name",
            label: "New name",
            value: this.name,
            problem,
            onInput: (value) => {
              this.name = value;
              this.serverError = "";
            },
          })} ${this.renderServerError()} ${this.renderActions("Rename", "primary")}
        </form>
      </dialog>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const target = this.target;
    const name = this.name.trim();
    if (target === null) return;
    if (name === target.name) {
      this.close();
      return;
    }
    if (nameProblem(name) !== null) return;
    await this.act(
      (api) => api.renameSession(target, name),
      (session) => this.emit<SessionRenamedDetail>("session-renamed", { from: target, session }),
    );
  };
}

customElements.define("rename-dialog", RenameDialog);

declare global {
  interface HTMLElementTagNameMap {
    "rename-dialog": RenameDialog;
  }
}
