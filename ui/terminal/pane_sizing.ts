/**
 * Owns a terminal's side of the sizing policy (docs/PROTOCOL.md, "Sizing"): while this viewer
 * sets the pane's size, the terminal fits its room; while another viewer does, the terminal takes
 * the pane's size (this viewer's own still goes to the server, for when it takes over), scaled
 * down to fit or letterboxed (pane_fit.ts).
 */
/// <reference lib="dom" />

import type { FitAddon } from "@xterm/addon-fit";
import type { Terminal } from "@xterm/xterm";
import { fitScale } from "./pane_fit.ts";

export interface Size {
  cols: number;
  rows: number;
}

export interface PaneSizingOptions {
  term: Terminal;
  fit: FitAddon;
  /** Where the terminal sits (its size is the room). */
  room: HTMLElement;
  /** Tell the server this viewer's own size. */
  resize(size: Size): void;
  /** The pane's size while another viewer sets it, null while this one does. */
  onChange(sizedBy: Size | null): void;
}

export class PaneSizing {
  readonly #options: PaneSizingOptions;
  #sizedBy: Size | null = null;
  /** This viewer's own size, as last told to the server. */
  #wanted: Size | null = null;
  /** Set while the terminal takes the pane's size, which is not this viewer's own. */
  #following = false;

  constructor(options: PaneSizingOptions) {
    this.#options = options;
    options.term.onResize(({ cols, rows }) => {
      if (this.#following) return;
      this.#wanted = { cols, rows };
      options.resize(this.#wanted);
    });
  }

  /** The pane's size while another viewer sets it. */
  get sizedBy(): Size | null {
    return this.#sizedBy;
  }

  /** This viewer's own size (for `hello`). */
  get wanted(): Size {
    return this.#wanted ?? { cols: this.#options.term.cols, rows: this.#options.term.rows };
  }

  /** Fit the room: the terminal itself, or only this viewer's size when another sets the pane's. */
  fit(): void {
    const { fit } = this.#options;
    if (this.#sizedBy === null) {
      fit.fit();
      return;
    }
    const proposed = fit.proposeDimensions();
    if (
      proposed !== undefined && Number.isFinite(proposed.cols) && Number.isFinite(proposed.rows)
    ) {
      const size = { cols: proposed.cols, rows: proposed.rows };
      if (size.cols !== this.#wanted?.cols || size.rows !== this.#wanted?.rows) {
        this.#wanted = size;
        this.#options.resize(size);
      }
    }
    this.#scale();
  }

  /** The server said who sets the pane's size. */
  sizing(owner: boolean, size: Size): void {
    if (owner) {
      if (this.#sizedBy === null) return;
      this.#sizedBy = null;
      const element = this.#options.term.element;
      if (element) element.style.transform = "";
      this.#options.onChange(null);
      this.fit();
      return;
    }
    this.#sizedBy = size;
    this.#options.onChange(size);
    this.follow(size);
  }

  /** A snapshot of a pane another viewer sizes: show it at the size it really has. */
  snapshot(size: Size): void {
    if (this.#sizedBy !== null) this.follow(size);
  }

  /** Take the pane's size without calling it this viewer's own. */
  follow(size: Size): void {
    const { term } = this.#options;
    if (this.#wanted === null) this.#wanted = { cols: term.cols, rows: term.rows };
    if (term.cols !== size.cols || term.rows !== size.rows) {
      this.#following = true;
      try {
        term.resize(size.cols, size.rows);
      } finally {
        this.#following = false;
      }
    }
    requestAnimationFrame(() => this.#scale());
  }

  /** Scale a pane larger than the room down to fit; a smaller one sits letterboxed. */
  #scale(): void {
    const element = this.#options.term.element;
    const screen = element?.querySelector<HTMLElement>(".xterm-screen");
    const room = this.#options.room;
    if (!element || !screen || this.#sizedBy === null) return;
    const scale = fitScale(
      { width: screen.offsetWidth, height: screen.offsetHeight },
      { width: room.clientWidth, height: room.clientHeight },
    );
    element.style.transformOrigin = "0 0";
    element.style.transform = scale === 1 ? "" : `scale(${scale})`;
  }
}
