/** Owns `<host-form>`: adding a worker (tested by the server first) or editing one. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { type ApiClient, ApiError } from "../shared/api_client.ts";
import {
  errorField,
  HOST_NAME_RULE,
  type HostField,
  hostFormProblems,
  type HostFormValues,
  hostInput,
  hostPatch,
  type HostProblems,
  patchRetests,
} from "./host_input.ts";
import { LightElement } from "../shared/light_element.ts";
import type { HostDetails } from "../shared/types.ts";

let instances = 0;

const EMPTY: HostFormValues = { name: "", url: "", token: "", ca: "", forgetCa: false };

export interface HostSavedDetail {
  host: HostDetails;
  added: boolean;
}

/**
 * Properties in: `api`, `host` (null: add a host; a host: edit it). Events out: `host-saved`
 * with `HostSavedDetail`, `host-form-cancel` (editing only).
 */
export class HostForm extends LightElement {
  static override properties = {
    api: { attribute: false },
    host: { attribute: false },
    values: { state: true },
    touched: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare host: HostDetails | null;
  declare values: HostFormValues;
  declare touched: boolean;
  declare serverError: { code: string; message: string; field: HostField | null } | null;
  declare busy: "testing" | "saving" | null;
  readonly #id = `host-form-${++instances}`;
  #editing: string | null = null;

  constructor() {
    super();
    this.api = null;
    this.host = null;
    this.values = { ...EMPTY };
    this.touched = false;
    this.serverError = null;
    this.busy = null;
  }

  /** Put the focus on the first field. */
  focusFirst(): void {
    this.querySelector<HTMLInputElement>(`#${this.#id}-name`)?.focus();
  }

  protected override willUpdate(): void {
    // Start an edit from the host's current values (never its token: the server keeps that).
    const id = this.host?.id ?? null;
    if (id !== this.#editing) {
      this.#editing = id;
      this.values = this.host === null
        ? { ...EMPTY }
        : { ...EMPTY, name: this.host.name, url: this.host.url ?? "" };
      this.touched = false;
      this.serverError = null;
    }
  }

  override render(): TemplateResult {
    const adding = this.host === null;
    const problems: HostProblems = this.touched
      ? hostFormProblems(this.values, adding ? "add" : "edit")
      : {};
    const label = adding ? "Add a host" : `Edit ${this.host?.name ?? ""}`;
    return html`
      <form
        class="host-form"
        aria-label=${label}
        aria-busy=${this.busy === null ? "false" : "true"}
        novalidate
        @submit=${this.#submit}
      >
        <div class="host-form-grid">
          ${this.#field(
            "name",
            "Host name",
            problems,
            html`
              <input
                id=${`${this.#id}-name`}
                class="input"
                autocomplete="off"
                spellcheck="false"
                maxlength="32"
                placeholder="mac-mini"
                .value=${this.values.name}
                @input=${this.#input("name")}
              >
            `,
            adding ? `How the sidebar names it: ${HOST_NAME_RULE}` : "",
          )}
          ${this.#field(
            "url",
            "URL",
            problems,
            html`
              <input
                id=${`${this.#id}-url`}
                class="input mono"
                type="url"
                inputmode="url"
                autocomplete="off"
                spellcheck="false"
                placeholder="http://mac-mini.tailnet:23000"
                .value=${this.values.url}
                @input=${this.#input("url")}
              >
            `,
            html`The worker's address, as <code>maestro worker</code> prints it`,
          )}
          ${this.#field(
            "token",
            "Token",
            problems,
            html`
              <input
                id=${`${this.#id}-token`}
                class="input mono"
                type="password"
                autocomplete="off"
                spellcheck="false"
                placeholder=${adding ? "" : "unchanged"}
                .value=${this.values.token}
                @input=${this.#input("token")}
              >
            `,
            adding
              ? html`
                Run <code>maestro token</code> on that machine. It stays on this server, never in
                the page.
              `
              : "Leave empty to keep the current token",
          )}
          ${this.#field(
            "ca",
            "Certificate (PEM)",
            problems,
            html`
              <textarea
                id=${`${this.#id}-ca`}
                class="textarea mono"
                rows="3"
                spellcheck="false"
                placeholder="-----BEGIN CERTIFICATE-----"
                .value=${this.values.ca}
                @input=${this.#input("ca")}
              ></textarea>
              <div class="ca-tools">
                <label class="btn file-btn">
                  Load certificate file
                  <input
                    class="visually-hidden"
                    type="file"
                    accept=".pem,.crt,.cer,application/x-pem-file"
                    @change=${this.#loadFile}
                  >
                </label>
                ${!adding && this.host?.trustsCustomCa
                  ? html`
                    <label class="check">
                      <input
                        type="checkbox"
                        .checked=${this.values.forgetCa}
                        @change=${(e: Event) =>
                          this.#set({ forgetCa: (e.target as HTMLInputElement).checked })}
                      >
                      Stop trusting the stored certificate
                    </label>
                  `
                  : nothing}
              </div>
            `,
            html`
              Optional. Only for an <code>https://</code> worker with a self-signed certificate:
              its <code>--tls-cert</code> file.
            `,
            true,
          )}
        </div>
        ${this.serverError === null ? nothing : html`
          <p class="alert" role="alert" id=${`${this.#id}-server-error`}>
            ${this.serverError.message}
          </p>
        `}
        <div class="dialog-actions">
          ${this.busy === "testing"
            ? html`<span class="hint busy-note" role="status">
              Checking that the host answers, accepts the token and speaks this version…
            </span>`
            : nothing}
          ${adding ? nothing : html`
            <button class="btn" type="button" @click=${() => this.emit("host-form-cancel")}>
              Cancel
            </button>
          `}
          <button class="btn primary" type="submit" ?disabled=${this.busy !== null}>
            ${this.busy === "testing"
              ? "Testing…"
              : this.busy === "saving"
              ? "Saving…"
              : adding
              ? "Add host"
              : "Save"}
          </button>
        </div>
      </form>
    `;
  }

  #field(
    field: HostField,
    label: string,
    problems: HostProblems,
    control: TemplateResult,
    hint: TemplateResult | string,
    wide = false,
  ): TemplateResult {
    const problem = problems[field];
    return html`
      <div class="field ${wide ? "wide" : ""}" data-field=${field}>
        <label for=${`${this.#id}-${field}`}>${label}</label>
        ${control}
        ${hint === ""
          ? nothing
          : html`<span class="hint" id=${`${this.#id}-${field}-hint`}>${hint}</span>`}
        ${problem === undefined
          ? nothing
          : html`<span class="field-error" id=${`${this.#id}-${field}-error`}>${problem}</span>`}
      </div>
    `;
  }

  protected override updated(): void {
    // aria-invalid / aria-describedby for every field, from the client's checks and the server.
    const problems: HostProblems = this.touched
      ? hostFormProblems(this.values, this.host === null ? "add" : "edit")
      : {};
    for (const field of ["name", "url", "token", "ca"] as HostField[]) {
      const control = this.querySelector<HTMLElement>(`#${this.#id}-${field}`);
      if (control === null) continue;
      const serverSays = this.serverError?.field === field;
      const invalid = problems[field] !== undefined || serverSays;
      control.setAttribute("aria-invalid", invalid ? "true" : "false");
      const describedBy = [
        this.querySelector(`#${this.#id}-${field}-hint`) ? `${this.#id}-${field}-hint` : "",
        problems[field] !== undefined ? `${this.#id}-${field}-error` : "",
        serverSays ? `${this.#id}-server-error` : "",
      ].filter(Boolean).join(" ");
      if (describedBy === "") control.removeAttribute("aria-describedby");
      else control.setAttribute("aria-describedby", describedBy);
    }
  }

  #set(patch: Partial<HostFormValues>): void {
    this.values = { ...this.values, ...patch };
    this.serverError = null;
  }

  #input(field: "name" | "url" | "token" | "ca") {
    return (event: Event) => {
      this.#set({ [field]: (event.target as HTMLInputElement | HTMLTextAreaElement).value });
    };
  }

  #loadFile = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) return;
    this.#set({ ca: await file.text(), forgetCa: false });
    input.value = "";
  };

  #focus(field: HostField): void {
    this.updateComplete.then(() =>
      this.querySelector<HTMLElement>(`#${this.#id}-${field}`)?.focus()
    );
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.api === null || this.busy !== null) return;
    this.touched = true;
    const host = this.host;
    const problems = hostFormProblems(this.values, host === null ? "add" : "edit");
    const first = (["name", "url", "token", "ca"] as HostField[]).find((f) => problems[f]);
    if (first !== undefined) {
      this.#focus(first);
      return;
    }
    this.serverError = null;
    try {
      let saved: HostDetails;
      if (host === null) {
        this.busy = "testing";
        saved = await this.api.addHost(hostInput(this.values));
        this.values = { ...EMPTY };
        this.touched = false;
      } else {
        const patch = hostPatch(host, this.values);
        if (Object.keys(patch).length === 0) {
          this.emit("host-form-cancel");
          return;
        }
        this.busy = patchRetests(patch) ? "testing" : "saving";
        saved = await this.api.updateHost(host.id, patch);
      }
      this.emit<HostSavedDetail>("host-saved", { host: saved, added: host === null });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "error";
      const message = (error as Error).message;
      const field = errorField(code, message);
      this.serverError = { code, message, field };
      if (field !== null) this.#focus(field);
    } finally {
      this.busy = null;
    }
  };
}

customElements.define("host-form", HostForm);

declare global {
  interface HTMLElementTagNameMap {
    "host-form": HostForm;
  }
}
