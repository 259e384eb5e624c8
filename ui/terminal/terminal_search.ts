/**
 * Owns showing a search match inside one xterm.js terminal: the official search addon, scrolling
 * to the matched line, selecting it, highlighting every occurrence, and when that stops.
 */
/// <reference lib="dom" />

import { type ISearchOptions, SearchAddon } from "@xterm/addon-search";
import type { Terminal } from "@xterm/xterm";
import { nearestMatchRow } from "../sessions/nearest_match.ts";

/**
 * A reveal is applied again after each snapshot within this window from its first showing: opening
 * a terminal resizes the pane to fit, and the snapshot that follows repaints (and un-selects) all.
 */
const REAPPLY_MS = 3000;

function searchOptions(light: boolean): ISearchOptions {
  return {
    caseSensitive: false,
    decorations: light
      ? {
        matchBackground: "#fff1b8",
        matchBorder: "#d4a72c",
        matchOverviewRuler: "#d4a72c",
        activeMatchBackground: "#ffd33d",
        activeMatchBorder: "#9a6700",
        activeMatchColorOverviewRuler: "#9a6700",
      }
      : {
        matchBackground: "#3d2f00",
        matchBorder: "#c69026",
        matchOverviewRuler: "#c69026",
        activeMatchBackground: "#6e5200",
        activeMatchBorder: "#ffd33d",
        activeMatchColorOverviewRuler: "#ffd33d",
      },
  };
}

/** What a reveal selected, for tests and for telling whether it worked. */
export interface RevealedMatch {
  text: string;
  row: number;
  /** The selected row is within the rows on screen. */
  visible: boolean;
  /** The terminal is scrolled up into its scrollback (not showing the bottom). */
  scrolledUp: boolean;
}

export class TerminalSearch {
  readonly #term: Terminal;
  readonly #addon = new SearchAddon();
  readonly #light: () => boolean;
  /** What to show; `until` is set when first shown (a slow host may take long to attach). */
  #target: { query: string; line: number; until: number | null } | null = null;
  /** A snapshot has been parsed: the buffer holds the pane. */
  #ready = false;
  /** Matches are highlighted (and the addon searches again after each output). */
  #highlighted = false;

  /** Call after `term.open()`: a press in the terminal ends the highlighting. */
  constructor(term: Terminal, light: () => boolean) {
    this.#term = term;
    this.#light = light;
    term.loadAddon(this.#addon);
    term.element?.addEventListener("pointerdown", this.#pressed);
  }

  /**
   * Show the occurrence of `query` the server found on pane line `line` (0 = top row of the
   * screen, negative = scrollback): now if the terminal shows the pane, else after its snapshot.
   */
  reveal(query: string, line: number): void {
    this.#target = { query, line, until: null };
    // An empty write runs its callback once everything written before it is parsed.
    if (this.#ready) this.#term.write("", () => this.#apply());
  }

  /** A snapshot was parsed (see TerminalView's sink). */
  snapshotApplied(): void {
    this.#ready = true;
    const until = this.#target?.until ?? null;
    if (until !== null && Date.now() > until) this.#target = null;
    this.#apply();
  }

  /** The person typed or clicked: stop highlighting (and stop the addon re-searching on output). */
  clear(): void {
    if (this.#target === null && !this.#highlighted) return;
    this.#target = null;
    this.#highlighted = false;
    this.#addon.clearDecorations();
  }

  dispose(): void {
    this.#term.element?.removeEventListener("pointerdown", this.#pressed);
    this.#target = null;
  }

  // Otherwise the addon would move a selection the person is making to a match on new output.
  #pressed = (): void => this.clear();

  /** The selected text and where it is. */
  get revealed(): RevealedMatch | null {
    const position = this.#term.getSelectionPosition();
    if (position === undefined) return null;
    const buffer = this.#term.buffer.active;
    const row = position.start.y;
    return {
      text: this.#term.getSelection(),
      row,
      visible: row >= buffer.viewportY && row < buffer.viewportY + this.#term.rows,
      scrolledUp: buffer.viewportY < buffer.baseY,
    };
  }

  #apply(): void {
    const target = this.#target;
    if (target === null) return;
    target.until ??= Date.now() + REAPPLY_MS;
    const buffer = this.#term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
    }
    const expected = buffer.baseY + target.line;
    // A match wrapped across two rows is in no single row: then search on from the expected row.
    const row = nearestMatchRow(lines, target.query, expected) ??
      Math.min(Math.max(0, expected), Math.max(0, buffer.length - 1));
    // The addon searches forward from the selection's start when the query is new to it.
    this.#addon.clearDecorations();
    this.#term.select(0, row, 1);
    this.#highlighted = true;
    this.#addon.findNext(target.query, searchOptions(this.#light()));
  }
}
