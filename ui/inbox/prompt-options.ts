/**
 * Owns `<prompt-options>`: what a session that needs you asks, with one button per answer, where a
 * person looks (the top bar, an overview card, the inbox). A click answers through the safe route:
 * typed only while that same prompt is on screen; otherwise the server's reason is shown.
 */
/// <reference lib="dom" />

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ApiClient } from "../shared/api_client.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Session, SessionPrompt } from "../shared/types.ts";

/**
 * Properties in: `api`, `session` (with its `prompt`), `showText` (print the question and its
 * detail, not only the buttons). Events out: `prompt-answered` with the session's ref.
 */
export class PromptOptions extends LightElement {
  static override properties = {
    api: { attribute: false },
    session: { attribute: false },
    showText: { type: Boolean, attribute: "show-text" },
    pending: { state: true },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare session: Session | null;
  declare showText: boolean;
  /** The option key being sent, or null. */
  declare pending: string | null;
  declare error: string;

  constructor() {
    super();
    this.api = null;
    this.session = null;
    this.showText = false;
    this.pending = null;
    this.error = "";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another prompt: the last one's error is about something else.
    const before = changed.get("session") as Session | null | undefined;
    if (changed.has("session") && before?.prompt?.id !== this.session?.prompt?.id) {
      this.error = "";
    }
  }

  override render(): TemplateResult | typeof nothing {
    const prompt = this.session?.prompt;
    if (!prompt) return nothing;
    return html`
      <div class="prompt" data-kind=${prompt.kind}>
        ${this.showText ? this.#renderText(prompt) : nothing}
        <div class="prompt-options" role="group" aria-label=${`Answers to ${prompt.text}`}>
          ${prompt.options.map((option, index) =>
            html`
              <button
                class="btn ${index === 0 ? "primary" : ""} prompt-option"
                type="button"
                data-key=${option.key}
                title=${option.label}
                ?disabled=${this.pending !== null}
                @click=${() => this.answer(option.key)}
              ><kbd>${option.key}</kbd><span>${option.label}</span></button>
            `
          )}
          ${prompt.options.length === 0
            ? html`<span class="prompt-none">${
              prompt.kind === "password"
                ? "A password: type it in the terminal."
                : "Nothing to choose here: open the session to answer."
            }</span>`
            : nothing}
        </div>
        ${this.error === ""
          ? nothing
          : html`<p class="prompt-error" role="alert">${this.error}</p>`}
      </div>
    `;
  }

  #renderText(prompt: SessionPrompt): TemplateResult {
    return html`
      <p class="prompt-text">${prompt.text}</p>
      ${prompt.detail === "" ? nothing : html`<pre class="prompt-detail">${prompt.detail}</pre>`}
    `;
  }

  /** Answer with the option keyed `key` (the buttons, and the inbox's number keys). */
  async answer(key: string): Promise<void> {
    const { api, session } = this;
    const prompt = session?.prompt;
    if (!api || !session || !prompt || this.pending !== null) return;
    if (!prompt.options.some((o) => o.key === key)) return;
    this.pending = key;
    this.error = "";
    try {
      await api.answer(session, prompt.id, key);
      this.emit("prompt-answered", { host: session.host, name: session.name });
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.pending = null;
    }
  }
}

customElements.define("prompt-options", PromptOptions);

declare global {
  interface HTMLElementTagNameMap {
    "prompt-options": PromptOptions;
  }
}
