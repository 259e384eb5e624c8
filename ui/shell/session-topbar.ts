/**
 * Owns `<session-topbar>`: the bar above the terminal — the drawer toggle on a phone, the open
 * session's name, status and facts, and its actions (mute, notes, split, rename, kill). In a split
 * it is the focused pane's session.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { hostAvailable } from "../hosts/host_status.ts";
import { killIcon, menuIcon, notesIcon, renameIcon, splitIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Host, Session, SessionRef } from "../shared/types.ts";
import { STATUS_TEXT, statusDot } from "../sessions/status_dot.ts";
import { controlReasons } from "./session_controls.ts";

// Imported for its custom element definition.
import "../sessions/mute-button.ts";

/**
 * Properties in: `api`, `selected` (null: nothing open), `session` (its list entry, when known),
 * `host` (the selected session's host), `muted`, `notesOpen`, `drawerOpen`, `sidebarCollapsed`,
 * `listed` (a session list has arrived: a selected session missing from it has ended), `split`
 * (two sessions show side by side). Events out: `drawer-toggle`, `sidebar-expand`,
 * `notes-toggle`, `split-request`, `rename-request` and `kill-request` (detail: the session);
 * the mute button's `mute-change` bubbles through.
 */
export class SessionTopbar extends LightElement {
  static override properties = {
    api: { attribute: false },
    selected: { attribute: false },
    session: { attribute: false },
    host: { attribute: false },
    muted: { attribute: false },
    notesOpen: { attribute: false },
    drawerOpen: { attribute: false },
    sidebarCollapsed: { attribute: false },
    listed: { attribute: false },
    split: { attribute: false },
  };

  declare api: ApiClient | null;
  declare selected: SessionRef | null;
  declare session: Session | undefined;
  declare host: Host | undefined;
  declare muted: boolean;
  declare notesOpen: boolean;
  declare drawerOpen: boolean;
  declare sidebarCollapsed: boolean;
  declare listed: boolean;
  declare split: boolean;

  constructor() {
    super();
    this.api = null;
    this.selected = null;
    this.session = undefined;
    this.host = undefined;
    this.muted = false;
    this.notesOpen = false;
    this.drawerOpen = false;
    this.sidebarCollapsed = false;
    this.listed = false;
    this.split = false;
  }

  override render(): TemplateResult {
    return html`
      <header class="topbar">
        <button
          class="btn ghost drawer-toggle"
          type="button"
          aria-controls="sidebar"
          aria-expanded=${this.drawerOpen ? "true" : "false"}
          @click=${() => this.emit("drawer-toggle")}
        >${menuIcon}<span>Sessions</span></button>
        ${this.sidebarCollapsed
          ? html`
            <button
              class="btn ghost icon sidebar-expand"
              type="button"
              aria-label="Show sidebar"
              aria-controls="sidebar"
              aria-expanded="false"
              title="Show the sidebar"
              @click=${() => this.emit("sidebar-expand")}
            >${menuIcon}</button>
          `
          : nothing}
        ${this.selected === null ? html`<div class="topbar-title"></div>` : this.#renderSession(
          this.selected,
        )}
      </header>
    `;
  }

  #renderSession(selected: SessionRef): TemplateResult {
    const session = this.session;
    const available = hostAvailable(this.host);
    const facts = session === undefined ? "" : [
      available
        ? STATUS_TEXT[session.status]
        : `Unavailable: ${this.host?.name ?? selected.host} is offline`,
      session.command,
      session.cwd,
      selected.host !== "local" && available ? this.host?.name ?? selected.host : "",
    ].filter(Boolean).join(" · ");
    const reasons = controlReasons({
      name: selected.name,
      status: session?.status ?? (this.listed ? null : "idle"),
      offlineHost: available ? null : this.host?.name ?? selected.host,
    });
    return html`
      <div class="topbar-title">
        ${session && available ? statusDot(session.status, session.statusRule) : nothing}
        <h2>${selected.name}</h2>
        <span class="meta">${facts}</span>
      </div>
      <div class="topbar-actions">
        <mute-button
          .api=${this.api}
          .ref=${selected}
          .muted=${this.muted}
          .disabledReason=${reasons.mute ?? ""}
        ></mute-button>
        <button
          class="btn ghost"
          type="button"
          aria-label="Notes"
          aria-pressed=${this.notesOpen ? "true" : "false"}
          ?disabled=${reasons.notes !== null}
          title=${reasons.notes ?? "Notes on this session"}
          @click=${() => this.emit("notes-toggle")}
        >${notesIcon}<span class="label">Notes</span></button>
        <button
          class="btn ghost split-toggle"
          type="button"
          aria-label="Split"
          aria-pressed=${this.split ? "true" : "false"}
          title=${this.split
            ? "Open another session in the pane beside this one"
            : "Open another session beside this one (split view)"}
          @click=${() => this.emit("split-request")}
        >${splitIcon}<span class="label">Split</span></button>
        <button
          class="btn ghost"
          type="button"
          aria-label="Rename"
          ?disabled=${reasons.rename !== null}
          title=${reasons.rename ?? "Rename session"}
          @click=${() => this.emit("rename-request", selected)}
        >${renameIcon}<span class="label">Rename</span></button>
        <button
          class="btn ghost"
          type="button"
          aria-label="Kill"
          ?disabled=${reasons.kill !== null}
          title=${reasons.kill ?? "Kill session"}
          @click=${() => this.emit("kill-request", selected)}
        >${killIcon}<span class="label">Kill</span></button>
      </div>
    `;
  }
}

customElements.define("session-topbar", SessionTopbar);

declare global {
  interface HTMLElementTagNameMap {
    "session-topbar": SessionTopbar;
  }
}
