/**
 * Owns `<app-sidebar>`: the sidebar's frame around the session tree — the brand and New session,
 * the tool row (search, broadcast, overview), the notification offer, and the foot (live state,
 * this machine, Settings). It asks; the app decides.
 */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import type { EventsState } from "../sessions/events_connection.ts";
import { NO_RESTORABLE, type RestorableState } from "../sessions/restorable_store.ts";
import {
  broadcastIcon,
  chevronIcon,
  logoIcon,
  overviewIcon,
  plusIcon,
  searchIcon,
  settingsIcon,
} from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Health, Host, Session } from "../shared/types.ts";
import { waitingCount } from "../attention/waiting_watch.ts";
import { isMac } from "./shortcuts.ts";

// Imported for their custom element definitions.
import "../attention/notify-prompt.ts";
import "../sessions/session-tree.ts";

/**
 * Properties in: the live list (`sessions`, `hosts`, `muted`), the vanished sessions
 * (`restorable`), `selected` (a session key),
 * `broadcast` (ticked keys, null when off), `health`, `eventsState`, and which views are open.
 * Events out: `new-session`, `open-search`, `toggle-broadcast`, `toggle-overview`,
 * `toggle-settings`, `open-shortcuts`, `sidebar-collapse`; and the tree's `session-select`,
 * `broadcast-change` and its Restorable part's requests bubble through.
 */
export class AppSidebar extends LightElement {
  static override properties = {
    sessions: { attribute: false },
    hosts: { attribute: false },
    muted: { attribute: false },
    restorable: { attribute: false },
    selected: { attribute: false },
    broadcast: { attribute: false },
    health: { attribute: false },
    eventsState: { attribute: false },
    overviewOpen: { attribute: false },
    inboxOpen: { attribute: false },
    settingsOpen: { attribute: false },
  };

  declare sessions: Session[];
  declare hosts: Host[];
  declare muted: ReadonlySet<string>;
  declare restorable: RestorableState;
  declare selected: string | null;
  declare broadcast: Set<string> | null;
  declare health: Health | null;
  declare eventsState: EventsState;
  declare overviewOpen: boolean;
  declare inboxOpen: boolean;
  declare settingsOpen: boolean;

  constructor() {
    super();
    this.sessions = [];
    this.hosts = [];
    this.muted = new Set();
    this.restorable = NO_RESTORABLE;
    this.selected = null;
    this.broadcast = null;
    this.health = null;
    this.eventsState = "connecting";
    this.overviewOpen = false;
    this.inboxOpen = false;
    this.settingsOpen = false;
  }

  /** The top of the tree: how many need you and are done, opening the inbox. */
  #renderInboxEntry(): TemplateResult {
    const waiting = this.sessions.filter((s) => s.status === "needs-you").length;
    const done = this.sessions.filter((s) => s.status === "done").length;
    return html`
      <button
        class="inbox-entry"
        type="button"
        data-waiting=${waiting > 0 ? "true" : "false"}
        aria-pressed=${this.inboxOpen ? "true" : "false"}
        aria-label=${`Inbox: ${waiting} need${waiting === 1 ? "s" : ""} you, ${done} done`}
        title="Inbox: answer the sessions that need you without opening them"
        @click=${() => this.emit("toggle-inbox")}
      >
        <span class="inbox-entry-label">Inbox</span>
        <span class="inbox-count" data-status="needs-you">${waiting} need${waiting === 1
          ? "s"
          : ""} you</span>
        <span class="inbox-count" data-status="done">${done} done</span>
      </button>
    `;
  }

  /** The primary modifier's name in the hints. */
  get #mod(): string {
    return isMac(navigator.platform) ? "⌘" : "Ctrl";
  }

  override render(): TemplateResult {
    const health = this.health;
    return html`
      <div class="sidebar-head">
        <h1 class="brand">${logoIcon} Maestro</h1>
        <button
          class="btn primary"
          type="button"
          @click=${() => this.emit("new-session")}
          title="New session"
        >${plusIcon}<span>New session</span></button>
        <button
          class="btn ghost icon sidebar-collapse"
          type="button"
          aria-label="Collapse sidebar"
          aria-controls="sidebar"
          aria-expanded="true"
          title="Collapse the sidebar (the terminal takes the width)"
          @click=${() => this.emit("sidebar-collapse")}
        >${chevronIcon}</button>
      </div>
      <div class="sidebar-tools" role="toolbar" aria-label="Session tools">
        <button
          class="btn search-toggle"
          type="button"
          aria-label="Search"
          title="Search the text of every session (${this.#mod}+Shift+F)"
          @click=${() => this.emit("open-search")}
        >${searchIcon}<span>Search</span><kbd>${this.#mod}+Shift+F</kbd></button>
        <button
          class="btn ghost icon broadcast-toggle"
          type="button"
          aria-label="Broadcast"
          title="Broadcast: type once into several sessions"
          aria-pressed=${this.broadcast === null ? "false" : "true"}
          @click=${() => this.emit("toggle-broadcast")}
        >${broadcastIcon}</button>
        <button
          class="btn ghost icon overview-toggle"
          type="button"
          aria-label="Overview"
          title="Overview: every session at a glance"
          aria-pressed=${this.overviewOpen ? "true" : "false"}
          @click=${() => this.emit("toggle-overview")}
        >${overviewIcon}</button>
      </div>
      ${this.#renderInboxEntry()}
      <session-tree
        .sessions=${this.sessions}
        .hosts=${this.hosts}
        .selected=${this.selected}
        .broadcast=${this.broadcast}
        .muted=${this.muted}
        .restorable=${this.restorable}
      ></session-tree>
      <notify-prompt .waiting=${waitingCount(this.sessions, this.muted)}></notify-prompt>
      <div class="sidebar-foot">
        <span class="live" data-state=${this
          .eventsState} role="status">${this.eventsState === "live"
          ? "Live"
          : this.eventsState === "closed"
          ? "Offline"
          : "Reconnecting…"}</span>
        <span
          class="host-info"
          title=${health ? `Maestro ${health.version} · ${health.tmux}` : ""}
        >${health ? `${health.host.name} · ${health.tmux}` : ""}</span>
        <button
          class="btn ghost icon shortcuts-toggle"
          type="button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          @click=${() => this.emit("open-shortcuts")}
        >?</button>
        <button
          class="btn ghost icon settings-toggle"
          type="button"
          aria-label="Settings"
          title="Settings: hosts, notifications"
          aria-pressed=${this.settingsOpen ? "true" : "false"}
          @click=${() => this.emit("toggle-settings")}
        >${settingsIcon}</button>
      </div>
    `;
  }
}

customElements.define("app-sidebar", AppSidebar);

declare global {
  interface HTMLElementTagNameMap {
    "app-sidebar": AppSidebar;
  }
}
