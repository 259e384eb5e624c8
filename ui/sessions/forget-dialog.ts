/** Owns `<forget-dialog>`: confirms and forgets a restorable session, dropping its notes. */
/// <reference lib="dom" />

import { html } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { type ConfirmCopy, ConfirmDialog } from "../shared/confirm_dialog.ts";
import type { SessionRef } from "../shared/types.ts";

/** Properties in: `api`. Events out: `restorable-forgotten` with the `SessionRef`. */
export class ForgetDialog extends ConfirmDialog<SessionRef> {
  protected override copy(target: SessionRef | null): ConfirmCopy {
    return {
      idPrefix: "forget",
      title: `Forget session “${target?.name ?? ""}”?`,
      text: html`Maestro stops offering to restore it, and its notes and mute are dropped. This
        cannot be undone.`,
      action: "Forget",
    };
  }

  protected override async perform(api: ApiClient, target: SessionRef): Promise<void> {
    await api.forgetRestorable(target);
    this.emit<SessionRef>("restorable-forgotten", target);
  }
}

customElements.define("forget-dialog", ForgetDialog);

declare global {
  interface HTMLElementTagNameMap {
    "forget-dialog": ForgetDialog;
  }
}
