/** Owns `<new-session-dialog>`: the form that creates a session (name, host, directory, command). */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { CreateSessionInput } from "../shared/api_client.ts";
import { DialogElement } from "../shared/dialog_element.ts";
import { HOST_STATE_TEXT, hostStateKind, offlineReason } from "../hosts/host_status.ts";
import { nameField } from "./name_field.ts";
import { nameProblem } from "./name_rule.ts";
import type { Host, Session } from "../shared/types.ts";

/** Commands offered with one click; "Shell" runs the user's login shell. */
export const COMMAND_PRESETS: { label: string; command: string }[] = [
  { label: "Shell", command: "" },
  { label: "claude", command: "claude" },
  { label: "codex", command: "codex" },
  { label: "aider", command: "aider" },
];

/** Properties in: `api`, `hosts`. Events out: `session-created` with the new `Session`. */
export class NewSessionDialog extends DialogElement {
  static override properties = {
    ...DialogElement.properties,
    hosts: { attribute: false },
    name: { state: true },
    host: { state: true },
    cwd: { state: true },
    command: { state: true },
    touched: { state: true },
  };

  declare hosts: Host[];
  declare name: string;
  declare host: string;
  declare cwd: string;
  declare command: string;
  declare touched: boolean;

  constructor() {
    super();
    this.hosts = [];
    this.name = "";
    this.host = "local";
    this.cwd = "";
    this.command = "";
    this.touched = false;
  }

  /** Open empty, optionally with a name prefix (e.g. a group's "acme-web-"). */
  async open(prefix = ""): Promise<void> {
    this.name = prefix;
    this.host = this.#defaultHost();
    this.cwd = "";
    this.command = "";
    this.touched = false;
    await this.show("#new-name");
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
    return html`
      <dialog aria-labelledby="new-session-title">
        <form @submit=${this.#submit} novalidate>
          <h2 id="new-session-title">New session</h2>
          ${nameField({
            id: "new-name",
            label: "Name",
            value: this.name,
            problem,
            placeholder: "customer-project-task",
            extraHint:
              html`. Dashes make groups: <code>acme-web-frontend</code> shows as acme ▸ web ▸
              frontend.`,
            onInput: (value) => {
              this.name = value;
              this.touched = true;
              this.serverError = "";
            },
          })}
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
          ${this.renderServerError()} ${this.renderActions("Create", "primary")}
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
    const created = await this.act(
      (api) => api.createSession(input),
      (session) => this.emit<Session>("session-created", session),
    );
    if (!created) this.querySelector<HTMLInputElement>("#new-name")?.focus();
  };
}

customElements.define("new-session-dialog", NewSessionDialog);

declare global {
  interface HTMLElementTagNameMap {
    "new-session-dialog": NewSessionDialog;
  }
}
