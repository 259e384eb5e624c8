/** Owns `<new-session-dialog>`: the form that creates a session (name, host, directory, command). */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient, CreateSessionInput } from "./api_client.ts";
import { HOST_STATE_TEXT, hostStateKind, offlineReason } from "./host_status.ts";
import { LightElement } from "./light_element.ts";
import { NAME_RULE_TEXT, nameProblem } from "./name_rule.ts";
import type { Host, Session } from "./types.ts";

/** Commands offered with one click; "Shell" runs the user's login shell. */
export const COMMAND_PRESETS: { label: string; command: string }[] = [
  { label: "Shell", command: "" },
  { label: "claude", command: "claude" },
  { label: "codex", command: "codex" },
  { label: "aider", command: "aider" },
];

/** Properties in: `api`, `hosts`. Events out: `session-created` with the new `Session`. */
export class NewSessionDialog extends LightElement {
  static override properties = {
    api: { attribute: false },
    hosts: { attribute: false },
    name: { state: true },
    host: { state: true },
    cwd: { state: true },
    command: { state: true },
    touched: { state: true },
    serverError: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare hosts: Host[];
  declare name: string;
  declare host: string;
  declare cwd: string;
  declare command: string;
  declare touched: boolean;
  declare serverError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.hosts = [];
    this.name = "";
    this.host = "local";
    this.cwd = "";
    this.command = "";
    this.touched = false;
    this.serverError = "";
    this.busy = false;
  }

  /** Open empty, optionally with a name prefix (e.g. a group's "acme-web-"). */
  async open(prefix = ""): Promise<void> {
    this.name = prefix;
    this.host = this.#defaultHost();
    this.cwd = "";
    this.command = "";
    this.touched = false;
    this.serverError = "";
    this.busy = false;
    await this.updateComplete;
    this.querySelector("dialog")?.showModal();
    this.querySelector<HTMLInputElement>("#new-name")?.focus();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  /** Sessions can be created only on hosts that are online now. */
  get #onlineHosts(): Host[] {
    return this.hosts.filter((host) => host.status === "online");
  }

  #defaultHost(): string {
    const online = this.#onlineHosts;
    return online.find((h) => h.id === "local")?.id ?? online[0]?.id ?? "local";
  }

  protected override willUpdate(): void {
    // The chosen host went offline (or was removed) while the dialog was open.
    if (!this.#onlineHosts.some((host) => host.id === this.host)) this.host = this.#defaultHost();
  }

  override render(): TemplateResult {
    const problem = this.touched ? nameProblem(this.name) : null;
    const describedBy = ["new-name-rule", problem ? "new-name-error" : ""].filter(Boolean).join(
      " ",
    );
    return html`
      <dialog aria-labelledby="new-session-title">
        <form @submit=${this.#submit} novalidate>
          <h2 id="new-session-title">New session</h2>
          <div class="field">
            <label for="new-name">Name</label>
            <input
              id="new-name"
              class="input mono"
              autocomplete="off"
              spellcheck="false"
              maxlength="64"
              placeholder="customer-project-task"
              .value=${this.name}
              aria-invalid=${problem ? "true" : "false"}
              aria-describedby=${describedBy}
              @input=${(e: Event) => {
                this.name = (e.target as HTMLInputElement).value;
                this.touched = true;
                this.serverError = "";
              }}
            >
            <span class="hint" id="new-name-rule">
              ${NAME_RULE_TEXT}. Dashes make groups: <code>acme-web-frontend</code> shows as acme ▸
              web ▸ frontend.
            </span>
            ${problem
              ? html`<span class="field-error" id="new-name-error">${problem}</span>`
              : nothing}
          </div>
          ${this.#renderHostField()}
          <div class="field">
            <label for="new-cwd">Working directory</label>
            <input
              id="new-cwd"
              class="input mono"
              autocomplete="off"
              spellcheck="false"
              placeholder="/path/to/project (optional)"
              .value=${this.cwd}
              @input=${(e: Event) => (this.cwd = (e.target as HTMLInputElement).value)}
            >
          </div>
          <div class="field">
            <label for="new-command">Command</label>
            <input
              id="new-command"
              class="input mono"
              autocomplete="off"
              spellcheck="false"
              placeholder="empty: a shell"
              .value=${this.command}
              @input=${(e: Event) => (this.command = (e.target as HTMLInputElement).value)}
            >
            <div class="presets" role="group" aria-label="Command presets">
              ${COMMAND_PRESETS.map((preset) =>
                html`
                  <button
                    class="btn"
                    type="button"
                    aria-pressed=${this.command.trim() === preset.command ? "true" : "false"}
                    @click=${() => (this.command = preset.command)}
                  >${preset.label}</button>
                `
              )}
            </div>
          </div>
          ${this.serverError !== ""
            ? html`<p class="alert" role="alert">${this.serverError}</p>`
            : nothing}
          <div class="dialog-actions">
            <button class="btn" type="button" @click=${() => this.close()}>Cancel</button>
            <button class="btn primary" type="submit" ?disabled=${this.busy}>Create</button>
          </div>
        </form>
      </dialog>
    `;
  }

  #renderHostField(): TemplateResult {
    const online = this.#onlineHosts;
    const unavailable = this.hosts.filter((host) => host.status !== "online");
    const note = unavailable.map((host) => {
      const reason = offlineReason(host);
      return `${host.name} (${HOST_STATE_TEXT[hostStateKind(host)].toLowerCase()}${
        reason === "" ? "" : `: ${reason}`
      })`;
    }).join(", ");
    return html`
      <div class="field">
        <label for="new-host">Host</label>
        <select
          id="new-host"
          class="select"
          ?disabled=${online.length <= 1}
          aria-describedby=${note === "" ? nothing : "new-host-unavailable"}
          @change=${(e: Event) => (this.host = (e.target as HTMLSelectElement).value)}
        >
          ${online.length === 0
            ? html`<option value="local">local</option>`
            : online.map((host) =>
              html`<option value=${host.id} ?selected=${
                host.id === this.host
              }>${host.name}</option>`
            )}
        </select>
        ${note === ""
          ? nothing
          : html`<span class="hint" id="new-host-unavailable">Not available now: ${note}</span>`}
      </div>
    `;
  }

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    this.touched = true;
    const name = this.name.trim();
    this.name = name;
    if (nameProblem(name) !== null || this.api === null) {
      this.querySelector<HTMLInputElement>("#new-name")?.focus();
      return;
    }
    const input: CreateSessionInput = { name, host: this.host };
    if (this.cwd.trim() !== "") input.cwd = this.cwd.trim();
    if (this.command.trim() !== "") input.command = this.command.trim();
    this.busy = true;
    this.serverError = "";
    try {
      const session = await this.api.createSession(input);
      this.close();
      this.emit<Session>("session-created", session);
    } catch (error) {
      this.serverError = (error as Error).message;
      this.querySelector<HTMLInputElement>("#new-name")?.focus();
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("new-session-dialog", NewSessionDialog);

declare global {
  interface HTMLElementTagNameMap {
    "new-session-dialog": NewSessionDialog;
  }
}
