/** Owns `<notes-panel>`: a session's notes, loaded on open and saved as you type. */
/// <reference lib="dom" />

import { html, type PropertyValues, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { SessionRef } from "../shared/types.ts";

export const NOTES_SAVE_DELAY_MS = 600;

type SaveState = "loading" | "idle" | "dirty" | "saving" | "saved" | "error";

/** What `notes-presence` says: whether a session has any notes. */
export interface NotesPresenceDetail {
  host: string;
  name: string;
  hasText: boolean;
}

/**
 * Properties in: `api`, `host`, `name`. Saves are debounced and flushed when switching away.
 * Events out: `notes-presence` (detail: {@link NotesPresenceDetail}) once the notes are loaded and
 * when they become empty or not; `notes-close` from its own close button.
 */
export class NotesPanel extends LightElement {
  static override properties = {
    api: { attribute: false },
    host: {},
    name: {},
    text: { state: true },
    saveState: { state: true },
    errorMessage: { state: true },
  };

  declare api: ApiClient | null;
  declare host: string;
  declare name: string;
  declare text: string;
  declare saveState: SaveState;
  declare errorMessage: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The session the current text belongs to (a rename moves it along). */
  #ref: SessionRef | null = null;
  #loadSerial = 0;

  constructor() {
    super();
    this.api = null;
    this.host = "local";
    this.name = "";
    this.text = "";
    this.saveState = "loading";
    this.errorMessage = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener("pagehide", this.#flushOnHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener("pagehide", this.#flushOnHide);
    this.#flush();
  }

  /** The session was renamed: its notes moved with it on the server, keep the text. */
  renamed(from: SessionRef, to: SessionRef): void {
    if (this.#ref?.host === from.host && this.#ref.name === from.name) this.#ref = to;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("host") || changed.has("name") || changed.has("api")) && this.name !== "") {
      if (this.#ref?.host !== this.host || this.#ref.name !== this.name) {
        this.#flush();
        this.#load({ host: this.host, name: this.name });
      }
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="notes-head">
        <label for="notes-text">Notes</label>
        <span class="notes-state" data-state=${this.saveState} role="status" aria-live="polite">
          ${this.#stateText()}
        </span>
        <button
          class="btn ghost icon notes-close"
          type="button"
          aria-label="Close notes"
          title="Close notes"
          @click=${() => this.emit("notes-close")}
        >${closeIcon}</button>
      </div>
      <textarea
        id="notes-text"
        class="textarea"
        spellcheck="true"
        placeholder="What is this agent doing? Next steps, links, decisions…"
        .value=${this.text}
        ?disabled=${this.saveState === "loading"}
        @input=${this.#input}
        @blur=${() => this.#flush()}
      ></textarea>
    `;
  }

  #stateText(): string {
    switch (this.saveState) {
      case "loading":
        return "Loading…";
      case "dirty":
      case "saving":
        return "Saving…";
      case "saved":
        return "Saved";
      case "error":
        return `Not saved: ${this.errorMessage}`;
      default:
        return "";
    }
  }

  async #load(ref: SessionRef): Promise<void> {
    const serial = ++this.#loadSerial;
    this.#ref = ref;
    this.saveState = "loading";
    this.text = "";
    if (this.api === null) return;
    try {
      const notes = await this.api.notes(ref);
      if (serial !== this.#loadSerial) return;
      this.text = notes.text;
      this.saveState = "idle";
      this.#presence(ref);
    } catch (error) {
      if (serial !== this.#loadSerial) return;
      this.errorMessage = (error as Error).message;
      this.saveState = "error";
    }
  }

  #presence(ref: SessionRef): void {
    this.emit<NotesPresenceDetail>("notes-presence", { ...ref, hasText: this.text.trim() !== "" });
  }

  #input = (event: Event): void => {
    const had = this.text.trim() !== "";
    this.text = (event.target as HTMLTextAreaElement).value;
    if (this.#ref !== null && had !== (this.text.trim() !== "")) this.#presence(this.#ref);
    this.saveState = "dirty";
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#save(), NOTES_SAVE_DELAY_MS);
  };

  /** Save now if there are unsaved changes. */
  #flush(keepalive = false): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.saveState === "dirty") this.#save(keepalive);
  }

  #flushOnHide = (): void => this.#flush(true);

  async #save(keepalive = false): Promise<void> {
    const ref = this.#ref;
    if (ref === null || this.api === null) return;
    const text = this.text;
    this.saveState = "saving";
    try {
      // When the page is going away, a keepalive request outlives it.
      await this.api.saveNotes(ref, text, { keepalive });
      // Typing during the save leaves the newer text dirty; its own timer saves it.
      if (this.#ref === ref && this.text === text) this.saveState = "saved";
      else if (this.#ref === ref) this.saveState = "dirty";
    } catch (error) {
      if (this.#ref !== ref) return;
      this.errorMessage = (error as Error).message;
      this.saveState = "error";
    }
  }
}

customElements.define("notes-panel", NotesPanel);

declare global {
  interface HTMLElementTagNameMap {
    "notes-panel": NotesPanel;
  }
}
