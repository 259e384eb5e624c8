/** Owns the base of every Maestro element: Lit rendering into the light DOM. */
/// <reference lib="dom" />

import { LitElement } from "lit";

/**
 * Maestro's elements render into the light DOM so one stylesheet (app.css, with its custom
 * properties) and xterm.js's own CSS style everything, and xterm's focus handling, which looks at
 * `document.activeElement`, works as designed.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Dispatch a bubbling, composed CustomEvent. */
  protected emit<T>(type: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
