/** Owns `<kill-dialog>`: confirms and kills a session. */
/// <reference lib="dom" />

import type { ApiClient } from "../shared/api_client.ts";
import { type ConfirmCopy, ConfirmDialog } from "../shared/confirm_dialog.ts";
import type { SessionRef } from "../shared/types.ts";

/** Properties in: `api`. Events out: `session-killed` with the `SessionRef`. */
export class KillDialog extends ConfirmDialog<SessionRef> {
  protected override copy(target: SessionRef | null): ConfirmCopy {
    return {
      idPrefix: "kill",
      title: `Kill session “${target?.name ?? ""}”?`,
      text: "Its processes end and its scrollback is lost. For a few seconds, Undo brings it " +
        "back with its layout, notes and agents' conversations.",
      action: "Kill",
    };
  }

  protected override async perform(api: ApiClient, target: SessionRef): Promise<void> {
    await api.killSession(target);
    this.emit<SessionRef>("session-killed", target);
  }
}

customElements.define("kill-dialog", KillDialog);

declare global {
  interface HTMLElementTagNameMap {
    "kill-dialog": KillDialog;
  }
}
