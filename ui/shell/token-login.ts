/** Owns `<token-login>`: the "paste your token" screen shown when the page is not signed in. */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { logoIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";

/** Properties in: `api`. Events out: `signed-in` once the server accepted the token. */
export class TokenLogin extends LightElement {
  static override properties = {
    api: { attribute: false },
    error: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.error = "";
    this.busy = false;
  }

  override firstUpdated(): void {
    this.querySelector<HTMLInputElement>("#login-token")?.focus();
  }

  override render(): TemplateResult {
    return html`
      <form class="login-card" @submit=${this.#submit} aria-labelledby="login-title">
        <h1 class="brand" id="login-title">${logoIcon} Maestro</h1>
        <p>
          Paste the token Maestro printed when it started (or run <code>maestro token</code> on
          the machine it runs on).
        </p>
        <div class="field">
          <label for="login-token">Token</label>
          <input
            id="login-token"
            class="input mono"
            name="token"
            type="password"
            autocomplete="current-password"
            spellcheck="false"
            required
            aria-invalid=${this.error !== "" ? "true" : "false"}
            aria-describedby=${this.error !== "" ? "login-error" : ""}
          >
        </div>
        ${this.error !== ""
          ? html`<p class="alert" id="login-error" role="alert">${this.error}</p>`
          : ""}
        <div class="dialog-actions">
          <button class="btn primary" type="submit" ?disabled=${this.busy}>Sign in</button>
        </div>
      </form>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>("#login-token");
    const token = input?.value.trim() ?? "";
    if (token === "" || this.api === null) return;
    this.busy = true;
    this.error = "";
    try {
      await this.api.login(token);
      this.emit("signed-in");
    } catch (error) {
      this.error = (error as Error).message;
      input?.select();
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("token-login", TokenLogin);

declare global {
  interface HTMLElementTagNameMap {
    "token-login": TokenLogin;
  }
}
