/**
 * Owns `<restorable-list>`: the Restorable part under the session tree — vanished sessions of
 * every host, greyed and grouped by name, each with when it vanished, its agent, and Restore and
 * Forget buttons; Restore all; and the errors of listing and restoring until dismissed.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { RestorableSession } from "../../protocol/restorable.ts";
import { chevronIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Host, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";
import {
  agentsOf,
  buildRestorableTree,
  type RestorableGroupNode,
  type RestorableNode,
} from "./restorable_groups.ts";
import { NO_RESTORABLE, type RestorableState } from "./restorable_store.ts";
import { exactTime, vanishedText } from "./vanished_text.ts";

const OPEN_KEY = "maestro.tree.restorable";

/**
 * Properties in: `state` (from a RestorableStore), `hosts`, `now` (unix seconds). Events out:
 * `restore-request` with the `SessionRef[]` to restore, `restore-all-request`, `forget-request`
 * with a `SessionRef` (the app confirms it), `restorable-dismiss` when the errors were read.
 */
export class RestorableList extends LightElement {
  static override properties = {
    state: { attribute: false },
    hosts: { attribute: false },
    now: { attribute: false },
    open: { state: true },
  };

  declare state: RestorableState;
  declare hosts: Host[];
  declare now: number;
  declare open: boolean;
  /**
   * Which row's button was pressed: focus goes to the row then there once it is gone. (Busy
   * buttons are aria-disabled, not disabled, so that they keep the focus until then.)
   */
  #focusAfter: number | null = null;

  constructor() {
    super();
    this.state = NO_RESTORABLE;
    this.hosts = [];
    this.now = Date.now() / 1000;
    this.open = loadOpen();
  }

  override render(): TemplateResult | typeof nothing {
    const { sessions, errors, restoringAll } = this.state;
    if (sessions.length === 0 && errors.length === 0) return nothing;
    const sections = buildRestorableTree(sessions, this.hosts);
    const named = sections.length > 1 || sections.some((s) => s.host !== "local");
    const count = sessions.length;
    return html`
      <section class="restorable" aria-labelledby="restorable-heading">
        <div class="restorable-head">
          <h3 class="restorable-heading" id="restorable-heading">
            <button
              class="restorable-toggle"
              type="button"
              aria-expanded=${this.open ? "true" : "false"}
              aria-controls="restorable-body"
              title="Sessions that vanished with their tmux server (or were killed outside Maestro)"
              @click=${this.#toggle}
            >
              <span class="chevron">${chevronIcon}</span>
              <span>Restorable</span>
              <span class="count" aria-label=${`${count} session${
                count === 1 ? "" : "s"
              }`}>${count}</span>
            </button>
          </h3>
          ${count === 0 ? nothing : html`
            <button
              class="btn restore-all"
              type="button"
              aria-disabled=${restoringAll ? "true" : "false"}
              title="Bring back every vanished session in its directories and layouts, with its notes"
              @click=${() => {
                if (restoringAll) return;
                this.#focusAfter = 0;
                this.emit("restore-all-request");
              }}
            >${restoringAll ? "Restoring…" : `Restore all (${count})`}</button>
          `}
        </div>
        ${errors.length === 0 ? nothing : html`
          <div class="alert restorable-errors" role="alert">
            ${errors.map((error) => html`<p>${error}</p>`)}
            <button
              class="btn ghost restorable-dismiss"
              type="button"
              aria-label="Dismiss the restore errors"
              @click=${() => this.emit("restorable-dismiss")}
            >Dismiss</button>
          </div>
        `}
        <div id="restorable-body" ?hidden=${!this.open}>
          ${sections.map((section) =>
            html`
              ${named ? html`<h4 class="restorable-host">${section.hostName}</h4>` : nothing}
              <ul
                class="restorable-tree"
                aria-label=${named
                  ? `Restorable sessions on ${section.hostName}`
                  : "Restorable sessions"}
              >${this.#renderLevel(section.nodes, named ? section.hostName : null)}</ul>
            `
          )}
        </div>
      </section>
    `;
  }

  protected override updated(_changed: PropertyValues<this>): void {
    // A restored or forgotten row took the focus with it: give it to the row now in its place.
    const at = this.#focusAfter;
    const active = document.activeElement;
    if (at === null || (active !== null && active !== document.body)) return;
    this.#focusAfter = null;
    const buttons = [...this.querySelectorAll<HTMLButtonElement>("button.restore-one")];
    const target = buttons[Math.min(at, buttons.length - 1)] ??
      this.querySelector<HTMLButtonElement>(".restorable-toggle");
    target?.focus();
  }

  #renderLevel(nodes: readonly RestorableNode[], hostName: string | null): TemplateResult[] {
    return nodes.map((node) =>
      node.kind === "group"
        ? this.#renderGroup(node, hostName)
        : this.#renderSession(node.session, node.label, node.depth, node.hue, hostName)
    );
  }

  #renderGroup(group: RestorableGroupNode, hostName: string | null): TemplateResult {
    return html`
      <li class="restorable-group">
        <div
          class="tree-row group-row restorable-row ${group.depth > 0 ? "nested" : ""}"
          style="--depth: ${group.depth}; --hue: ${group.hue}"
          title=${group.path.join("-")}
        >
          <span class="chevron"></span>
          ${group.depth === 0 ? html`<span class="swatch" aria-hidden="true"></span>` : nothing}
          <span class="tree-label">${group.label}</span>
          <span class="count" aria-label=${`${group.count} sessions`}>${group.count}</span>
        </div>
        <ul>${this.#renderLevel(group.children, hostName)}</ul>
      </li>
    `;
  }

  #renderSession(
    session: RestorableSession,
    label: string,
    depth: number,
    hue: number,
    hostName: string | null,
  ): TemplateResult {
    const ref: SessionRef = { host: session.host, name: session.name };
    const busy = this.state.busy.has(sessionKey(ref)) || this.state.restoringAll;
    const where = hostName === null ? "" : ` on ${hostName}`;
    const agents = agentsOf(session).join(", ");
    const vanished = vanishedText(session.vanishedAt, this.now);
    const note = session.note?.split("\n")[0]?.trim() ?? "";
    return html`
      <li class="restorable-item" data-name=${session.name} data-host=${session.host}>
        <div
          class="tree-row restorable-row ${depth > 0 ? "nested" : ""}"
          style="--depth: ${depth}; --hue: ${hue}"
          title=${`${session.name}${where} in ${session.cwd}${
            session.command ? ` — ${session.command}` : ""
          }${note === "" ? "" : `\nNote: ${note}`}`}
        >
          <span class="chevron"></span>
          ${depth === 0 ? html`<span class="swatch" aria-hidden="true"></span>` : nothing}
          <span class="restorable-text">
            <span class="tree-label">${label}</span>
            <span class="restorable-meta">
              ${agents === "" ? nothing : html`<span class="restorable-agent">${agents}</span>`}
              <span class="vanished" title=${`Vanished ${
                exactTime(session.vanishedAt)
              }`}>${vanished}</span>
            </span>
          </span>
          <button
            class="btn ghost restore-one"
            type="button"
            aria-disabled=${busy ? "true" : "false"}
            aria-label=${`Restore ${session.name}${where}`}
            title="Restore: bring it back in its directories and layout, with its notes"
            @click=${() => busy || this.#act("restore-request", [ref])}
          >Restore</button>
          <button
            class="btn ghost forget-one"
            type="button"
            aria-disabled=${busy ? "true" : "false"}
            aria-label=${`Forget ${session.name}${where}`}
            title="Forget: stop offering it back (its notes are dropped)"
            @click=${() => busy || this.#act("forget-request", ref)}
          >Forget</button>
        </div>
      </li>
    `;
  }

  /** Ask for an action on one row, remembering the row for the focus. */
  #act<T>(type: string, detail: T): void {
    const buttons = [...this.querySelectorAll("button.restore-one")];
    const row = (document.activeElement as HTMLElement | null)?.closest(".restorable-item");
    const at = buttons.findIndex((button) => button.closest(".restorable-item") === row);
    this.#focusAfter = at < 0 ? null : at;
    this.emit<T>(type, detail);
  }

  #toggle = (): void => {
    this.open = !this.open;
    try {
      localStorage.setItem(OPEN_KEY, this.open ? "open" : "closed");
    } catch {
      // Storage unavailable: the choice lasts for this page.
    }
  };
}

function loadOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) !== "closed";
  } catch {
    return true;
  }
}

customElements.define("restorable-list", RestorableList);

declare global {
  interface HTMLElementTagNameMap {
    "restorable-list": RestorableList;
  }
}
