/**
 * Owns `<resize-handle>`: a separator on a panel's edge that resizes it, dragged with a pointer or
 * moved with the arrow keys (Home and End: narrowest and widest), as a WAI-ARIA window splitter.
 * It also divides a split: across (dragged up and down) when the panes are stacked, with its value
 * a share in percent rather than pixels.
 */
/// <reference lib="dom" />

import type { TemplateResult } from "lit";
import { html } from "lit";
import { LightElement } from "../shared/light_element.ts";
import { clampWidth, type GrowKey, keyedWidth, type PanelBounds } from "./panel_sizes.ts";

/**
 * Properties in: `value` (the panel's width), `bounds`, `grows` (the arrow that widens the panel:
 * "ArrowRight" for a panel on the left, "ArrowDown" for a pane on top: the handle then lies
 * across), `label`, `controls` (the panel's id), `unit` (pixels per unit of the value, 1 for
 * widths) and `steps` (what an arrow key, and Shift+arrow, moves). Events out: `resize` (detail:
 * the new value).
 */
export class ResizeHandle extends LightElement {
  static override properties = {
    value: { type: Number },
    bounds: { attribute: false },
    grows: {},
    label: {},
    controls: {},
    unit: { attribute: false },
    steps: { attribute: false },
  };

  declare value: number;
  declare bounds: PanelBounds;
  declare grows: GrowKey;
  declare label: string;
  declare controls: string;
  declare unit: number;
  declare steps: readonly [number, number] | undefined;
  #drag: { at: number; width: number; pointer: number } | null = null;

  constructor() {
    super();
    this.value = 0;
    this.bounds = { min: 0, max: 0, initial: 0 };
    this.grows = "ArrowRight";
    this.label = "";
    this.controls = "";
    this.unit = 1;
    this.steps = undefined;
  }

  get #across(): boolean {
    return this.grows === "ArrowDown" || this.grows === "ArrowUp";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute("role", "separator");
    this.tabIndex = 0;
    this.addEventListener("keydown", this.#keydown);
    this.addEventListener("pointerdown", this.#pointerdown);
    this.addEventListener("pointermove", this.#pointermove);
    this.addEventListener("pointerup", this.#pointerup);
    this.addEventListener("pointercancel", this.#pointerup);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener("keydown", this.#keydown);
    this.removeEventListener("pointerdown", this.#pointerdown);
    this.removeEventListener("pointermove", this.#pointermove);
    this.removeEventListener("pointerup", this.#pointerup);
    this.removeEventListener("pointercancel", this.#pointerup);
  }

  override render(): TemplateResult {
    this.setAttribute("aria-orientation", this.#across ? "horizontal" : "vertical");
    this.setAttribute("aria-label", this.label);
    this.setAttribute("aria-controls", this.controls);
    this.setAttribute("aria-valuenow", String(this.value));
    this.setAttribute("aria-valuemin", String(this.bounds.min));
    this.setAttribute("aria-valuemax", String(this.bounds.max));
    this.title = `${this.label}: drag, or use the arrow keys`;
    return html``;
  }

  #resize(width: number): void {
    if (width === this.value) return;
    this.value = width;
    this.emit("resize", width);
  }

  #keydown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const width = keyedWidth(
      event.key,
      event.shiftKey,
      this.value,
      this.bounds,
      this.grows,
      this.steps,
    );
    if (width === null) return;
    event.preventDefault();
    this.#resize(width);
  };

  #pointerdown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    this.setPointerCapture(event.pointerId);
    const at = this.#across ? event.clientY : event.clientX;
    this.#drag = { at, width: this.value, pointer: event.pointerId };
    this.dataset.dragging = "true";
  };

  #pointermove = (event: PointerEvent): void => {
    const drag = this.#drag;
    if (drag === null || drag.pointer !== event.pointerId) return;
    const moved = ((this.#across ? event.clientY : event.clientX) - drag.at) / (this.unit || 1);
    const grown = this.grows === "ArrowRight" || this.grows === "ArrowDown" ? moved : -moved;
    this.#resize(clampWidth(drag.width + grown, this.bounds));
  };

  #pointerup = (event: PointerEvent): void => {
    if (this.#drag?.pointer !== event.pointerId) return;
    this.#drag = null;
    delete this.dataset.dragging;
    if (this.hasPointerCapture(event.pointerId)) this.releasePointerCapture(event.pointerId);
  };
}

customElements.define("resize-handle", ResizeHandle);

declare global {
  interface HTMLElementTagNameMap {
    "resize-handle": ResizeHandle;
  }
}
