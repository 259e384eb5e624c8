/**
 * Owns `<key-bar>`: the phone's row of keys a touch keyboard lacks (Esc, Tab, sticky Ctrl and
 * Alt, arrows, Page Up and Page Down).
 */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import { type BarKey } from "./key_bytes.ts";
import { LightElement } from "../shared/light_element.ts";

const KEYS: { key: BarKey; label: string; name: string }[] = [
  { key: "Esc", label: "Esc", name: "Escape" },
  { key: "Tab", label: "Tab", name: "Tab" },
];

const ARROWS: { key: BarKey; label: string; name: string }[] = [
  { key: "Left", label: "←", name: "Left arrow" },
  { key: "Up", label: "↑", name: "Up arrow" },
  { key: "Down", label: "↓", name: "Down arrow" },
  { key: "Right", label: "→", name: "Right arrow" },
  { key: "PgUp", label: "PgUp", name: "Page up" },
  { key: "PgDn", label: "PgDn", name: "Page down" },
];

/**
 * Properties in: `ctrl`, `alt` (the sticky modifier is armed). Events out: `bar-key` with a
 * `BarKey`, `ctrl-toggle` and `alt-toggle`. Buttons never take focus, so the touch keyboard stays open on the terminal.
 */
export class KeyBar extends LightElement {
  static override properties = { ctrl: { type: Boolean }, alt: { type: Boolean } };
  declare ctrl: boolean;
  declare alt: boolean;

  constructor() {
    super();
    this.ctrl = false;
    this.alt = false;
  }

  override render(): TemplateResult {
    const button = ({ key, label, name }: { key: BarKey; label: string; name: string }) =>
      html`
        <button
          class="btn"
          type="button"
          aria-label=${name}
          @pointerdown=${(e: Event) => e.preventDefault()}
          @click=${() => this.emit<BarKey>("bar-key", key)}
        >${label}</button>
      `;
    return html`
      <div class="key-bar" role="toolbar" aria-label="Terminal keys">
        ${KEYS.map(button)}
        <button
          class="btn"
          type="button"
          aria-label="Ctrl"
          aria-pressed=${this.ctrl ? "true" : "false"}
          title="Ctrl: the next key you type is sent with Ctrl"
          @pointerdown=${(e: Event) => e.preventDefault()}
          @click=${() => this.emit("ctrl-toggle")}
        >Ctrl</button>
        <button
          class="btn"
          type="button"
          aria-label="Alt"
          aria-pressed=${this.alt ? "true" : "false"}
          title="Alt: the next key you type is sent with Alt"
          @pointerdown=${(e: Event) => e.preventDefault()}
          @click=${() => this.emit("alt-toggle")}
        >Alt</button>
        ${ARROWS.map(button)}
      </div>
    `;
  }
}

customElements.define("key-bar", KeyBar);

declare global {
  interface HTMLElementTagNameMap {
    "key-bar": KeyBar;
  }
}
