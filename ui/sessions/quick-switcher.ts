/**
 * Owns `<quick-switcher>`: Ctrl+Shift+K (or Ctrl+K outside a terminal, ⌘K on a Mac), type parts of
 * a name, Enter to jump to that session. Opened for a split, it asks which session to open beside
 * the open one (that one is not offered).
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { compareNames } from "../../protocol/name_order.ts";
import { rankSessions } from "./session_match.ts";
import { LightElement } from "../shared/light_element.ts";
import { statusDot } from "./status_dot.ts";
import type { Session, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

const MAX_RESULTS = 50;

/**
 * Properties in: `sessions`, `recent` (keys, most recent first). Events out: `session-select`, or
 * `session-beside` when opened with the session to open one beside.
 */
export class QuickSwitcher extends LightElement {
  static override properties = {
    sessions: { attribute: false },
    recent: { attribute: false },
    query: { state: true },
    index: { state: true },
    beside: { state: true },
  };

  declare sessions: Session[];
  declare recent: readonly string[];
  declare query: string;
  declare index: number;
  /** The session to open the chosen one beside (null: jump to it). */
  declare beside: SessionRef | null;

  constructor() {
    super();
    this.sessions = [];
    this.recent = [];
    this.query = "";
    this.index = 0;
    this.beside = null;
  }

  get isOpen(): boolean {
    return this.querySelector("dialog")?.open ?? false;
  }

  async open(beside: SessionRef | null = null): Promise<void> {
    this.beside = beside;
    this.query = "";
    this.index = 0;
    await this.updateComplete;
    const dialog = this.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    this.querySelector<HTMLInputElement>("#switcher-input")?.focus();
  }

  close(): void {
    this.querySelector("dialog")?.close();
  }

  #results(): Session[] {
    // With no query, recently viewed sessions come first.
    const rank = (s: Session) => {
      const at = this.recent.indexOf(sessionKey(s));
      return at < 0 ? Number.MAX_SAFE_INTEGER : at;
    };
    const ordered = [...this.sessions].sort((a, b) =>
      rank(a) - rank(b) || compareNames(a.name, b.name)
    );
    const beside = this.beside === null ? null : sessionKey(this.beside);
    const offered = beside === null ? ordered : ordered.filter((s) => sessionKey(s) !== beside);
    return rankSessions(offered, this.query).slice(0, MAX_RESULTS);
  }

  override render(): TemplateResult {
    const results = this.#results();
    const index = Math.min(this.index, Math.max(0, results.length - 1));
    const active = results[index];
    const label = this.beside === null ? "Jump to session" : `Open beside ${this.beside.name}`;
    return html`
      <dialog
        class="switcher"
        aria-label=${this.beside === null ? "Quick switcher" : "Split view"}
        @click=${this.#backdropClick}
      >
        <div class="switcher-body">
          <label class="visually-hidden" for="switcher-input">${label}</label>
          <input
            id="switcher-input"
            class="input"
            role="combobox"
            aria-expanded="true"
            aria-controls="switcher-list"
            aria-autocomplete="list"
            aria-activedescendant=${active ? `switcher-${index}` : nothing}
            autocomplete="off"
            spellcheck="false"
            placeholder=${`${label}…`}
            .value=${this.query}
            @input=${(e: Event) => {
              this.query = (e.target as HTMLInputElement).value;
              this.index = 0;
            }}
            @keydown=${(e: KeyboardEvent) => this.#keydown(e, results)}
          >
          <ul id="switcher-list" class="switcher-list" role="listbox" aria-label="Sessions">
            ${results.map((session, i) =>
              html`
                <li
                  id=${`switcher-${i}`}
                  role="option"
                  aria-selected=${i === index ? "true" : "false"}
                  @click=${() => this.#choose(session)}
                  @mousemove=${() => (this.index = i)}
                >
                                ${statusDot(session.status, session.statusRule)}
                                <span class="name">${session.name}</span>
                                <span class="sub">${session.command || ""}${session.host !== "local"
                                  ? ` · ${session.host}`
                                  : ""}</span>
                              </li>
              `
            )}
          </ul>
          ${results.length === 0
            ? html`<p class="switcher-empty">No session matches “${this.query}”.</p>`
            : nothing}
        </div>
      </dialog>
    `;
  }

  #keydown(event: KeyboardEvent, results: Session[]): void {
    if (event.key === "ArrowDown") {
      this.index = Math.min(results.length - 1, this.index + 1);
    } else if (event.key === "ArrowUp") {
      this.index = Math.max(0, this.index - 1);
    } else if (event.key === "Enter") {
      const session = results[Math.min(this.index, results.length - 1)];
      if (session) this.#choose(session);
    } else {
      return;
    }
    event.preventDefault();
    this.updateComplete.then(() =>
      this.querySelector('[role="option"][aria-selected="true"]')?.scrollIntoView({
        block: "nearest",
      })
    );
  }

  #choose(session: Session): void {
    this.close();
    const event = this.beside === null ? "session-select" : "session-beside";
    this.emit<SessionRef>(event, { host: session.host, name: session.name });
  }

  #backdropClick = (event: MouseEvent): void => {
    // A click on the dialog element itself (not its content) is a click on the backdrop.
    if (event.target === event.currentTarget) this.close();
  };
}

customElements.define("quick-switcher", QuickSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    "quick-switcher": QuickSwitcher;
  }
}
