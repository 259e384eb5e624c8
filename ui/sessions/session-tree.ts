/**
 * Owns `<session-tree>`: the sidebar's filterable, keyboard-navigable tree of sessions, with the
 * Restorable part (`<restorable-list>`) under it. Over 400 lines because rendering, the tree's
 * keyboard navigation and the filter share one row list.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import {
  type BroadcastTargets,
  type GroupState,
  groupState,
  toggleGroup,
  toggleSession,
} from "../broadcast/broadcast_selection.ts";
import { bellOffIcon, chevronIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import {
  HOST_STATE_TEXT,
  hostAvailable,
  hostStateKind,
  lastSeenText,
  offlineReason,
} from "../hosts/host_status.ts";
import { relativeTime, relativeTimeLong } from "../shared/relative_time.ts";
import {
  buildTree,
  type GroupNode,
  groupOf,
  type HostSection,
  nextNeedingYou,
  type TreeNode,
  type TreeOrder,
  visibleRows,
} from "./session_groups.ts";
import { NO_RESTORABLE, type RestorableState } from "./restorable_store.ts";
import { STATUS_TEXT, statusDot } from "./status_dot.ts";
import type { Host, Session, SessionRef, SessionStatus } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

// Imported for its custom element definition.
import "./restorable-list.ts";

const COLLAPSED_KEY = "maestro.tree.collapsed";
const VIEW_KEY = "maestro.tree.view";
/** The page-wide key that opens the next session needing you (see ui/shell/shortcuts.ts). */
const NEXT_WAITING_KEYS = "Ctrl+Shift+Enter";

/** The statuses the tree's chips filter by (exited sessions show with "all"). */
const FILTER_STATUSES: readonly SessionStatus[] = ["needs-you", "done", "working", "idle"];

interface TreeView {
  order: TreeOrder;
  statuses: SessionStatus[];
}

function loadView(): TreeView {
  try {
    const stored = JSON.parse(localStorage.getItem(VIEW_KEY) ?? "{}");
    return {
      order: stored.order === "status" ? "status" : "name",
      statuses: Array.isArray(stored.statuses)
        ? stored.statuses.filter((s: unknown) => FILTER_STATUSES.includes(s as SessionStatus))
        : [],
    };
  } catch {
    return { order: "name", statuses: [] };
  }
}

function loadCollapsed(): Set<string> {
  try {
    const stored = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? "[]");
    return new Set(Array.isArray(stored) ? stored.filter((k) => typeof k === "string") : []);
  } catch {
    return new Set();
  }
}

/**
 * Properties in: `sessions`, `hosts`, `selected` (a session key), `muted` (session keys),
 * `broadcast` (the ticked session keys while broadcasting, else null), `restorable` (the vanished
 * sessions, see RestorableStore; its part's events bubble through). Events out:
 * `session-select` with a `SessionRef` when a session is chosen (`session-beside` with Ctrl or ⌘
 * held, by click or Enter: open it beside the open one); `broadcast-change` with the new set
 * of keys when a box is ticked.
 */
export class SessionTree extends LightElement {
  static override properties = {
    sessions: { attribute: false },
    hosts: { attribute: false },
    selected: { attribute: false },
    broadcast: { attribute: false },
    muted: { attribute: false },
    restorable: { attribute: false },
    filter: { state: true },
    order: { state: true },
    statusFilter: { state: true },
    collapsed: { state: true },
    focusKey: { state: true },
    now: { state: true },
  };

  declare sessions: Session[];
  declare hosts: Host[];
  declare selected: string | null;
  declare broadcast: BroadcastTargets | null;
  declare muted: ReadonlySet<string>;
  declare restorable: RestorableState;
  declare filter: string;
  declare order: TreeOrder;
  /** The statuses shown; empty: all of them. */
  declare statusFilter: ReadonlySet<SessionStatus>;
  declare collapsed: Set<string>;
  declare focusKey: string | null;
  declare now: number;
  #clock: ReturnType<typeof setInterval> | undefined;
  #sections: HostSection[] = [];

  constructor() {
    super();
    this.sessions = [];
    this.hosts = [];
    this.selected = null;
    this.broadcast = null;
    this.muted = new Set();
    this.restorable = NO_RESTORABLE;
    this.filter = "";
    const view = loadView();
    this.order = view.order;
    this.statusFilter = new Set(view.statuses);
    this.collapsed = loadCollapsed();
    this.focusKey = null;
    this.now = Date.now() / 1000;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => (this.now = Date.now() / 1000), 10_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** Put keyboard focus on the filter box. */
  focusFilter(): void {
    this.querySelector<HTMLInputElement>("input[type=search]")?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("sessions")) this.now = Date.now() / 1000;
    if (changed.has("selected") && this.selected !== null) this.#revealSelected();
    this.#sections = buildTree(this.sessions, this.hosts, {
      filter: this.filter,
      order: this.order,
      statuses: this.statusFilter.size === 0 ? null : this.statusFilter,
    });
  }

  override render(): TemplateResult {
    const multiHost = this.#sections.length > 1;
    const narrowed = this.#narrowed;
    const rows = this.#sections.flatMap((section) =>
      visibleRows(section.nodes, this.collapsed, narrowed)
    );
    const focusKey = rows.some((row) => row.node.key === this.focusKey)
      ? this.focusKey
      : rows.find((row) => row.node.key === this.selected)?.node.key ?? rows[0]?.node.key ?? null;
    const total = this.#sections.reduce((sum, section) => sum + section.count, 0);
    return html`
      <div class="tree-filter">
        <label class="visually-hidden" for="tree-filter-input">Filter sessions</label>
        <input
          id="tree-filter-input"
          class="input"
          type="search"
          placeholder="Filter sessions"
          autocomplete="off"
          spellcheck="false"
          .value=${this.filter}
          @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
          @keydown=${this.#filterKeydown}
        >
      </div>
      ${this.#renderView()}
      <div class="tree-scroll">
        ${this.#sections.map((section) =>
          section.count === 0 && (!multiHost || narrowed) ? nothing : html`
            <div class="host-section">
              ${multiHost ? this.#renderHostHeading(section) : nothing}
              <ul
                class="tree"
                role="tree"
                aria-label=${multiHost ? `Sessions on ${section.host.name}` : "Sessions"}
                @keydown=${this.#treeKeydown}
              >
                ${this.#renderLevel(section.nodes, focusKey, hostAvailable(section.host))}
              </ul>
            </div>
          `
        )}
        ${total === 0
          ? html`<p class="tree-empty">${
            this.sessions.length === 0
              ? "No sessions yet."
              : this.filter !== ""
              ? `No session matches “${this.filter}”.`
              : "No session has these statuses."
          }</p>`
          : nothing}
        <restorable-list
          .state=${this.restorable}
          .hosts=${this.hosts}
          .now=${this.now}
        ></restorable-list>
      </div>
    `;
  }

  /** Filtering by text or status: every group is open, so the matches show. */
  get #narrowed(): boolean {
    return this.filter !== "" || this.statusFilter.size > 0;
  }

  /** The order toggle and the status chips, each with how many sessions have that status. */
  #renderView(): TemplateResult {
    const counts = new Map<SessionStatus, number>();
    for (const s of this.sessions) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    return html`
      <div class="tree-view" role="group" aria-label="Order and show">
        <button
          class="chip order-toggle"
          type="button"
          aria-pressed=${this.order === "status" ? "true" : "false"}
          title="Sort the sessions that need you first, then done, working, idle"
          @click=${() => this.#setView(this.order === "status" ? "name" : "status", null)}
        >Needs you first</button>
        <button
          class="chip next-waiting"
          type="button"
          ?disabled=${(counts.get("needs-you") ?? 0) === 0}
          title="Open the next session that needs you (${NEXT_WAITING_KEYS})"
          @click=${() => this.openNextNeedingYou()}
          aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
        >Next ↵</button>
        ${FILTER_STATUSES.map((status) => {
          const count = counts.get(status) ?? 0;
          return html`
            <button
              class="chip status-chip"
              type="button"
              data-status=${status}
              aria-pressed=${this.statusFilter.has(status) ? "true" : "false"}
              aria-label=${`Show ${STATUS_TEXT[status].toLowerCase()}: ${count}`}
              title=${`Show only the sessions that are ${STATUS_TEXT[status].toLowerCase()}`}
              @click=${() => this.#setView(null, status)}
            ><span class="dot" data-status=${status} aria-hidden="true"></span>${count}</button>
          `;
        })}
      </div>
    `;
  }

  /**
   * Open the next session that needs you after the selected one, in the tree's order (filters
   * aside), wrapping around. False when none needs you.
   */
  openNextNeedingYou(): boolean {
    const sections = buildTree(this.sessions, this.hosts, { order: this.order });
    const next = nextNeedingYou(sections, this.selected);
    if (next === null) return false;
    this.focusKey = sessionKey(next);
    this.emit<SessionRef>("session-select", next);
    return true;
  }

  /** A new order, or one status chip toggled; remembered in this browser. */
  #setView(order: TreeOrder | null, toggle: SessionStatus | null): void {
    if (order !== null) this.order = order;
    if (toggle !== null) {
      const next = new Set(this.statusFilter);
      if (next.has(toggle)) next.delete(toggle);
      else next.add(toggle);
      this.statusFilter = next;
    }
    try {
      localStorage.setItem(
        VIEW_KEY,
        JSON.stringify({ order: this.order, statuses: [...this.statusFilter] }),
      );
    } catch {
      // Storage unavailable: the choice lasts for this page.
    }
  }

  /** The host's name and state; when it is not online, why and when it was last seen. */
  #renderHostHeading(section: HostSection): TemplateResult {
    const host = section.host;
    const kind = hostStateKind(host);
    const reason = offlineReason(host);
    const detail = kind === "offline"
      ? [reason, lastSeenText(host.lastSeen, this.now)].filter(Boolean).join(" · ")
      : kind === "disabled"
      ? "Enable it in Settings to see its sessions"
      : "";
    return html`
      <div class="host-heading-block" data-state=${kind}>
        <h3 class="host-heading">
          <span class="host-name">${host.name}</span>
          <span class="host-state" data-status=${host.status} data-state=${kind}>
            ${kind === "online"
              ? html`online · <span title=${`${section.count} session${
                section.count === 1 ? "" : "s"
              }`}>${section.count}</span>`
              : HOST_STATE_TEXT[kind].toLowerCase()}
          </span>
        </h3>
        ${detail === "" ? nothing : html`<p class="host-detail">${detail}</p>`}
      </div>
    `;
  }

  #renderLevel(
    nodes: readonly TreeNode[],
    focusKey: string | null,
    available: boolean,
  ): TemplateResult[] {
    return nodes.map((node, index) =>
      node.kind === "group"
        ? this.#renderGroup(node, index + 1, nodes.length, focusKey, available)
        : this.#renderSession(
          node.session,
          node.label,
          node.depth,
          node.hue,
          index + 1,
          nodes.length,
          focusKey,
          available,
        )
    );
  }

  #renderGroup(
    group: GroupNode,
    position: number,
    size: number,
    focusKey: string | null,
    available: boolean,
  ): TemplateResult {
    const open = this.#narrowed || !this.collapsed.has(group.key);
    const waiting = group.statuses["needs-you"];
    const done = group.statuses.done;
    const countText = `${group.count} session${group.count === 1 ? "" : "s"}${
      waiting > 0 ? `, ${waiting} need${waiting === 1 ? "s" : ""} you` : ""
    }${done > 0 ? `, ${done} done` : ""}`;
    const ticked = this.broadcast === null ? null : groupState(group, this.broadcast);
    return html`
      <li
        role="treeitem"
        aria-expanded=${open ? "true" : "false"}
        aria-level=${group.depth + 1}
        aria-posinset=${position}
        aria-setsize=${size}
        aria-label=${`${group.label}, ${countText}`}
        tabindex=${group.key === focusKey ? 0 : -1}
        data-key=${group.key}
        data-kind="group"
        data-unavailable=${available ? nothing : "true"}
        aria-checked=${ticked === null ? nothing : ARIA_CHECKED[ticked]}
        data-broadcast=${ticked === null || ticked === "none" ? nothing : ticked}
      >
        <div
          class="tree-row group-row ${group.depth > 0 ? "nested" : ""}"
          style="--depth: ${group.depth}; --hue: ${group.hue}"
          title=${group.path.join("-")}
          @click=${() => this.#toggle(group.key)}
        >
          <span class="chevron">${chevronIcon}</span>
          ${ticked === null
            ? nothing
            : this.#broadcastBox(`Broadcast to group ${group.label}`, ticked, () =>
              this.#tick(group))}
          ${group.depth === 0 ? html`<span class="swatch" aria-hidden="true"></span>` : nothing}
          <span class="tree-label">${group.label}</span>
          <span class="count ${waiting > 0 ? "has-waiting" : ""}" title=${countText}>${group
            .count}</span>
        </div>
        ${open
          ? html`<ul role="group">${this.#renderLevel(group.children, focusKey, available)}</ul>`
          : nothing}
      </li>
    `;
  }

  #renderSession(
    session: Session,
    label: string,
    depth: number,
    hue: number,
    position: number,
    size: number,
    focusKey: string | null,
    available: boolean,
  ): TemplateResult {
    const key = sessionKey(session);
    const selected = key === this.selected;
    const statusText = STATUS_TEXT[session.status] ?? session.status;
    const ago = relativeTimeLong(session.activity, this.now);
    // Sessions of a host that is down stay listed (they are probably still running there),
    // greyed, with their last known status.
    const unavailable = available ? "" : ", unavailable: its host is offline";
    const ticked = this.broadcast === null ? null : this.broadcast.has(key) ? "all" : "none";
    const muted = this.muted.has(key);
    return html`
      <li
        role="treeitem"
        aria-level=${depth + 1}
        aria-posinset=${position}
        aria-setsize=${size}
        aria-selected=${selected ? "true" : "false"}
        aria-label=${`${label}, ${statusText}${muted ? ", muted" : ""}, ${ago}${unavailable}`}
        tabindex=${key === focusKey ? 0 : -1}
        data-key=${key}
        data-kind="session"
        data-name=${session.name}
        data-unavailable=${available ? nothing : "true"}
        aria-checked=${ticked === null ? nothing : ARIA_CHECKED[ticked]}
        data-broadcast=${ticked === "all" ? ticked : nothing}
        data-muted=${muted ? "true" : nothing}
        title=${`${session.name}${session.command ? ` — ${session.command}` : ""}${
          session.cwd ? ` in ${session.cwd}` : ""
        }${available ? "" : " (unavailable: its host is offline)"}`}
      >
        <div
          class="tree-row session-row ${depth > 0 ? "nested" : ""}"
          style="--depth: ${depth}; --hue: ${hue}"
          @click=${(e: MouseEvent) => this.#select(session, e.ctrlKey || e.metaKey)}
        >
          <span class="chevron"></span>
          ${ticked === null ? nothing : this.#broadcastBox(
            `Broadcast to ${session.name}${session.host === "local" ? "" : ` on ${session.host}`}`,
            ticked,
            () => this.#tick(session),
          )}
          ${depth === 0 ? html`<span class="swatch" aria-hidden="true"></span>` : nothing}
          ${statusDot(session.status, session.statusRule)}
          <span class="tree-label">${label}</span>
          ${muted
            ? html`<span class="muted-mark" title="Muted: no notifications">${bellOffIcon}</span>`
            : nothing}
          <span class="age" aria-hidden="true">${relativeTime(session.activity, this.now)}</span>
        </div>
      </li>
    `;
  }

  /** A tick box for broadcasting; a click on it never opens or folds the row. */
  #broadcastBox(label: string, state: GroupState, toggle: () => void): TemplateResult {
    return html`
      <input
        type="checkbox"
        class="broadcast-check"
        tabindex="-1"
        aria-label=${label}
        .checked=${live(state === "all")}
        .indeterminate=${state === "some"}
        @click=${(e: Event) => {
          e.stopPropagation();
          toggle();
        }}
      >
    `;
  }

  /** Tick or untick a session, or every session of a group, for broadcasting. */
  #tick(target: GroupNode | Session): void {
    if (this.broadcast === null) return;
    const next = "kind" in target
      ? toggleGroup(this.broadcast, target)
      : toggleSession(this.broadcast, sessionKey(target));
    this.emit<Set<string>>("broadcast-change", next);
  }

  /** Open `ref`, or (Ctrl/⌘+click) open it beside the open session in a split. */
  #select(ref: SessionRef, beside = false): void {
    this.focusKey = sessionKey(ref);
    this.emit<SessionRef>(beside ? "session-beside" : "session-select", {
      host: ref.host,
      name: ref.name,
    });
  }

  #toggle(key: string): void {
    const collapsed = new Set(this.collapsed);
    if (collapsed.has(key)) collapsed.delete(key);
    else collapsed.add(key);
    this.#setCollapsed(collapsed);
    this.focusKey = key;
  }

  #setCollapsed(collapsed: Set<string>): void {
    this.collapsed = collapsed;
    try {
      localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...collapsed]));
    } catch {
      // Private mode or full storage: the state lasts for this page only.
    }
  }

  /** Expand the groups above the selected session so it can be seen. */
  #revealSelected(): void {
    const session = this.sessions.find((s) => sessionKey(s) === this.selected);
    if (session === undefined) return;
    const path = groupOf(session);
    const ancestors = path.slice(0, -1).map((_, depth) =>
      `${session.host}\x1f${path.slice(0, depth + 1).join("\x1f")}`
    );
    if (ancestors.some((key) => this.collapsed.has(key))) {
      const collapsed = new Set(this.collapsed);
      for (const key of ancestors) collapsed.delete(key);
      this.#setCollapsed(collapsed);
    }
  }

  #filterKeydown = (event: KeyboardEvent): void => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      this.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
    } else if (event.key === "Escape" && this.filter !== "") {
      event.preventDefault();
      this.filter = "";
    } else if (event.key === "Enter") {
      const first = this.#sections.flatMap((section) =>
        visibleRows(section.nodes, this.collapsed, true)
      )
        .find((row) => row.node.kind === "session");
      if (first?.node.kind === "session") this.#select(first.node.session);
    }
  };

  #treeKeydown = (event: KeyboardEvent): void => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (item === null) return;
    const rows = this.#sections.flatMap((section) =>
      visibleRows(section.nodes, this.collapsed, this.#narrowed)
    );
    const index = rows.findIndex((row) => row.node.key === item.dataset.key);
    const row = rows[index];
    if (row === undefined) return;
    const node = row.node;
    const open = node.kind === "group" && (this.#narrowed || !this.collapsed.has(node.key));
    let target: string | null | undefined;
    switch (event.key) {
      case "ArrowDown":
        target = rows[index + 1]?.node.key;
        break;
      case "ArrowUp":
        target = rows[index - 1]?.node.key;
        break;
      case "Home":
        target = rows[0]?.node.key;
        break;
      case "End":
        target = rows.at(-1)?.node.key;
        break;
      case "ArrowRight":
        if (node.kind === "group") {
          if (!open) this.#toggle(node.key);
          else target = node.children[0]?.key;
        }
        break;
      case "ArrowLeft":
        if (node.kind === "group" && open) this.#toggle(node.key);
        else target = row.parent;
        break;
      case "Enter":
      case " ":
        // While broadcasting, Space ticks the row's box; Enter still opens or folds it.
        if (event.key === " " && this.broadcast !== null) {
          this.#tick(node.kind === "group" ? node : node.session);
        } else if (node.kind === "group") this.#toggle(node.key);
        else this.#select(node.session, event.ctrlKey || event.metaKey);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (target) {
      this.focusKey = target;
      this.updateComplete.then(() =>
        this.querySelector<HTMLElement>(`[data-key="${CSS.escape(target as string)}"]`)?.focus()
      );
    }
  };
}

const ARIA_CHECKED: Record<GroupState, string> = { none: "false", some: "mixed", all: "true" };

customElements.define("session-tree", SessionTree);

declare global {
  interface HTMLElementTagNameMap {
    "session-tree": SessionTree;
  }
}
