/**
 * Owns `<sign-in-settings>`: the Sign-in section of Settings. Signs this browser out, or every
 * browser (each page's credential ends on the server and their open sockets close).
 */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { LightElement } from "../shared/light_element.ts";

/** Properties in: `api`. Events out: `signed-out` once this browser is signed out. */
export class SignInSettings extends LightElement {
  static override properties = {
    api: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    this.api = null;
    this.busy = false;
    this.error = "";
  }

  override render(): TemplateResult {
    return html`
      <section class="settings-section" aria-labelledby="sign-in-title">
        <h3 id="sign-in-title">Sign-in</h3>
        <p class="hint">
          This browser keeps its own sign-in, which no other site or port can read. Rotating the
          token (<code>maestro token --rotate</code>) signs every browser out.
        </p>
        <div class="notify-actions">
          <button class="btn" type="button" ?disabled=${this.busy} @click=${() =>
            this.#signOut(false)}>
            Sign out
          </button>
          <button class="btn danger" type="button" ?disabled=${this.busy} @click=${() =>
            this.#signOut(true)}>
            Sign out every browser
          </button>
        </div>
        ${this.error === "" ? "" : html`<p class="alert" role="alert">${this.error}</p>`}
      </section>
    `;
  }

  async #signOut(everywhere: boolean): Promise<void> {
    if (this.api === null) return;
    this.busy = true;
    this.error = "";
    try {
      await this.api.logout(everywhere);
      this.emit("signed-out");
    } catch (error) {
      // The credential is forgotten either way; say why the server did not confirm it.
      this.error = `Signed out here; the server did not confirm: ${(error as Error).message}`;
      this.emit("signed-out");
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("sign-in-settings", SignInSettings);

declare global {
  interface HTMLElementTagNameMap {
    "sign-in-settings": SignInSettings;
  }
}
