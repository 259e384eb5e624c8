/**
 * Owns `<maestro-app>`: sign-in state, the live session list, which session is open, the
 * recently viewed terminals kept alive, and wiring the sidebar, terminal, notes and dialogs.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { ApiClient, ApiError } from "../shared/api_client.ts";
import { EventsConnection, type EventsState } from "../sessions/events_connection.ts";
import { hostAvailable } from "../hosts/host_status.ts";
import type { BroadcastBar } from "../broadcast/broadcast-bar.ts";
import {
  broadcastIcon,
  killIcon,
  logoIcon,
  menuIcon,
  notesIcon,
  overviewIcon,
  plusIcon,
  renameIcon,
  searchIcon,
  settingsIcon,
} from "../shared/icons.ts";
import { type BarKey, keyBytes } from "../terminal/key_bytes.ts";
import type { KillDialog } from "../sessions/kill-dialog.ts";
import { LightElement } from "../shared/light_element.ts";
import type { MuteChangeDetail } from "../sessions/mute-button.ts";
import type { NewSessionDialog } from "../sessions/new-session-dialog.ts";
import type { NotesPanel } from "../sessions/notes-panel.ts";
import type { OverviewView } from "../overview/overview-view.ts";
import type { QuickSwitcher } from "../sessions/quick-switcher.ts";
import { RecentList } from "../sessions/recent_list.ts";
import type { RenameDialog, SessionRenamedDetail } from "../sessions/rename-dialog.ts";
import type { SearchPanel, SearchSelectDetail } from "../search/search-panel.ts";
import type { SessionTree } from "../sessions/session-tree.ts";
import type { SettingsView } from "../settings/settings-view.ts";
import { socketUrl } from "../shared/socket.ts";
import { STATUS_TEXT, statusDot } from "../sessions/status_dot.ts";
import type { TerminalRenamedDetail, TerminalView } from "../terminal/terminal-view.ts";
import type { Health, Host, Session, SessionList, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";
import { setFaviconBadge, WaitingAlerts } from "../attention/waiting_alerts.ts";
import { badgeTitle, waitingCount } from "../attention/waiting_watch.ts";

// Imported for their custom element definitions.
import "../broadcast/broadcast-bar.ts";
import "../sessions/kill-dialog.ts";
import "../terminal/key-bar.ts";
import "../sessions/mute-button.ts";
import "../attention/notify-prompt.ts";
import "../sessions/new-session-dialog.ts";
import "../sessions/notes-panel.ts";
import "../overview/overview-view.ts";
import "../sessions/quick-switcher.ts";
import "../sessions/rename-dialog.ts";
import "../search/search-panel.ts";
import "../sessions/session-tree.ts";
import "../settings/settings-view.ts";
import "../terminal/terminal-view.ts";
import "./token-login.ts";

/** Terminals kept alive (hidden) for instant switching. */
export const KEEP_TERMINALS = 8;

const NOTES_OPEN_KEY = "maestro.notes.open";

/** The route of the overview (every session's screen at a glance). */
export const OVERVIEW_HASH = "#/overview";

type AuthState = "checking" | "login" | "ready" | "unreachable";

/** A terminal kept open; `uid` is stable across renames so its element is never re-created. */
interface OpenTerminal {
  uid: string;
  host: string;
  name: string;
  /** tmux's session id once the session was seen in a list: it survives renames. */
  id: string | null;
}

/** `#/local/acme-web` → the session it names. */
/**
 * The token of the URL Maestro printed (`/?token=…`), removed from the address bar and history
 * at once; null when the page was opened without one.
 */
function takeLandingToken(): string | null {
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  if (token === null) return null;
  params.delete("token");
  const query = params.size > 0 ? `?${params}` : "";
  history.replaceState(history.state, "", `${location.pathname}${query}${location.hash}`);
  return token;
}

function refFromHash(hash: string): SessionRef | null {
  const match = /^#\/([^/]+)\/(.+)$/.exec(hash);
  if (match === null) return null;
  try {
    return {
      host: decodeURIComponent(match[1] as string),
      name: decodeURIComponent(match[2] as string),
    };
  } catch {
    return null;
  }
}

function hashOf(ref: SessionRef): string {
  return `#/${encodeURIComponent(ref.host)}/${encodeURIComponent(ref.name)}`;
}

function sameRef(a: SessionRef | null, b: SessionRef | null): boolean {
  return a !== null && b !== null && a.host === b.host && a.name === b.name;
}

export class MaestroApp extends LightElement {
  static override properties = {
    auth: { state: true },
    health: { state: true },
    unreachableMessage: { state: true },
    sessions: { state: true },
    hosts: { state: true },
    selected: { state: true },
    terminals: { state: true },
    drawerOpen: { state: true },
    notesOpen: { state: true },
    ctrlArmed: { state: true },
    eventsState: { state: true },
    settingsOpen: { state: true },
    broadcastTargets: { state: true },
    muted: { state: true },
    overviewOpen: { state: true },
  };

  declare auth: AuthState;
  declare health: Health | null;
  declare unreachableMessage: string;
  declare sessions: Session[];
  declare hosts: Host[];
  declare selected: SessionRef | null;
  declare terminals: OpenTerminal[];
  declare drawerOpen: boolean;
  declare notesOpen: boolean;
  declare ctrlArmed: boolean;
  declare eventsState: EventsState;
  declare settingsOpen: boolean;
  /** Session keys ticked for broadcasting; null when broadcast mode is off. */
  declare broadcastTargets: Set<string> | null;
  /** Keys of the sessions muted on the server (no notification, not in the title's count). */
  declare muted: ReadonlySet<string>;
  declare overviewOpen: boolean;

  readonly api: ApiClient = new ApiClient();
  #events: EventsConnection | null = null;
  #recent = new RecentList(KEEP_TERMINALS);
  #nextUid = 1;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #checkingAuth = false;
  #alerts = new WaitingAlerts({ onOpen: (ref) => this.#open(ref) });

  constructor() {
    super();
    this.auth = "checking";
    this.health = null;
    this.unreachableMessage = "";
    this.sessions = [];
    this.hosts = [];
    this.selected = null;
    this.terminals = [];
    this.drawerOpen = false;
    this.notesOpen = localStorage.getItem(NOTES_OPEN_KEY) !== "false" &&
      !matchMedia("(max-width: 700px)").matches;
    this.ctrlArmed = false;
    this.eventsState = "connecting";
    this.settingsOpen = false;
    this.broadcastTargets = null;
    this.muted = new Set();
    this.overviewOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("keydown", this.#globalKeydown, true);
    addEventListener("hashchange", this.#hashChanged);
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("keydown", this.#globalKeydown, true);
    removeEventListener("hashchange", this.#hashChanged);
    clearTimeout(this.#retry);
    this.#events?.close();
    this.#events = null;
    this.#alerts[Symbol.dispose]();
  }

  async #start(): Promise<void> {
    clearTimeout(this.#retry);
    const landing = takeLandingToken();
    if (landing !== null) {
      // The printed URL's token: trade it for this page's own credential, then forget it.
      await this.api.login(landing).catch(() => {});
    }
    try {
      this.health = await this.api.health();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.api.forgetCredential();
        this.auth = "login";
      } else {
        this.auth = "unreachable";
        this.unreachableMessage = (error as Error).message;
        this.#retry = setTimeout(() => this.#start(), 3000);
      }
      return;
    }
    this.auth = "ready";
    const fromHash = refFromHash(location.hash);
    if (fromHash !== null) this.#open(fromHash);
    if (location.hash === OVERVIEW_HASH) this.#openOverview();
    this.#events?.close();
    this.#events = new EventsConnection({
      url: socketUrl("/api/events", location),
      onSessions: (list) => this.#applyList(list),
      onMuted: (muted) => this.#setMuted(new Set(muted.map(sessionKey))),
      onState: (state) => {
        this.eventsState = state;
        if (state === "reconnecting") this.#checkAuth();
      },
    });
    this.#events.connect();
    // The socket delivers the list too; fetching it at once makes the first paint quicker.
    this.api.sessions().then((list) => {
      if (this.sessions.length === 0) this.#applyList(list);
    }).catch(() => {});
  }

  /** This browser signed out (Settings): back to the sign-in screen. */
  #signedOut(): void {
    this.#events?.close();
    this.#events = null;
    this.terminals = [];
    this.selected = null;
    this.settingsOpen = false;
    this.auth = "login";
  }

  /** The events socket dropped: if the credential is no longer good, show the sign-in screen. */
  async #checkAuth(): Promise<void> {
    if (this.#checkingAuth) return;
    this.#checkingAuth = true;
    try {
      await this.api.health();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.api.forgetCredential();
        this.#events?.close();
        this.#events = null;
        this.terminals = [];
        this.auth = "login";
      }
    } finally {
      this.#checkingAuth = false;
    }
  }

  #applyList(list: SessionList): void {
    const sessions = list.sessions;
    // Follow renames made elsewhere (tmux's session id survives a rename) and drop terminals of
    // sessions that are gone, except the open one, which shows how it ended.
    let terminals = this.terminals;
    let selected = this.selected;
    let changed = false;
    terminals = terminals.flatMap((terminal) => {
      const byName = sessions.find((s) => s.host === terminal.host && s.name === terminal.name);
      if (byName !== undefined) {
        if (terminal.id !== byName.id) {
          changed = true;
          return [{ ...terminal, id: byName.id }];
        }
        return [terminal];
      }
      const byId = terminal.id === null
        ? undefined
        : sessions.find((s) => s.host === terminal.host && s.id === terminal.id);
      if (byId !== undefined) {
        changed = true;
        if (sameRef(selected, terminal)) selected = { host: byId.host, name: byId.name };
        return [{ ...terminal, name: byId.name }];
      }
      if (terminal.id !== null && !sameRef(selected, terminal)) {
        changed = true;
        this.#recent.remove(terminal.uid);
        return [];
      }
      return [terminal];
    });
    if (changed) this.terminals = terminals;
    if (selected !== this.selected) {
      this.selected = selected;
      this.#writeHash();
    }
    this.sessions = sessions;
    this.hosts = list.hosts;
    this.#updateTitle();
    this.#alerts.update(sessions, { hosts: this.hosts, muted: this.muted, selected });
  }

  #setMuted(muted: ReadonlySet<string>): void {
    this.muted = muted;
    this.#updateTitle();
    // Only a new session list moves the waiting baseline on (the muted list comes first).
    this.#alerts.refresh({ hosts: this.hosts, muted, selected: this.selected });
  }

  #muteChanged({ ref, muted }: MuteChangeDetail): void {
    const next = new Set(this.muted);
    if (muted) next.add(sessionKey(ref));
    else next.delete(sessionKey(ref));
    this.#setMuted(next);
  }

  /** Show `ref`'s terminal, creating it (and retiring the least recently viewed) if needed. */
  #open(ref: SessionRef): void {
    let terminal = this.terminals.find((t) => sameRef(t, ref));
    let terminals = this.terminals;
    if (terminal === undefined) {
      const known = this.sessions.find((s) => sameRef(s, ref));
      terminal = {
        uid: `t${this.#nextUid++}`,
        host: ref.host,
        name: ref.name,
        id: known?.id ?? null,
      };
      terminals = [...terminals, terminal];
    }
    const evicted = this.#recent.touch(terminal.uid);
    if (evicted.length > 0) terminals = terminals.filter((t) => !evicted.includes(t.uid));
    this.terminals = terminals;
    this.selected = { host: ref.host, name: ref.name };
    this.ctrlArmed = false;
    this.drawerOpen = false;
    this.settingsOpen = false;
    this.overviewOpen = false;
    this.#writeHash();
    this.#updateTitle();
  }

  #close(ref: SessionRef): void {
    const terminal = this.terminals.find((t) => sameRef(t, ref));
    if (terminal !== undefined) {
      this.#recent.remove(terminal.uid);
      this.terminals = this.terminals.filter((t) => t !== terminal);
    }
    if (sameRef(this.selected, ref)) {
      this.selected = null;
      this.#writeHash();
      this.#updateTitle();
    }
  }

  #renamed(from: SessionRef, to: SessionRef): void {
    this.terminals = this.terminals.map((t) => (sameRef(t, from) ? { ...t, name: to.name } : t));
    this.querySelector<NotesPanel>("notes-panel")?.renamed(from, to);
    if (sameRef(this.selected, from)) {
      this.selected = { host: to.host, name: to.name };
      this.#writeHash();
      this.#updateTitle();
    }
  }

  /** After a dialog closes, typing goes to the terminal again. */
  #focusTerminal(): void {
    this.updateComplete.then(() => this.#activeView?.focus());
  }

  #writeHash(): void {
    const hash = this.overviewOpen
      ? OVERVIEW_HASH
      : this.selected === null
      ? ""
      : hashOf(this.selected);
    if (location.hash !== hash) {
      history.replaceState(null, "", hash === "" ? location.pathname : hash);
    }
  }

  #updateTitle(): void {
    const waiting = waitingCount(this.sessions, this.muted);
    document.title = badgeTitle(waiting, this.selected?.name ?? null);
    setFaviconBadge(waiting > 0);
  }

  get #activeView(): TerminalView | null {
    return this.querySelector<TerminalView>("terminal-view[active]");
  }

  override render(): TemplateResult {
    switch (this.auth) {
      case "checking":
        return html``;
      case "login":
        return html`<token-login .api=${this.api} @signed-in=${() => this.#start()}></token-login>`;
      case "unreachable":
        return html`
          <div class="empty" role="alert">
            <h2>Cannot reach Maestro</h2>
            <p>${this.unreachableMessage}</p>
            <p>Retrying…</p>
          </div>
        `;
      case "ready":
        return this.#renderDashboard();
    }
  }

  #renderDashboard(): TemplateResult {
    const selected = this.selected;
    const session = selected === null ? undefined : this.sessions.find((s) => sameRef(s, selected));
    const hostOf = (id: string) => this.hosts.find((host) => host.id === id);
    const selectedHost = selected === null ? undefined : hostOf(selected.host);
    const available = hostAvailable(selectedHost);
    const activeUid = selected === null
      ? null
      : this.terminals.find((t) => sameRef(t, selected))?.uid ?? null;
    return html`
      <div class="app" data-drawer=${this.drawerOpen ? "open" : "closed"}>
        <aside class="sidebar" id="sidebar" aria-label="Sessions">
          <div class="sidebar-head">
            <h1 class="brand">${logoIcon} Maestro</h1>
            <button
              class="btn primary"
              type="button"
              @click=${() => this.#newSession()}
              title="New session"
            >${plusIcon}<span>New session</span></button>
          </div>
          <div class="sidebar-tools" role="toolbar" aria-label="Session tools">
            <button
              class="btn search-toggle"
              type="button"
              aria-label="Search"
              title="Search the text of every session (Ctrl+Shift+F)"
              @click=${() => this.#openSearch()}
            >${searchIcon}<span>Search</span><kbd>Ctrl+Shift+F</kbd></button>
            <button
              class="btn ghost icon broadcast-toggle"
              type="button"
              aria-label="Broadcast"
              title="Broadcast: type once into several sessions"
              aria-pressed=${this.broadcastTargets === null ? "false" : "true"}
              @click=${this.#toggleBroadcast}
            >${broadcastIcon}</button>
            <button
              class="btn ghost icon overview-toggle"
              type="button"
              aria-label="Overview"
              title="Overview: every session at a glance"
              aria-pressed=${this.overviewOpen ? "true" : "false"}
              @click=${() => (this.overviewOpen ? this.#closeOverview() : this.#openOverview())}
            >${overviewIcon}</button>
          </div>
          <session-tree
            .sessions=${this.sessions}
            .hosts=${this.hosts}
            .selected=${selected === null ? null : sessionKey(selected)}
            .broadcast=${this.broadcastTargets}
            .muted=${this.muted}
            @session-select=${(e: CustomEvent<SessionRef>) => this.#open(e.detail)}
            @broadcast-change=${this.#broadcastChanged}
          ></session-tree>
          <notify-prompt .waiting=${waitingCount(this.sessions, this.muted)}></notify-prompt>
          <div class="sidebar-foot">
            <span class="live" data-state=${this.eventsState} role="status">
                    ${this.eventsState === "live"
                      ? "Live"
                      : this.eventsState === "closed"
                      ? "Offline"
                      : "Reconnecting…"}
                  </span>
            <span class="host-info" title=${this.health
              ? `Maestro ${this.health.version} · ${this.health.tmux}`
              : ""}>
                    ${this.health ? `${this.health.host.name} · ${this.health.tmux}` : ""}
                  </span>
            <button
              class="btn ghost icon settings-toggle"
              type="button"
              aria-label="Settings"
              title="Settings: hosts, notifications"
              aria-pressed=${this.settingsOpen ? "true" : "false"}
              @click=${() => (this.settingsOpen ? this.#closeSettings() : this.#openSettings())}
            >${settingsIcon}</button>
          </div>
        </aside>
        <div class="scrim" @click=${() => (this.drawerOpen = false)}></div>
        <main class="main">
                <header class="topbar">
                  <button
                    class="btn ghost drawer-toggle"
                    type="button"
                    aria-controls="sidebar"
                    aria-expanded=${this.drawerOpen ? "true" : "false"}
                    @click=${() => (this.drawerOpen = !this.drawerOpen)}
                  >${menuIcon}<span>Sessions</span></button>
                  ${selected === null ? html`<div class="topbar-title"></div>` : html`
                    <div class="topbar-title">
                      ${session && available
                        ? statusDot(session.status, session.statusRule)
                        : nothing}
                      <h2>${selected.name}</h2>
                      <span class="meta">${session
                        ? [
                          available
                            ? STATUS_TEXT[session.status]
                            : `Unavailable: ${selectedHost?.name ?? selected.host} is offline`,
                          session.command,
                          session.cwd,
                          selected.host !== "local" && available
                            ? selectedHost?.name ?? selected.host
                            : "",
                        ].filter(Boolean).join(" · ")
                        : ""}</span>
                    </div>
                    <div class="topbar-actions">
                      <mute-button
                        .api=${this.api}
                        .ref=${selected}
                        .muted=${this.muted.has(sessionKey(selected))}
                        @mute-change=${(e: CustomEvent<MuteChangeDetail>) =>
                          this.#muteChanged(e.detail)}
                      ></mute-button>
                      <button
                        class="btn ghost"
                        type="button"
                        aria-label="Notes"
                        aria-pressed=${this.notesOpen ? "true" : "false"}
                        @click=${this.#toggleNotes}
                      >${notesIcon}<span class="label">Notes</span></button>
                      <button
                        class="btn ghost"
                        type="button"
                        aria-label="Rename"
                        title="Rename session"
                        @click=${() =>
                          this.querySelector<RenameDialog>("rename-dialog")?.open(selected)}
                      >${renameIcon}<span class="label">Rename</span></button>
                      <button
                        class="btn ghost"
                        type="button"
                        aria-label="Kill"
                        title="Kill session"
                        @click=${() =>
                          this.querySelector<KillDialog>("kill-dialog")?.open(selected)}
                      >${killIcon}<span class="label">Kill</span></button>
                    </div>
                  `}
                </header>
                ${this.broadcastTargets === null ? nothing : html`
                  <broadcast-bar
                    .api=${this.api}
                    .sessions=${this.sessions}
                    .hosts=${this.hosts}
                    .targets=${this.broadcastTargets}
                    @broadcast-change=${this.#broadcastChanged}
                    @broadcast-close=${this.#toggleBroadcast}
                  ></broadcast-bar>
                `}
                <div class="workspace">
                  <div class="terminals">
                    ${repeat(
                      this.terminals,
                      (t) => t.uid,
                      (t) =>
                        html`
                          <terminal-view
                            .host=${t.host}
                            .name=${t.name}
                            .hostName=${hostOf(t.host)?.name ?? t.host}
                            .hostOnline=${hostAvailable(hostOf(t.host))}
                            ?active=${t.uid === activeUid}
                            .ctrlArmed=${t.uid === activeUid && this.ctrlArmed}
                            @terminal-renamed=${(e: CustomEvent<TerminalRenamedDetail>) =>
                              this.#renamed(
                                { host: e.detail.host, name: e.detail.from },
                                { host: e.detail.host, name: e.detail.to },
                              )}
                            @ctrl-consumed=${() => (this.ctrlArmed = false)}
                            @terminal-close=${() => this.#close(t)}
                          ></terminal-view>
                        `,
                    )}
                    ${activeUid === null ? this.#renderEmpty() : nothing}
                  </div>
                  <notes-panel
                    .api=${this.api}
                    .host=${selected?.host ?? "local"}
                    .name=${selected?.name ?? ""}
                    ?hidden=${selected === null || !this.notesOpen}
                  ></notes-panel>
                </div>
                ${this.settingsOpen
                  ? html`
                    <settings-view
                      .api=${this.api}
                      .hosts=${this.hosts}
                      @settings-close=${() => this.#closeSettings()}
                      @signed-out=${() => this.#signedOut()}
                    ></settings-view>
                  `
                  : nothing}
          ${this.overviewOpen
            ? html`
              <overview-view
                .sessions=${this.sessions}
                .hosts=${this.hosts}
                @overview-close=${() => this.#closeOverview()}
              ></overview-view>
            `
            : nothing}
                ${selected === null ? nothing : html`
                  <key-bar
                    .ctrl=${this.ctrlArmed}
                    @bar-key=${(e: CustomEvent<BarKey>) => this.#barKey(e.detail)}
                    @ctrl-toggle=${() => (this.ctrlArmed = !this.ctrlArmed)}
                  ></key-bar>
                `}
              </main>
      </div>
      <new-session-dialog
        .api=${this.api}
        .hosts=${this.hosts}
        @session-created=${(e: CustomEvent<Session>) => this.#created(e.detail)}
      ></new-session-dialog>
      <rename-dialog
        .api=${this.api}
        @session-renamed=${(e: CustomEvent<SessionRenamedDetail>) => {
          this.#renamed(e.detail.from, e.detail.session);
          this.#focusTerminal();
        }}
      ></rename-dialog>
      <kill-dialog
        .api=${this.api}
        @session-killed=${(e: CustomEvent<SessionRef>) => this.#killed(e.detail)}
      ></kill-dialog>
      <quick-switcher
        .sessions=${this.sessions}
        .recent=${this.#recentKeys()}
        @session-select=${(e: CustomEvent<SessionRef>) => this.#open(e.detail)}
      ></quick-switcher>
      <search-panel
        .api=${this.api}
        @search-select=${(e: CustomEvent<SearchSelectDetail>) => this.#openMatch(e.detail)}
      ></search-panel>
    `;
  }

  #renderEmpty(): TemplateResult {
    const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";
    return html`<div class="empty">
      ${
      this.sessions.length === 0
        ? html`
          <h2>No sessions yet</h2>
          <p>Start an agent or a shell; it keeps running in tmux when you close this page.</p>
        `
        : html`
          <h2>Pick a session</h2>
          <p>Choose one in the sidebar, or press <kbd>${mod}</kbd> <kbd>K</kbd> to jump to one.</p>
        `
    }
      <p>
        <button class="btn primary" type="button" @click=${() => this.#newSession()}>
          ${plusIcon}<span>New session</span>
        </button>
      </p>
    </div>`;
  }

  #recentKeys(): string[] {
    return this.#recent.keys.flatMap((uid) => {
      const t = this.terminals.find((terminal) => terminal.uid === uid);
      return t ? [sessionKey(t)] : [];
    });
  }

  #openSearch(): void {
    this.drawerOpen = false;
    this.querySelector<SearchPanel>("search-panel")?.open();
  }

  /** Open a search result's session and show the match in its terminal. */
  async #openMatch(match: SearchSelectDetail): Promise<void> {
    this.#open(match);
    await this.updateComplete;
    this.#activeView?.revealMatch(match.query, match.line);
  }

  async #openOverview(): Promise<void> {
    this.overviewOpen = true;
    this.settingsOpen = false;
    this.drawerOpen = false;
    this.#writeHash();
    await this.updateComplete;
    await this.querySelector<OverviewView>("overview-view")?.focusView();
  }

  #closeOverview(): void {
    this.overviewOpen = false;
    this.#writeHash();
    if (this.#activeView !== null) this.#focusTerminal();
    else {this.updateComplete.then(() =>
        this.querySelector<HTMLElement>(".overview-toggle")?.focus()
      );}
  }

  async #openSettings(): Promise<void> {
    this.settingsOpen = true;
    this.overviewOpen = false;
    this.#writeHash();
    this.drawerOpen = false;
    await this.updateComplete;
    await this.querySelector<SettingsView>("settings-view")?.focusView();
  }

  #closeSettings(): void {
    this.settingsOpen = false;
    if (this.#activeView !== null) this.#focusTerminal();
    else {this.updateComplete.then(() =>
        this.querySelector<HTMLElement>(".settings-toggle")?.focus()
      );}
  }

  #newSession(): void {
    this.drawerOpen = false;
    this.querySelector<NewSessionDialog>("new-session-dialog")?.open();
  }

  #created(session: Session): void {
    if (!this.sessions.some((s) => sameRef(s, session))) {
      this.sessions = [...this.sessions, session];
    }
    this.#open(session);
  }

  #killed(ref: SessionRef): void {
    this.sessions = this.sessions.filter((s) => !sameRef(s, ref));
    this.#close(ref);
  }

  #barKey(key: BarKey): void {
    const view = this.#activeView;
    view?.sendText(keyBytes(key, view.applicationCursor));
  }

  /** Broadcast mode on (start with nothing ticked, type in the bar) or off (back to typing). */
  #toggleBroadcast = (): void => {
    if (this.broadcastTargets === null) {
      this.broadcastTargets = new Set();
      // On a phone the sidebar drawer is still open for ticking: no keyboard popping up yet.
      if (!this.drawerOpen) {
        this.updateComplete.then(() =>
          this.querySelector<BroadcastBar>("broadcast-bar")?.focusInput()
        );
      }
    } else {
      this.broadcastTargets = null;
      this.#focusTerminal();
    }
  };

  #broadcastChanged = (e: CustomEvent<Set<string>>): void => {
    this.broadcastTargets = e.detail;
  };

  #toggleNotes = (): void => {
    this.notesOpen = !this.notesOpen;
    try {
      localStorage.setItem(NOTES_OPEN_KEY, String(this.notesOpen));
    } catch {
      // Storage unavailable: the choice lasts for this page.
    }
  };

  #hashChanged = (): void => {
    if (this.auth !== "ready") return;
    if (location.hash === OVERVIEW_HASH) {
      if (!this.overviewOpen) this.#openOverview();
      return;
    }
    const ref = refFromHash(location.hash);
    // A thumbnail in the overview links to its session (the open one included).
    if (ref !== null && (this.overviewOpen || !sameRef(ref, this.selected))) this.#open(ref);
  };

  #globalKeydown = (event: KeyboardEvent): void => {
    if (this.auth !== "ready") return;
    const mac = /Mac|iPhone|iPad/.test(navigator.platform);
    const primary = mac ? event.metaKey : event.ctrlKey;
    if (primary && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
      event.preventDefault();
      event.stopPropagation();
      const switcher = this.querySelector<QuickSwitcher>("quick-switcher");
      if (switcher?.isOpen) switcher.close();
      else if (document.querySelector("dialog[open]") === null) switcher?.open();
      return;
    }
    if (primary && event.shiftKey && !event.altKey && event.key.toLowerCase() === "f") {
      event.preventDefault();
      event.stopPropagation();
      const search = this.querySelector<SearchPanel>("search-panel");
      if (search?.isOpen) search.close();
      else if (document.querySelector("dialog[open]") === null) this.#openSearch();
      return;
    }
    if (event.key === "Escape" && this.drawerOpen) {
      this.drawerOpen = false;
    } else if (
      event.key === "Escape" && this.overviewOpen && document.querySelector("dialog[open]") === null
    ) {
      this.#closeOverview();
    } else if (
      event.key === "Escape" && this.settingsOpen && document.querySelector("dialog[open]") === null
    ) {
      this.#closeSettings();
    }
  };

  /** For tests: the tree element. */
  get tree(): SessionTree | null {
    return this.querySelector("session-tree");
  }
}

customElements.define("maestro-app", MaestroApp);

declare global {
  interface HTMLElementTagNameMap {
    "maestro-app": MaestroApp;
  }
}
