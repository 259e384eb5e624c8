/**
 * Owns how the mouse wheel scrolls a terminal: by the wheel's distance (wheel_lines.ts), not a
 * fixed step per event. xterm.js 6 scrolls its own history through VS Code's scrollable element
 * (a fixed 50 px per wheel "unit" of `wheelDelta / 120`), and when the program asked for mouse
 * reports, or on the alternate screen, it sends one report or one arrow key per event whatever
 * the distance. So wheel events are caught before xterm.js sees them: history scrolls by whole
 * lines here, and for a program one event per line is handed on to xterm.js, which reports it
 * in the encoding the program chose.
 */
/// <reference lib="dom" />

import type { Terminal } from "@xterm/xterm";
import { DELTA_LINE, wheelLines } from "./wheel_lines.ts";

export class TerminalWheel implements Disposable {
  readonly #container: HTMLElement;
  readonly #term: Terminal;
  #restPx = 0;
  /** Set while handing xterm.js the one-line events made here. */
  #replaying = false;

  constructor(container: HTMLElement, term: Terminal) {
    this.#container = container;
    this.#term = term;
    container.addEventListener("wheel", this.#onWheel, { capture: true, passive: false });
  }

  #onWheel = (event: WheelEvent): void => {
    if (this.#replaying || event.deltaY === 0 || event.ctrlKey) return;
    const term = this.#term;
    const screen = this.#container.querySelector<HTMLElement>(".xterm-screen");
    if (screen === null || term.rows === 0) return;
    event.preventDefault();
    event.stopPropagation();
    const rowHeight = screen.getBoundingClientRect().height / term.rows;
    const step = wheelLines(event, this.#restPx, rowHeight, term.rows);
    this.#restPx = step.restPx;
    if (step.lines === 0) return;
    const toProgram = term.modes.mouseTrackingMode !== "none" ||
      term.buffer.active.type === "alternate";
    if (!toProgram) {
      term.scrollLines(step.lines);
      return;
    }
    this.#replaying = true;
    try {
      for (let i = 0; i < Math.abs(step.lines); i++) {
        screen.dispatchEvent(
          new WheelEvent("wheel", {
            // One line each, in line mode: xterm.js damps small pixel deltas as a trackpad's.
            deltaY: Math.sign(step.lines),
            deltaMode: DELTA_LINE,
            clientX: event.clientX,
            clientY: event.clientY,
            shiftKey: event.shiftKey,
            altKey: event.altKey,
            bubbles: true,
            cancelable: true,
          }),
        );
      }
    } finally {
      this.#replaying = false;
    }
  };

  [Symbol.dispose](): void {
    this.#container.removeEventListener("wheel", this.#onWheel, { capture: true });
  }
}
