/** Owns `<token-login>`: the "paste your token" screen shown when the page is not signed in. */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { logoIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import { tokenFromPaste } from "./sign_in_token.ts";

/**
 * Properties in: `api`, `notice` (why the page is signed out, when it knows: a sign-in link's
 * token was rejected). Takes a bare token or the whole URL Maestro printed. Events out:
 * `signed-in` once the server accepted the token.
 */
export class TokenLogin extends LightElement {
  static override properties = {
    api: { attribute: false },
    notice: { attribute: false },
    error: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare notice: string;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.notice = "";
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
          Paste the sign-in URL or the token Maestro printed when it started (or run
          <code>maestro token</code> on the machine it runs on).
        </p>
        <div class="field">
          <label for="login-token">Token or sign-in URL</label>
          <input
            id="login-token"
            class="input mono"
            name="token"
            type="password"
            autocomplete="current-password"
            spellcheck="false"
            required
            aria-invalid=${this.#message !== "" ? "true" : "false"}
            aria-describedby=${this.#message !== "" ? "login-error" : ""}
          >
        </div>
        ${this.#message !== ""
          ? html`<p class="alert" id="login-error" role="alert">${this.#message}</p>`
          : ""}
        <div class="dialog-actions">
          <button class="btn primary" type="submit" ?disabled=${this.busy}>Sign in</button>
        </div>
      </form>
    `;
  }

  /** The last attempt's error, or else why the page is signed out. */
  get #message(): string {
    return this.error !== "" ? this.error : this.notice;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.querySelector<HTMLInputElement>("#login-token");
    const token = tokenFromPaste(input?.value ?? "");
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
