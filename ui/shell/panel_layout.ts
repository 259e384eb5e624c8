/**
 * Owns the page's panel layout and remembering it: the sidebar's width and whether it is
 * collapsed, the notes panel's width and whether the person closed it (localStorage), and which
 * sessions the person opened the notes for on this page, and how a split shares its room (the
 * first pane's percent). The rules are in panel_sizes.ts.
 */
/// <reference lib="dom" />

import {
  clampWidth,
  NOTES_BOUNDS,
  type NotesChoice,
  notesShown,
  SIDEBAR_BOUNDS,
  SPLIT_BOUNDS,
  storedWidth,
} from "./panel_sizes.ts";

const SIDEBAR_WIDTH_KEY = "maestro.sidebar.width";
const SIDEBAR_COLLAPSED_KEY = "maestro.sidebar.collapsed";
const NOTES_WIDTH_KEY = "maestro.notes.width";
const SPLIT_SHARE_KEY = "maestro.split.share";
/** "false" once the person closed the notes panel (the key predates following the notes). */
const NOTES_OPEN_KEY = "maestro.notes.open";

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the choice lasts for this page.
  }
}

export class PanelLayout {
  sidebarWidth: number = storedWidth(read(SIDEBAR_WIDTH_KEY), SIDEBAR_BOUNDS);
  sidebarCollapsed: boolean = read(SIDEBAR_COLLAPSED_KEY) === "true";
  notesWidth: number = storedWidth(read(NOTES_WIDTH_KEY), NOTES_BOUNDS);
  /** The first pane's share of a split, in percent (side by side and stacked alike). */
  splitShare: number = storedWidth(read(SPLIT_SHARE_KEY), SPLIT_BOUNDS);
  notesChoice: NotesChoice = read(NOTES_OPEN_KEY) === "false" ? "closed" : "auto";
  /** Session keys whose notes the person opened on this page (shown even while empty). */
  readonly #openedFor = new Set<string>();
  /** Session keys known to have notes (the notes panel says so once it has loaded them). */
  readonly #withNotes = new Set<string>();
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  setSidebarWidth(width: number): void {
    this.sidebarWidth = clampWidth(width, SIDEBAR_BOUNDS);
    write(SIDEBAR_WIDTH_KEY, String(this.sidebarWidth));
    this.#changed();
  }

  setSidebarCollapsed(collapsed: boolean): void {
    this.sidebarCollapsed = collapsed;
    write(SIDEBAR_COLLAPSED_KEY, collapsed ? "true" : null);
    this.#changed();
  }

  setNotesWidth(width: number): void {
    this.notesWidth = clampWidth(width, NOTES_BOUNDS);
    write(NOTES_WIDTH_KEY, String(this.notesWidth));
    this.#changed();
  }

  setSplitShare(share: number): void {
    this.splitShare = clampWidth(share, SPLIT_BOUNDS);
    write(SPLIT_SHARE_KEY, String(this.splitShare));
    this.#changed();
  }

  /** Whether `key`'s notes panel shows. */
  notesOpen(key: string): boolean {
    const phone = matchMedia("(max-width: 700px)").matches;
    return notesShown(this.notesChoice, this.#withNotes.has(key), this.#openedFor.has(key), phone);
  }

  /** The notes panel loaded or edited `key`'s notes: whether there are any. */
  notesPresent(key: string, hasNotes: boolean): void {
    if (hasNotes === this.#withNotes.has(key)) return;
    if (hasNotes) this.#withNotes.add(key);
    else this.#withNotes.delete(key);
    this.#changed();
  }

  /** A session was renamed: what is known of its notes moves with it. */
  renamed(from: string, to: string): void {
    for (const keys of [this.#openedFor, this.#withNotes]) {
      if (keys.delete(from)) keys.add(to);
    }
  }

  /** The person opened or closed `key`'s notes panel. */
  setNotesOpen(key: string, open: boolean): void {
    if (open) {
      this.notesChoice = "auto";
      this.#openedFor.add(key);
    } else {
      this.notesChoice = "closed";
      this.#openedFor.clear();
    }
    write(NOTES_OPEN_KEY, open ? null : "false");
    this.#changed();
  }

  /** The CSS custom properties that carry the widths to the layout. */
  get style(): string {
    return `--sidebar-width: ${this.sidebarWidth}px; --notes-width: ${this.notesWidth}px; ` +
      `--split-share: ${this.splitShare}%`;
  }
}
