/**
 * Owns `<search-panel>`: Ctrl/Cmd+Shift+F or the sidebar's search button, type some text, see the
 * matching lines of every session grouped by session, choose one to open it at that line.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { SearchMatch, SearchResult } from "../../protocol/search.ts";
import { type ApiClient, ApiError } from "../shared/api_client.ts";
import { LightElement } from "../shared/light_element.ts";
import { clipAround, groupMatches, highlightParts, lineLabel } from "./search_results.ts";

/** Lines of scrollback searched above each screen when "Scrollback" is ticked. */
export const PANEL_SCROLLBACK_LINES = 1000;
const TYPING_PAUSE_MS = 250;
const SCROLLBACK_KEY = "maestro.search.scrollback";

/** `search-select`'s detail: the session and line to open, and the text to show there. */
export interface SearchSelectDetail {
  host: string;
  name: string;
  line: number;
  column: number;
  query: string;
}

function storedScrollback(): boolean {
  try {
    return localStorage.getItem(SCROLLBACK_KEY) !== "false";
  } catch {
    return true;
  }
}

/** Properties in: `api`. Events out: `search-select` ({@link SearchSelectDetail}). */
export class SearchPanel extends LightElement {
  static override properties = {
    api: { attribute: false },
    query: { state: true },
    scrollback: { state: true },
    result: { state: true },
    searching: { state: true },
    error: { state: true },
    index: { state: true },
  };

  declare api: ApiClient | null;
  declare query: string;
  declare scrollback: boolean;
  declare result: SearchResult | null;
  declare searching: boolean;
  declare error: string;
  declare index: number;

  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest request is shown. */
  #latest = 0;

  constructor() {
    super();
    this.api = null;
    this.query = "";
    this.scrollback = storedScrollback();
    this.result = null;
    this.searching = false;
    this.error = "";
    this.index = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#latest++;
  }

  get isOpen(): boolean {
    return this.querySelector("dialog")?.open ?? false;
  }

  /** Open with the last text selected; search again, since screens change. */
  async open(): Promise<void> {
    await this.updateComplete;
    const dialog = this.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    const input = this.querySelector<HTMLInputElement>("#search-input");
    input?.focus();
    input?.select();
    if (this.query.trim() !== "") this.#searchNow();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.querySelector("dialog")?.close();
  }

  override render(): TemplateResult {
    const matches = this.result?.matches ?? [];
    const index = Math.min(this.index, Math.max(0, matches.length - 1));
    const active = matches.length > 0 ? `search-hit-${index}` : nothing;
    let position = 0;
    return html`
      <dialog class="search-panel" aria-label="Search all sessions" @click=${this.#backdropClick}>
        <div class="search-body">
          <div class="search-bar">
            <label class="visually-hidden" for="search-input">Text to find in every session</label>
            <input
              id="search-input"
              class="input"
              type="text"
              role="combobox"
              aria-expanded=${matches.length > 0 ? "true" : "false"}
              aria-controls="search-results"
              aria-autocomplete="list"
              aria-activedescendant=${active}
              autocomplete="off"
              spellcheck="false"
              maxlength="256"
              placeholder="Search all sessions…"
              .value=${this.query}
              @input=${this.#typed}
              @keydown=${(e: KeyboardEvent) => this.#keydown(e, matches)}
            >
            <label class="search-scrollback" title=${`Also search ${PANEL_SCROLLBACK_LINES} lines of scrollback`}>
              <input
                type="checkbox"
                .checked=${this.scrollback}
                @change=${this.#scrollbackChanged}
              > Scrollback
            </label>
          </div>
          <p class="search-status" role="status">${this.#statusText()}</p>
          <div id="search-results" class="search-results" role="listbox" aria-label="Matches">
            ${groupMatches(matches).map((group) =>
              html`
                <div class="search-group" role="group" aria-label=${group.host === "local"
                  ? group.name
                  : `${group.name} on ${group.host}`}>
                  <div class="search-group-head" aria-hidden="true">
                    <span class="name">${group.name}</span>
                    ${group.host === "local"
                      ? nothing
                      : html`<span class="sub">${group.host}</span>`}
                  </div>
                  ${group.matches.map((match) => this.#renderMatch(match, position++, index))}
                </div>
              `
            )}
          </div>
          ${this.result !== null && this.result.errors.length > 0
            ? html`
              <ul class="search-errors" aria-label="Not searched">
                ${this.result.errors.map((e) => html`<li>${e.error}</li>`)}
              </ul>
            `
            : nothing}
        </div>
      </dialog>
    `;
  }

  #renderMatch(match: SearchMatch, position: number, index: number): TemplateResult {
    const query = this.result?.query ?? "";
    return html`
      <div
        id=${`search-hit-${position}`}
        class="search-hit"
        role="option"
        aria-selected=${position === index ? "true" : "false"}
        @click=${() => this.#choose(match)}
        @mousemove=${() => (this.index = position)}
      >
        <span class="search-line">${lineLabel(match.line)}</span>
        <code class="search-text">${highlightParts(clipAround(match.text, match.column), query).map(
          (part) => part.hit ? html`<mark>${part.text}</mark>` : part.text,
        )}</code>
      </div>
    `;
  }

  #statusText(): string {
    if (this.error !== "") return this.error;
    if (this.searching && this.result === null) return "Searching…";
    const result = this.result;
    if (result === null) {
      return "Finds text on the screen of every session, on every host.";
    }
    const count = result.matches.length;
    if (count === 0) return `No matches for “${result.query}”.`;
    const sessions = groupMatches(result.matches).length;
    return `${count}${result.truncated ? "+" : ""} ${count === 1 ? "match" : "matches"} in ` +
      `${sessions} ${sessions === 1 ? "session" : "sessions"}` +
      (result.truncated ? " (more not shown: try a longer text)" : "");
  }

  #typed = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#searchNow(), TYPING_PAUSE_MS);
  };

  #scrollbackChanged = (event: Event): void => {
    this.scrollback = (event.target as HTMLInputElement).checked;
    try {
      localStorage.setItem(SCROLLBACK_KEY, String(this.scrollback));
    } catch {
      // Storage unavailable: the choice lasts for this page.
    }
    this.#searchNow();
    this.querySelector<HTMLInputElement>("#search-input")?.focus();
  };

  async #searchNow(): Promise<void> {
    clearTimeout(this.#timer);
    const request = ++this.#latest;
    const query = this.query;
    if (query.trim() === "" || this.api === null) {
      this.result = null;
      this.error = "";
      this.searching = false;
      return;
    }
    this.searching = true;
    try {
      const result = await this.api.search(query, this.scrollback ? PANEL_SCROLLBACK_LINES : 0);
      if (request !== this.#latest) return;
      // A fresh answer to the same text keeps the person's place in the list.
      if (result.query !== this.result?.query) this.index = 0;
      this.result = result;
      this.error = "";
    } catch (error) {
      if (request !== this.#latest) return;
      this.result = null;
      this.error = error instanceof ApiError ? error.message : String(error);
    } finally {
      if (request === this.#latest) this.searching = false;
    }
  }

  #keydown(event: KeyboardEvent, matches: SearchMatch[]): void {
    if (event.key === "ArrowDown") {
      this.index = Math.min(matches.length - 1, this.index + 1);
    } else if (event.key === "ArrowUp") {
      this.index = Math.max(0, this.index - 1);
    } else if (event.key === "Enter") {
      // Results for other text than typed are stale; a refresh of the same text is not.
      const stale = this.result?.query !== this.query;
      const match = matches[Math.min(this.index, matches.length - 1)];
      if (stale || match === undefined) this.#searchNow();
      else this.#choose(match);
    } else {
      return;
    }
    event.preventDefault();
    this.updateComplete.then(() =>
      this.querySelector('.search-hit[aria-selected="true"]')?.scrollIntoView({ block: "nearest" })
    );
  }

  #choose(match: SearchMatch): void {
    this.close();
    this.emit<SearchSelectDetail>("search-select", {
      host: match.host,
      name: match.name,
      line: match.line,
      column: match.column,
      query: this.result?.query ?? this.query,
    });
  }

  #backdropClick = (event: MouseEvent): void => {
    // A click on the dialog element itself (not its content) is a click on the backdrop.
    if (event.target === event.currentTarget) this.close();
  };
}

customElements.define("search-panel", SearchPanel);

declare global {
  interface HTMLElementTagNameMap {
    "search-panel": SearchPanel;
  }
}
