/** Owns `<remove-host-dialog>`: confirms and removes a remote host. */
/// <reference lib="dom" />

import type { ApiClient } from "../shared/api_client.ts";
import { type ConfirmCopy, ConfirmDialog } from "../shared/confirm_dialog.ts";
import type { HostDetails } from "../shared/types.ts";

/** Properties in: `api`. Events out: `host-removed` with the removed host's id. */
export class RemoveHostDialog extends ConfirmDialog<HostDetails> {
  protected override copy(target: HostDetails | null): ConfirmCopy {
    const name = target?.name ?? "";
    return {
      idPrefix: "remove-host",
      title: `Remove host “${name}”?`,
      text: `This dashboard stops showing ${name}'s sessions and forgets its address and token. ` +
        "Its tmux sessions keep running on that machine; add it again to see them here.",
      action: "Remove",
    };
  }

  protected override async perform(api: ApiClient, target: HostDetails): Promise<void> {
    await api.removeHost(target.id);
    this.emit<string>("host-removed", target.id);
  }
}

customElements.define("remove-host-dialog", RemoveHostDialog);

declare global {
  interface HTMLElementTagNameMap {
    "remove-host-dialog": RemoveHostDialog;
  }
}
