/**
 * Owns `<settings-view>`: the Settings page over the terminal area: hosts (their state, adding
 * one, tested by the server first, editing, enabling, disabling, removing), notifications and
 * signing out.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import type { HostSavedDetail } from "../hosts/host-form.ts";
import {
  hostStateKind,
  hostStateSentence,
  sameHostIds,
  withLiveState,
} from "../hosts/host_status.ts";
import { closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { RemoveHostDialog } from "../hosts/remove-host-dialog.ts";
import type { Host, HostDetails } from "../shared/types.ts";

// Imported for their custom element definitions.
import "../hosts/host-form.ts";
import "../attention/notification-settings.ts";
import "../hosts/remove-host-dialog.ts";
import "./sign-in-settings.ts";

function connectionText(host: HostDetails): string {
  if (host.url === null) return "";
  if (!host.tls) return "HTTP, not encrypted: across networks, use a VPN or an SSH tunnel";
  return host.trustsCustomCa ? "HTTPS, with its own trusted certificate" : "HTTPS";
}

/**
 * Properties in: `api`, `hosts` (the live host states from the session list). Events out:
 * `settings-close`.
 */
export class SettingsView extends LightElement {
  static override properties = {
    api: { attribute: false },
    hosts: { attribute: false },
    details: { state: true },
    loadError: { state: true },
    editing: { state: true },
    busyHost: { state: true },
    hostErrors: { state: true },
    notice: { state: true },
    now: { state: true },
  };

  declare api: ApiClient | null;
  declare hosts: Host[];
  declare details: HostDetails[] | null;
  declare loadError: string;
  declare editing: string | null;
  declare busyHost: string | null;
  declare hostErrors: Record<string, string>;
  declare notice: string;
  declare now: number;
  #loading = false;
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.api = null;
    this.hosts = [];
    this.details = null;
    this.loadError = "";
    this.editing = null;
    this.busyHost = null;
    this.hostErrors = {};
    this.notice = "";
    this.now = Date.now() / 1000;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => (this.now = Date.now() / 1000), 10_000);
    this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** Put the focus in the view (its heading), for keyboard and screen reader users. */
  async focusView(): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>("#settings-title")?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hosts")) this.now = Date.now() / 1000;
    // A host was added or removed elsewhere (the CLI, another tab): fetch the details again.
    if (changed.has("hosts") && this.details !== null && !sameHostIds(this.details, this.hosts)) {
      this.#load();
    }
  }

  async #load(): Promise<void> {
    if (this.api === null || this.#loading) return;
    this.#loading = true;
    try {
      this.details = await this.api.hosts();
      this.loadError = "";
    } catch (error) {
      this.loadError = `Cannot load the hosts: ${(error as Error).message}`;
    } finally {
      this.#loading = false;
    }
  }

  override render(): TemplateResult {
    const hosts = this.details === null ? null : withLiveState(this.details, this.hosts);
    return html`
      <section class="settings" aria-labelledby="settings-title">
        <header class="settings-head">
          <h2 id="settings-title" tabindex="-1">Settings</h2>
          <button
            class="btn ghost"
            type="button"
            aria-label="Close settings"
            @click=${() => this.emit("settings-close")}
          >${closeIcon}<span>Close</span></button>
        </header>
        <div class="settings-scroll">
          <section class="settings-section" aria-labelledby="hosts-title">
            <h3 id="hosts-title">Hosts</h3>
            <p class="hint">
              This dashboard shows the tmux sessions of every host below. To add a machine, run
              <code>maestro worker</code> on it: it prints the URL and the token to enter here.
              Across networks, reach it through Tailscale, WireGuard or an SSH tunnel.
            </p>
            ${this.loadError === ""
              ? nothing
              : html`<p class="alert" role="alert">${this.loadError}</p>`}
            ${hosts === null ? html`<p class="hint" role="status">Loading hosts…</p>` : html`
              <ul class="host-list" aria-label="Hosts">
                ${hosts.map((host) => this.#renderHost(host))}
              </ul>
            `}
            <p class="notice" role="status">${this.notice}</p>
          </section>
          <section class="settings-section" aria-labelledby="add-host-title">
            <h3 id="add-host-title">Add a host</h3>
            <host-form
              .api=${this.api}
              .host=${null}
              @host-saved=${(e: CustomEvent<HostSavedDetail>) => this.#saved(e.detail)}
            ></host-form>
          </section>
          <notification-settings></notification-settings>
          <sign-in-settings .api=${this.api}></sign-in-settings>
        </div>
      </section>
      <remove-host-dialog
        .api=${this.api}
        @host-removed=${(e: CustomEvent<string>) => this.#removed(e.detail)}
      ></remove-host-dialog>
    `;
  }

  #renderHost(host: HostDetails): TemplateResult {
    const kind = hostStateKind(host);
    const local = host.url === null;
    const titleId = `host-${host.id}-name`;
    const busy = this.busyHost === host.id;
    const error = this.hostErrors[host.id];
    const sessions = `${host.sessionCount} session${host.sessionCount === 1 ? "" : "s"}`;
    return html`
      <li class="host-card" aria-labelledby=${titleId} data-host=${host.id} data-state=${kind}>
        <div class="host-card-main">
          <span class="host-dot" data-state=${kind} aria-hidden="true"></span>
          <div class="host-card-text">
            <div class="host-card-title">
              <strong id=${titleId}>${host.name}</strong>
              ${local
                ? html`<span class="badge">This machine</span>`
                : html`<span class="host-url">${host.url}</span>`}
            </div>
            <p class="host-card-state" data-state=${kind}>
              <span class="visually-hidden">Status:</span>
              ${hostStateSentence(host, this.now)}
            </p>
            <p class="host-card-facts">
              ${[kind === "disabled" ? "" : sessions, connectionText(host)].filter(Boolean)
                .join(" · ")}
            </p>
          </div>
          ${local ? nothing : html`
            <div class="host-card-actions" role="group" aria-label=${`Actions for ${host.name}`}>
              <button
                class="btn"
                type="button"
                aria-expanded=${this.editing === host.id ? "true" : "false"}
                @click=${() => this.#toggleEdit(host.id)}
              >Edit</button>
              <button
                class="btn"
                type="button"
                ?disabled=${busy}
                title=${host.enabled
                  ? "Stop relaying this host (its sessions leave the sidebar)"
                  : "Relay this host again"}
                @click=${() => this.#setEnabled(host, !host.enabled)}
              >${host.enabled ? "Disable" : "Enable"}</button>
              <button
                class="btn danger-outline"
                type="button"
                @click=${() =>
                  this.querySelector<RemoveHostDialog>("remove-host-dialog")?.open(host)}
              >Remove</button>
            </div>
          `}
        </div>
        ${error === undefined ? nothing : html`<p class="alert" role="alert">${error}</p>`}
        ${this.editing === host.id
          ? html`
            <host-form
              .api=${this.api}
              .host=${host}
              @host-saved=${(e: CustomEvent<HostSavedDetail>) => this.#saved(e.detail)}
              @host-form-cancel=${() => (this.editing = null)}
            ></host-form>
          `
          : nothing}
      </li>
    `;
  }

  async #toggleEdit(id: string): Promise<void> {
    this.editing = this.editing === id ? null : id;
    if (this.editing === null) return;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`li[data-host="${CSS.escape(id)}"] host-form input`)?.focus();
  }

  #replace(host: HostDetails): void {
    const details = this.details ?? [];
    this.details = details.some((h) => h.id === host.id)
      ? details.map((h) => (h.id === host.id ? host : h))
      : [...details, host];
  }

  #clearError(id: string): void {
    if (!(id in this.hostErrors)) return;
    const { [id]: _gone, ...rest } = this.hostErrors;
    this.hostErrors = rest;
  }

  async #setEnabled(host: HostDetails, enabled: boolean): Promise<void> {
    if (this.api === null) return;
    this.busyHost = host.id;
    this.#clearError(host.id);
    try {
      this.#replace(await this.api.updateHost(host.id, { enabled }));
      this.notice = `${host.name} is ${enabled ? "enabled" : "disabled"}.`;
    } catch (error) {
      this.hostErrors = {
        ...this.hostErrors,
        [host.id]: `Cannot ${enabled ? "enable" : "disable"} ${host.name}: ${
          (error as Error).message
        }`,
      };
    } finally {
      this.busyHost = null;
    }
  }

  #saved({ host, added }: HostSavedDetail): void {
    this.#replace(host);
    this.#clearError(host.id);
    this.editing = null;
    this.notice = added
      ? `Added ${host.name}: its sessions appear in the sidebar.`
      : `Saved ${host.name}.`;
    this.#load();
  }

  #removed(id: string): void {
    const name = this.details?.find((h) => h.id === id)?.name ?? id;
    this.details = (this.details ?? []).filter((h) => h.id !== id);
    if (this.editing === id) this.editing = null;
    this.#clearError(id);
    this.notice = `Removed ${name}.`;
    this.#load();
  }
}

customElements.define("settings-view", SettingsView);

declare global {
  interface HTMLElementTagNameMap {
    "settings-view": SettingsView;
  }
}
