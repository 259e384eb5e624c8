/** Owns `<shortcuts-dialog>`: the list of the page's keyboard shortcuts, opened with `?`. */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import { LightElement } from "../shared/light_element.ts";
import { isMac, shortcutList } from "./shortcuts.ts";

/** Methods: `open()`, `close()`, `isOpen`. Esc closes it (a native modal dialog). */
export class ShortcutsDialog extends LightElement {
  get isOpen(): boolean {
    return this.querySelector("dialog")?.open ?? false;
  }

  async open(): Promise<void> {
    await this.updateComplete;
    const dialog = this.querySelector("dialog");
    if (dialog === null || dialog.open) return;
    dialog.showModal();
    this.querySelector<HTMLElement>(".dialog-actions .btn")?.focus();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  override render(): TemplateResult {
    return html`
      <dialog class="shortcuts-dialog" aria-labelledby="shortcuts-title">
        <form method="dialog">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <p>
            A focused terminal gets every key its program uses; these keys are the page's own.
          </p>
          <table class="shortcuts-table">
            <tbody>
              ${shortcutList(isMac(navigator.platform)).map((shortcut) =>
                html`
                  <tr>
                    <th scope="row">${shortcut.keys.map((keys, i) =>
                      html`${i > 0 ? html`<span class="or">or</span>` : ""}<kbd>${keys}</kbd>`
                    )}</th>
                    <td>${shortcut.action}</td>
                  </tr>
                `
              )}
            </tbody>
          </table>
          <div class="dialog-actions">
            <button class="btn" type="submit">Close</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define("shortcuts-dialog", ShortcutsDialog);

declare global {
  interface HTMLElementTagNameMap {
    "shortcuts-dialog": ShortcutsDialog;
  }
}
