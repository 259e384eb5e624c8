/**
 * Owns `<maestro-app>`: the page's frame. It lays out the parts (sidebar, top bar, terminals,
 * notes, the overview and settings views, dialogs) and routes between them: the address, the
 * page's shortcuts, which view is open. Shared state lives elsewhere: being signed in and the
 * live session list in a DashboardLink, the vanished sessions in a RestorableStore, the open
 * terminals and the selection in a Workspace,
 * the split in a SplitView (the terminals themselves sit in `<terminal-panes>`).
 * Over 400 lines because its template is the page's one layout, wiring every part's events; each
 * handler is a few lines that hand off to the part that owns the work.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { setFaviconBadge, WaitingAlerts } from "../attention/waiting_alerts.ts";
import { badgeTitle, waitingCount } from "../attention/waiting_watch.ts";
import type { BroadcastBar } from "../broadcast/broadcast-bar.ts";
import { hostAvailable } from "../hosts/host_status.ts";
import type { InboxView } from "../inbox/inbox-view.ts";
import type { OverviewView } from "../overview/overview-view.ts";
import type { SearchPanel, SearchSelectDetail } from "../search/search-panel.ts";
import type { ForgetDialog } from "../sessions/forget-dialog.ts";
import type { KillDialog } from "../sessions/kill-dialog.ts";
import type { MuteChangeDetail } from "../sessions/mute-button.ts";
import type { NewSessionDialog } from "../sessions/new-session-dialog.ts";
import type { NotesPanel, NotesPresenceDetail } from "../sessions/notes-panel.ts";
import type { QuickSwitcher } from "../sessions/quick-switcher.ts";
import type { RenameDialog, SessionRenamedDetail } from "../sessions/rename-dialog.ts";
import { KillUndoStore } from "../sessions/kill_undo_store.ts";
import { RestorableStore } from "../sessions/restorable_store.ts";
import type { SessionTree } from "../sessions/session-tree.ts";
import type { SettingsView } from "../settings/settings-view.ts";
import { ServiceWorkerLink } from "../pwa/service_worker_link.ts";
import { ApiClient } from "../shared/api_client.ts";
import { pageCredential } from "../shared/page_credential.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Session, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";
import { type BarKey, keyBytes, withAlt } from "../terminal/key_bytes.ts";
import type { TerminalRenamedDetail, TerminalView } from "../terminal/terminal-view.ts";
import { SplitView } from "./split_view.ts";
import { DashboardLink } from "./dashboard_link.ts";
import { PanelLayout } from "./panel_layout.ts";
import { NOTES_BOUNDS, SIDEBAR_BOUNDS } from "./panel_sizes.ts";
import { hashOf, type Route, routeFromHash } from "./route.ts";
import { focusPlaceOf, isMac, shortcutFor } from "./shortcuts.ts";
import type { ShortcutsDialog } from "./shortcuts-dialog.ts";
import { KEPT_LINES, sameRef, Workspace } from "./workspace.ts";

// Imported for their custom element definitions.
import "../broadcast/broadcast-bar.ts";
import "../inbox/inbox-view.ts";
import "../inbox/prompt-options.ts";
import "../overview/overview-view.ts";
import "../search/search-panel.ts";
import "../sessions/forget-dialog.ts";
import "../sessions/kill-dialog.ts";
import "../sessions/kill-undo-toast.ts";
import "../sessions/new-session-dialog.ts";
import "../sessions/notes-panel.ts";
import "../sessions/quick-switcher.ts";
import "../sessions/rename-dialog.ts";
import "../settings/settings-view.ts";
import "../terminal/key-bar.ts";
import "../terminal/terminal-view.ts";
import "./app-sidebar.ts";
import "./offline-banner.ts";
import "./resize-handle.ts";
import "./session-topbar.ts";
import "./shortcuts-dialog.ts";
import "./terminal-panes.ts";
import "./token-login.ts";

export { KEEP_TERMINALS } from "./workspace.ts";
export { OVERVIEW_HASH } from "./route.ts";

/**
 * The lines all open terminals may hold ({@link KEPT_LINES}), or `localStorage["maestro.keptLines"]`
 * when set to a positive whole number (a smaller page for a small device; the tests use it).
 */
function keptLines(): number {
  try {
    const set = Number(localStorage.getItem("maestro.keptLines") ?? "");
    return Number.isInteger(set) && set > 0 ? set : KEPT_LINES;
  } catch {
    return KEPT_LINES;
  }
}

/** The views that open over the terminals, and the button each one's closing focuses. */
type PageView = "overview" | "inbox" | "settings";
const VIEW_TOGGLES: Record<PageView, string> = {
  overview: ".overview-toggle",
  inbox: ".inbox-entry",
  settings: ".settings-toggle",
};

export class MaestroApp extends LightElement {
  static override properties = {
    drawerOpen: { state: true },
    ctrlArmed: { state: true },
    altArmed: { state: true },
    settingsOpen: { state: true },
    broadcastTargets: { state: true },
    overviewOpen: { state: true },
    inboxOpen: { state: true },
  };

  declare drawerOpen: boolean;
  declare ctrlArmed: boolean;
  declare altArmed: boolean;
  declare settingsOpen: boolean;
  /** Session keys ticked for broadcasting; null when broadcast mode is off. */
  declare broadcastTargets: Set<string> | null;
  declare overviewOpen: boolean;
  declare inboxOpen: boolean;

  readonly api: ApiClient = new ApiClient();
  readonly workspace = new Workspace(() => this.requestUpdate());
  readonly split = new SplitView(this.workspace, () => this.requestUpdate());
  readonly panels = new PanelLayout(() => this.requestUpdate());
  readonly restorable = new RestorableStore(this.api, () => this.requestUpdate());
  readonly killedSessions = new KillUndoStore(this.api, () => this.requestUpdate());
  readonly link = new DashboardLink(this, this.api, {
    onReady: () => this.#routeTo(routeFromHash(location.hash)),
    onList: (list) => {
      const { sessions } = list;
      this.restorable.listChanged(list);
      if (this.split.follow(sessions)) this.#writeHash();
      this.#updateTitle();
      this.#alerts.update(sessions, this.#pageState());
    },
    onMuted: () => {
      this.#updateTitle();
      // Only a new session list moves the waiting baseline on (the muted list comes first).
      this.#alerts.refresh(this.#pageState());
    },
    onSignedOut: () => {
      this.workspace.clear();
      this.split.clear();
      this.restorable.clear();
      this.killedSessions.clear();
      this.settingsOpen = false;
    },
  });
  readonly #worker = new ServiceWorkerLink((ref) => this.#open(ref));
  #alerts = new WaitingAlerts({
    onOpen: (ref) => this.#open(ref),
    registration: () => this.#worker.registration,
    credential: () => pageCredential.get(),
  });

  constructor() {
    super();
    this.drawerOpen = false;
    this.ctrlArmed = false;
    this.altArmed = false;
    this.settingsOpen = false;
    this.broadcastTargets = null;
    this.overviewOpen = false;
    this.inboxOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("keydown", this.#globalKeydown, true);
    addEventListener("hashchange", this.#hashChanged);
    this.addEventListener("session-beside", this.#openBeside);
    this.#worker.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("keydown", this.#globalKeydown, true);
    removeEventListener("hashchange", this.#hashChanged);
    this.removeEventListener("session-beside", this.#openBeside);
    this.#worker.stop();
    this.#alerts[Symbol.dispose]();
  }

  /** For tests: the tree element. */
  get tree(): SessionTree | null {
    return this.querySelector("session-tree");
  }

  override render(): TemplateResult {
    switch (this.link.auth) {
      case "checking":
        return html``;
      case "login":
        return html`<token-login .api=${this.api} .notice=${this.link.loginNotice} @signed-in=${() =>
          this.link.start()}></token-login>`;
      case "unreachable":
        return html`
          <div class="empty" role="alert">
            <h2>Cannot reach Maestro</h2>
            <p>${this.link.unreachableMessage}</p>
            <p>Retrying…</p>
          </div>
        `;
      case "ready":
        return this.#renderDashboard();
    }
  }

  #renderDashboard(): TemplateResult {
    const { sessions, hosts, muted } = this.link;
    const selected = this.workspace.selected;
    const session = selected === null ? undefined : sessions.find((s) => sameRef(s, selected));
    const hostOf = (id: string) => hosts.find((host) => host.id === id);
    const activeUid = this.workspace.activeUid;
    const notesOpen = selected !== null && this.panels.notesOpen(sessionKey(selected));
    const collapsed = this.panels.sidebarCollapsed;
    return html`
      <div
        class="app"
        data-drawer=${this.drawerOpen ? "open" : "closed"}
        data-sidebar=${collapsed ? "collapsed" : "open"}
        data-link=${this.link.eventsState === "reconnecting" ? "down" : "up"}
        style=${this.panels.style}
      >
        <aside class="sidebar" id="sidebar" aria-label="Sessions">
          <app-sidebar
            .sessions=${sessions}
            .hosts=${hosts}
            .muted=${muted}
            .restorable=${this.restorable.state}
            .selected=${selected === null ? null : sessionKey(selected)}
            .broadcast=${this.broadcastTargets}
            .health=${this.link.health}
            .eventsState=${this.link.eventsState}
            .overviewOpen=${this.overviewOpen}
            .inboxOpen=${this.inboxOpen}
            .settingsOpen=${this.settingsOpen}
            @new-session=${() => this.#newSession()}
            @open-search=${() => this.#openSearch()}
            @toggle-broadcast=${this.#toggleBroadcast}
            @toggle-overview=${() => (this.overviewOpen
              ? this.#closeView("overview")
              : this.#openView("overview"))}
            @toggle-inbox=${() => (this.inboxOpen
              ? this.#closeView("inbox")
              : this.#openView("inbox"))}
            @open-shortcuts=${() => this.querySelector<ShortcutsDialog>("shortcuts-dialog")?.open()}
            @toggle-settings=${() => (this.settingsOpen
              ? this.#closeView("settings")
              : this.#openView("settings"))}
            @session-select=${(e: CustomEvent<SessionRef>) => this.#open(e.detail)}
            @broadcast-change=${this.#broadcastChanged}
            @restore-request=${(e: CustomEvent<SessionRef[]>) => this.restorable.restore(e.detail)}
            @restore-all-request=${() => this.restorable.restoreAll()}
            @forget-request=${(e: CustomEvent<SessionRef>) =>
              this.querySelector<ForgetDialog>("forget-dialog")?.open(e.detail)}
            @restorable-dismiss=${() => this.restorable.dismiss()}
            @sidebar-collapse=${() => this.#setSidebarCollapsed(true)}
          ></app-sidebar>
          <resize-handle
            class="sidebar-handle"
            label="Sidebar width"
            controls="sidebar"
            grows="ArrowRight"
            .bounds=${SIDEBAR_BOUNDS}
            .value=${this.panels.sidebarWidth}
            @resize=${(e: CustomEvent<number>) => this.panels.setSidebarWidth(e.detail)}
          ></resize-handle>
        </aside>
        <div class="scrim" @click=${() => (this.drawerOpen = false)}></div>
        <main class="main">
          <offline-banner
            .state=${this.link.eventsState}
            .retryAt=${this.link.retryAt}
            @retry-now=${() => this.link.retryNow()}
          ></offline-banner>
          <session-topbar
            .api=${this.api}
            .selected=${selected}
            .session=${session}
            .host=${selected === null ? undefined : hostOf(selected.host)}
            .muted=${selected !== null && muted.has(sessionKey(selected))}
            .notesOpen=${notesOpen}
            .drawerOpen=${this.drawerOpen}
            .sidebarCollapsed=${collapsed}
            .listed=${this.link.listed}
            .split=${this.split.pair !== null}
            @split-request=${() => this.#pickBeside()}
            @drawer-toggle=${() => (this.drawerOpen = !this.drawerOpen)}
            @sidebar-expand=${() => this.#setSidebarCollapsed(false)}
            @notes-toggle=${this.#toggleNotes}
            @rename-request=${(e: CustomEvent<SessionRef>) =>
              this.querySelector<RenameDialog>("rename-dialog")?.open(e.detail)}
            @kill-request=${(e: CustomEvent<SessionRef>) =>
              this.querySelector<KillDialog>("kill-dialog")?.open(e.detail)}
            @mute-change=${(e: CustomEvent<MuteChangeDetail>) =>
              this.link.mutedOne(e.detail.ref, e.detail.muted)}
          ></session-topbar>
          ${session?.prompt && hostAvailable(hostOf(session.host))
            ? html`
              <div class="prompt-bar" role="region" aria-label=${`${session.name} asks`}>
                <span class="prompt-bar-text" title=${session.prompt.detail}>${session.prompt
                  .text}</span>
                <prompt-options .api=${this.api} .session=${session}></prompt-options>
              </div>
            `
            : nothing}
          ${this.broadcastTargets === null ? nothing : html`
            <broadcast-bar
              .api=${this.api}
              .sessions=${sessions}
              .hosts=${hosts}
              .targets=${this.broadcastTargets}
              @broadcast-change=${this.#broadcastChanged}
              @broadcast-close=${this.#toggleBroadcast}
              @mutes-change=${(e: CustomEvent<SessionRef[]>) =>
                this.link.setMuted(new Set(e.detail.map(sessionKey)))}
            ></broadcast-bar>
          `}
          <div class="workspace">
            <terminal-panes
              class="terminals"
              .terminals=${this.workspace.terminals}
              .activeUid=${activeUid}
              .panes=${this.split.panes}
              .share=${this.panels.splitShare}
              .hosts=${hosts}
              .sessionCount=${sessions.length}
              .ctrlArmed=${this.ctrlArmed}
              .altArmed=${this.altArmed}
              @terminal-renamed=${(e: CustomEvent<TerminalRenamedDetail>) =>
                this.#renamed(
                  { host: e.detail.host, name: e.detail.from },
                  { host: e.detail.host, name: e.detail.to },
                )}
              @ctrl-consumed=${() => (this.ctrlArmed = false)}
              @alt-consumed=${() => (this.altArmed = false)}
              @terminal-close=${(e: Event) => this.#close(e.target as TerminalView)}
              @terminal-snapshot=${() => this.#trimTerminals()}
              @pane-focus=${(e: CustomEvent<string>) => this.#focusPane(e.detail)}
              @pane-close=${(e: CustomEvent<string>) => this.#focusPane(e.detail, true)}
              @split-resize=${(e: CustomEvent<number>) => this.panels.setSplitShare(e.detail)}
              @new-session=${() => this.#newSession()}
            ></terminal-panes>
            <resize-handle
              class="notes-handle"
              label="Notes width"
              controls="notes"
              grows="ArrowLeft"
              .bounds=${NOTES_BOUNDS}
              .value=${this.panels.notesWidth}
              ?hidden=${!notesOpen}
              @resize=${(e: CustomEvent<number>) => this.panels.setNotesWidth(e.detail)}
            ></resize-handle>
            <notes-panel
              id="notes"
              .api=${this.api}
              .host=${selected?.host ?? "local"}
              .name=${selected?.name ?? ""}
              ?hidden=${!notesOpen}
              @notes-presence=${(e: CustomEvent<NotesPresenceDetail>) =>
                this.panels.notesPresent(sessionKey(e.detail), e.detail.hasText)}
              @notes-close=${this.#toggleNotes}
            ></notes-panel>
          </div>
          ${this.settingsOpen
            ? html`
              <settings-view
                .api=${this.api}
                .hosts=${hosts}
                @settings-close=${() => this.#closeView("settings")}
                @signed-out=${() => this.link.signedOut()}
              ></settings-view>
            `
            : nothing}
          ${this.overviewOpen
            ? html`
              <overview-view
                .api=${this.api}
                .sessions=${sessions}
                .hosts=${hosts}
                @overview-close=${() => this.#closeView("overview")}
              ></overview-view>
            `
            : nothing}
          ${this.inboxOpen
            ? html`
              <inbox-view
                .api=${this.api}
                .sessions=${sessions}
                .hosts=${hosts}
                .muted=${muted}
                @session-select=${(e: CustomEvent<SessionRef>) => this.#open(e.detail)}
                @inbox-close=${() => this.#closeView("inbox")}
              ></inbox-view>
            `
            : nothing}
          ${selected === null ? nothing : html`
            <key-bar
              .ctrl=${this.ctrlArmed}
              .alt=${this.altArmed}
              @bar-key=${(e: CustomEvent<BarKey>) => this.#barKey(e.detail)}
              @ctrl-toggle=${() => (this.ctrlArmed = !this.ctrlArmed)}
              @alt-toggle=${() => (this.altArmed = !this.altArmed)}
            ></key-bar>
          `}
        </main>
      </div>
      <new-session-dialog
        .api=${this.api}
        .hosts=${hosts}
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
      <kill-undo-toast
        .entries=${this.killedSessions.entries}
        .hostName=${(id: string) => hostOf(id)?.name ?? id}
        @undo-kill=${(e: CustomEvent<SessionRef>) => this.#undoKill(e.detail)}
        @undo-dismiss=${(e: CustomEvent<SessionRef>) => this.killedSessions.dismiss(e.detail)}
      ></kill-undo-toast>
      <forget-dialog
        .api=${this.api}
        @restorable-forgotten=${(e: CustomEvent<SessionRef>) => this.restorable.forgotten(e.detail)}
      ></forget-dialog>
      <quick-switcher
        .sessions=${sessions}
        .recent=${this.workspace.recentKeys()}
        @session-select=${(e: CustomEvent<SessionRef>) => this.#open(e.detail)}
      ></quick-switcher>
      <search-panel
        .api=${this.api}
        @search-select=${(e: CustomEvent<SearchSelectDetail>) => this.#openMatch(e.detail)}
      ></search-panel>
      <shortcuts-dialog></shortcuts-dialog>
    `;
  }

  #pageState() {
    const { hosts, muted } = this.link;
    return { hosts, muted, selected: this.workspace.selected };
  }

  /** Show `ref`'s terminal; every other view closes. */
  #open(ref: SessionRef): void {
    this.split.open(ref, this.#knownId(ref));
    this.ctrlArmed = false;
    this.altArmed = false;
    this.drawerOpen = false;
    this.settingsOpen = false;
    this.overviewOpen = false;
    this.inboxOpen = false;
    this.#writeHash();
    this.#updateTitle();
  }

  #knownId(ref: SessionRef): string | null {
    return this.link.sessions.find((s) => sameRef(s, ref))?.id ?? null;
  }

  /** Open `ref` beside the focused session (a split), or in place of the one beside it. */
  #openBeside = (e: Event): void => {
    const ref = (e as CustomEvent<SessionRef>).detail;
    this.split.openBeside(ref, this.#knownId(ref));
    this.#open(ref); // Closes the other views, writes the address.
  };

  /** Focus a split's pane (clicked, or its shortcut) or keep only it (`unsplit`: the other's closed). */
  #focusPane(uid: string | null, unsplit = false): void {
    if (uid !== null && unsplit) this.split.unsplitKeeping(uid);
    else if (uid !== null) this.split.focus(uid);
    this.#writeHash();
    this.#updateTitle();
    this.#focusTerminal();
  }

  /** Close hidden terminals while all of them hold more lines than the page's budget. */
  #trimTerminals(): void {
    const lines = (uid: string) =>
      this.querySelector<TerminalView>(`terminal-view[data-uid="${uid}"]`)?.bufferLines ?? 0;
    const shown = new Set([
      this.workspace.activeUid,
      ...(this.split.panes ?? []).map((pane) => pane.uid),
    ].filter((uid): uid is string => uid !== null));
    this.workspace.trim(lines, keptLines(), shown);
  }

  #close(ref: SessionRef): void {
    this.split.close(ref);
    this.#writeHash();
    this.#updateTitle();
  }

  #renamed(from: SessionRef, to: SessionRef): void {
    this.workspace.renamed(from, to);
    this.panels.renamed(sessionKey(from), sessionKey(to));
    this.querySelector<NotesPanel>("notes-panel")?.renamed(from, to);
    this.#writeHash(); // The selected session's or a split's.
    this.#updateTitle();
  }

  #created(session: Session): void {
    this.link.created(session);
    this.#open(session);
  }

  #killed(ref: SessionRef): void {
    this.link.killed(ref);
    this.killedSessions.killed(ref);
    this.#close(ref);
  }

  /** Brings a just-killed session back and opens it (the live list then shows it). */
  async #undoKill(ref: SessionRef): Promise<void> {
    if (await this.killedSessions.undo(ref)) this.#open(ref);
  }

  /** After a dialog closes, typing goes to the terminal again. */
  #focusTerminal(): void {
    this.updateComplete.then(() => this.#activeView?.focus());
  }

  get #activeView(): TerminalView | null {
    return this.querySelector<TerminalView>("terminal-view[active]");
  }

  #route(): Route {
    if (this.overviewOpen) return { kind: "overview" };
    if (this.inboxOpen) return { kind: "inbox" };
    const [first, second] = this.split.panes ?? [];
    if (first && second) return { kind: "split", first, second };
    const selected = this.workspace.selected;
    return selected === null ? { kind: "none" } : { kind: "session", ref: selected };
  }

  #routeTo(route: Route): void {
    if (route.kind === "session") this.#open(route.ref);
    if (route.kind === "split") {
      this.split.restore(route.first, route.second, (ref) => this.#knownId(ref));
      this.#open(route.first); // Focuses the first pane; the other views close.
    }
    if (route.kind === "overview") this.#openView("overview");
    if (route.kind === "inbox") this.#openView("inbox");
  }

  #writeHash(): void {
    const hash = hashOf(this.#route());
    if (location.hash !== hash) {
      history.replaceState(null, "", hash === "" ? location.pathname : hash);
    }
  }

  #updateTitle(): void {
    const waiting = waitingCount(this.link.sessions, this.link.muted);
    document.title = badgeTitle(waiting, this.workspace.selected?.name ?? null);
    setFaviconBadge(waiting > 0);
  }

  /** Ask which session to open beside the focused one (the switcher, without that session). */
  #pickBeside(): void {
    const selected = this.workspace.selected;
    if (selected !== null) this.querySelector<QuickSwitcher>("quick-switcher")?.open(selected);
  }

  #openSearch(): void {
    this.drawerOpen = false;
    this.querySelector<SearchPanel>("search-panel")?.open();
  }

  /** Open a search result's session and show the match in its terminal. */
  async #openMatch(match: SearchSelectDetail): Promise<void> {
    this.#open(match);
    await this.updateComplete;
    await this.#activeView?.updateComplete; // A new view is set up once it has rendered.
    this.#activeView?.revealMatch(match.query, match.line);
  }

  /** Open a view over the terminals (the overview, the inbox or settings); the others close. */
  async #openView(view: PageView): Promise<void> {
    this.overviewOpen = view === "overview";
    this.inboxOpen = view === "inbox";
    this.settingsOpen = view === "settings";
    this.drawerOpen = false;
    this.#writeHash();
    await this.updateComplete;
    await this.querySelector<OverviewView | InboxView | SettingsView>(`${view}-view`)?.focusView();
  }

  /** Close a view: back to the terminal, or to the button that opened the view. */
  #closeView(view: PageView): void {
    if (view === "overview") this.overviewOpen = false;
    if (view === "inbox") this.inboxOpen = false;
    if (view === "settings") this.settingsOpen = false;
    this.#writeHash();
    this.#focusAfterView(VIEW_TOGGLES[view]);
  }

  /** A view closed: focus the terminal, or the button that opened the view when there is none. */
  #focusAfterView(toggle: string): void {
    if (this.#activeView !== null) this.#focusTerminal();
    else this.updateComplete.then(() => this.querySelector<HTMLElement>(toggle)?.focus());
  }

  #newSession(): void {
    this.drawerOpen = false;
    this.querySelector<NewSessionDialog>("new-session-dialog")?.open();
  }

  #barKey(key: BarKey): void {
    const view = this.#activeView;
    if (view === null) return;
    const bytes = keyBytes(key, view.applicationCursor);
    // A sticky Alt applies to the bar's own keys too (Alt+← moves a word back in a shell).
    view.sendText(this.altArmed ? withAlt(bytes) : bytes);
    this.altArmed = false;
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
    const selected = this.workspace.selected;
    if (selected === null) return;
    const key = sessionKey(selected);
    const open = !this.panels.notesOpen(key);
    this.panels.setNotesOpen(key, open);
    if (open) {
      this.updateComplete.then(() => this.querySelector<HTMLElement>("#notes-text")?.focus());
    } else this.#focusTerminal();
  };

  /** Collapse or bring back the sidebar; focus moves to the button that undoes it. */
  #setSidebarCollapsed(collapsed: boolean): void {
    this.panels.setSidebarCollapsed(collapsed);
    const undo = collapsed ? ".sidebar-expand" : ".sidebar-collapse";
    this.updateComplete.then(() => this.querySelector<HTMLElement>(undo)?.focus());
  }

  #hashChanged = (): void => {
    if (this.link.auth !== "ready") return;
    const route = routeFromHash(location.hash);
    if (route.kind === "overview" || route.kind === "inbox") {
      if (!(route.kind === "overview" ? this.overviewOpen : this.inboxOpen)) {
        this.#openView(route.kind);
      }
      return;
    }
    if (route.kind === "split" && hashOf(route) !== hashOf(this.#route())) this.#routeTo(route);
    // A thumbnail in the overview links to its session (the open one included).
    if (
      route.kind === "session" &&
      (this.overviewOpen || this.inboxOpen || !sameRef(route.ref, this.workspace.selected))
    ) this.#open(route.ref);
  };

  #globalKeydown = (event: KeyboardEvent): void => {
    if (this.link.auth !== "ready") return;
    const place = focusPlaceOf(document.activeElement);
    const shortcut = shortcutFor(event, isMac(navigator.platform), place);
    const dialogOpen = document.querySelector("dialog[open]") !== null;
    switch (shortcut) {
      case "switcher": {
        event.preventDefault();
        event.stopPropagation();
        const switcher = this.querySelector<QuickSwitcher>("quick-switcher");
        if (switcher?.isOpen) switcher.close();
        else if (!dialogOpen) switcher?.open();
        return;
      }
      case "search": {
        event.preventDefault();
        event.stopPropagation();
        const search = this.querySelector<SearchPanel>("search-panel");
        if (search?.isOpen) search.close();
        else if (!dialogOpen) this.#openSearch();
        return;
      }
      case "split":
      case "other-pane":
        event.preventDefault();
        event.stopPropagation();
        if (dialogOpen) return;
        if (shortcut === "split") this.#pickBeside();
        else this.#focusPane(this.split.otherUid);
        return;
      case "next-waiting":
        event.preventDefault();
        event.stopPropagation();
        if (!dialogOpen) this.querySelector<SessionTree>("session-tree")?.openNextNeedingYou();
        return;
      case "shortcuts": {
        const list = this.querySelector<ShortcutsDialog>("shortcuts-dialog");
        if (dialogOpen && !list?.isOpen) return;
        event.preventDefault();
        if (list?.isOpen) list.close();
        else list?.open();
        return;
      }
      case "escape":
        if (this.drawerOpen) this.drawerOpen = false;
        else if (this.overviewOpen && !dialogOpen) this.#closeView("overview");
        else if (this.inboxOpen && !dialogOpen) this.#closeView("inbox");
        else if (this.settingsOpen && !dialogOpen) this.#closeView("settings");
        return;
      case null:
        return;
    }
  };
}

customElements.define("maestro-app", MaestroApp);

declare global {
  interface HTMLElementTagNameMap {
    "maestro-app": MaestroApp;
  }
}
