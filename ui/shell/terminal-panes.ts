/**
 * Owns `<terminal-panes>`: where the terminals sit — the open ones (only the focused one shown),
 * or a split's two, side by side or stacked with a divider between them, each with a small head
 * naming its session and closing it; and what shows when no terminal is open.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { hostAvailable } from "../hosts/host_status.ts";
import { closeIcon, plusIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Host } from "../shared/types.ts";
import type { OpenTerminal } from "./workspace.ts";
import { SPLIT_BOUNDS } from "./panel_sizes.ts";
import { isMac } from "./shortcuts.ts";
import { splitDirection } from "./split_pair.ts";

// Imported for their custom element definitions.
import "../terminal/terminal-view.ts";
import "./resize-handle.ts";

/** Keys move a split's divider by 5 % (Shift: 20 %). */
const SPLIT_STEPS = [5, 20] as const;

/**
 * Properties in: `terminals`, `activeUid` (the focused one), `panes` (a split's two terminals,
 * left or top first; null: no split), `share` (the first pane's percent), `hosts`,
 * `sessionCount` (for the empty state), `ctrlArmed`, `altArmed`. Events out: `pane-focus`
 * (detail: a terminal's uid), `pane-close` (detail: the uid of the pane that stays),
 * `split-resize` (detail: the new share), `new-session`; the terminal views' own events bubble
 * through (`terminal-close` from the view that closes).
 */
export class TerminalPanes extends LightElement {
  static override properties = {
    terminals: { attribute: false },
    activeUid: { attribute: false },
    panes: { attribute: false },
    share: { attribute: false },
    hosts: { attribute: false },
    sessionCount: { attribute: false },
    ctrlArmed: { attribute: false },
    altArmed: { attribute: false },
    direction: { state: true },
  };

  declare terminals: readonly OpenTerminal[];
  declare activeUid: string | null;
  declare panes: readonly [OpenTerminal, OpenTerminal] | null;
  declare share: number;
  declare hosts: readonly Host[];
  declare sessionCount: number;
  declare ctrlArmed: boolean;
  declare altArmed: boolean;
  declare direction: "row" | "column";

  constructor() {
    super();
    this.terminals = [];
    this.activeUid = null;
    this.panes = null;
    this.share = SPLIT_BOUNDS.initial;
    this.hosts = [];
    this.sessionCount = 0;
    this.ctrlArmed = false;
    this.altArmed = false;
    this.direction = splitDirection(innerWidth, innerHeight);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("resize", this.#viewportResized);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("resize", this.#viewportResized);
  }

  override render(): TemplateResult {
    const panes = this.panes;
    const hostOf = (id: string) => this.hosts.find((host) => host.id === id);
    const paneOf = (uid: string) =>
      panes === null
        ? null
        : panes[0].uid === uid
        ? "first"
        : panes[1].uid === uid
        ? "second"
        : null;
    if (panes === null) delete this.dataset.split;
    else this.dataset.split = this.direction;
    return html`
      ${repeat(this.terminals, (t) => t.uid, (t) => {
        const active = t.uid === this.activeUid;
        return html`
          <terminal-view
            .host=${t.host}
            .name=${t.name}
            .hostName=${hostOf(t.host)?.name ?? t.host}
            .hostOnline=${hostAvailable(hostOf(t.host))}
            ?active=${active}
            ?shown=${!active && paneOf(t.uid) !== null}
            data-pane=${paneOf(t.uid) ?? nothing}
            data-uid=${t.uid}
            id=${paneOf(t.uid) === "first" ? "split-first" : nothing}
            .ctrlArmed=${active && this.ctrlArmed}
            .altArmed=${active && this.altArmed}
            @focusin=${() => this.#focusPane(t.uid)}
            @mousedown=${() => this.#focusPane(t.uid)}
          ></terminal-view>
        `;
      })}
      ${panes === null ? nothing : this.#renderSplit(panes)}
      ${this.activeUid === null ? this.#renderEmpty() : nothing}
    `;
  }

  #renderSplit(panes: readonly [OpenTerminal, OpenTerminal]): TemplateResult {
    const row = this.direction === "row";
    const room = row ? this.clientWidth : this.clientHeight;
    return html`
      ${panes.map((pane, i) => {
        const focused = pane.uid === this.activeUid;
        const stays = panes[1 - i]?.uid ?? "";
        return html`
          <div
            class="pane-head"
            data-pane=${i === 0 ? "first" : "second"}
            data-focused=${focused ? "true" : "false"}
            @click=${() => this.#focusPane(pane.uid)}
          >
            <span class="pane-name" title=${focused ? "Focused pane" : "Click to focus"}>${pane
              .name}</span>
            <button
              class="btn ghost icon pane-close"
              type="button"
              aria-label=${`Close ${pane.name}'s pane`}
              title="Close this pane (back to one terminal)"
              @click=${(e: Event) => {
                e.stopPropagation();
                this.emit("pane-close", stays);
              }}
            >${closeIcon}</button>
          </div>
        `;
      })}
      <resize-handle
        class="split-handle"
        label="Split divider"
        controls="split-first"
        grows=${row ? "ArrowRight" : "ArrowDown"}
        .bounds=${SPLIT_BOUNDS}
        .value=${this.share}
        .unit=${room > 0 ? room / 100 : 1}
        .steps=${SPLIT_STEPS}
        @resize=${(e: CustomEvent<number>) => {
          e.stopPropagation();
          this.emit("split-resize", e.detail);
        }}
      ></resize-handle>
    `;
  }

  #renderEmpty(): TemplateResult {
    const mod = isMac(navigator.platform) ? "⌘" : "Ctrl";
    return html`<div class="empty">
      ${
      this.sessionCount === 0
        ? html`
          <h2>No sessions yet</h2>
          <p>Start an agent or a shell; it keeps running in tmux when you close this page.</p>
        `
        : html`
          <h2>Pick a session</h2>
          <p>
            Choose one in the sidebar, or press <kbd>${mod}+Shift+K</kbd> to jump to one
            (<kbd>?</kbd> lists every shortcut).
          </p>
        `
    }
      <p>
        <button class="btn primary" type="button" @click=${() => this.emit("new-session")}>
          ${plusIcon}<span>New session</span>
        </button>
      </p>
    </div>`;
  }

  #focusPane(uid: string): void {
    if (this.panes !== null && uid !== this.activeUid) this.emit("pane-focus", uid);
  }

  #viewportResized = (): void => {
    this.direction = splitDirection(innerWidth, innerHeight);
    if (this.panes !== null) this.requestUpdate();
  };
}

customElements.define("terminal-panes", TerminalPanes);

declare global {
  interface HTMLElementTagNameMap {
    "terminal-panes": TerminalPanes;
  }
}
