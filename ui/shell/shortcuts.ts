/**
 * Owns the page's own keyboard shortcuts, pure: which action a key press asks for, given where
 * focus is, and the list the shortcuts dialog shows. A focused terminal gets every key a terminal
 * program uses: page shortcuts there use keys a terminal cannot tell apart (Ctrl+Shift+letter is
 * Ctrl+letter to a terminal, ⌘ never reaches it).
 */

/** What a page-wide key press asks for. */
export type Shortcut =
  | "switcher"
  | "search"
  | "next-waiting"
  | "split"
  | "other-pane"
  | "shortcuts"
  | "escape";

/** Where focus is: in a terminal, in a text field, or elsewhere on the page. */
export type FocusPlace = "terminal" | "text" | "page";

/** The parts of a KeyboardEvent a shortcut depends on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The parts of the focused element that say where focus is. */
export interface FocusedElement {
  tagName: string;
  classList: { contains(name: string): boolean };
  isContentEditable?: boolean;
  /** An input's type ("checkbox" takes no text). */
  type?: string;
}

const TEXTLESS_INPUTS = new Set([
  "button",
  "checkbox",
  "color",
  "file",
  "image",
  "radio",
  "range",
  "reset",
  "submit",
]);

/** Where focus is, from the focused element (xterm.js types into its helper textarea). */
export function focusPlaceOf(element: FocusedElement | null): FocusPlace {
  if (element === null) return "page";
  if (element.classList.contains("xterm-helper-textarea")) return "terminal";
  const tag = element.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable === true) return "text";
  if (tag === "INPUT" && !TEXTLESS_INPUTS.has((element.type ?? "text").toLowerCase())) {
    return "text";
  }
  return "page";
}

/**
 * The shortcut `event` asks for with focus at `place`, or null:
 * - the quick switcher: ⌘/Ctrl+Shift+K anywhere; ⌘K anywhere on a Mac; Ctrl+K outside a
 *   terminal (inside one it is bash's kill to end of line);
 * - the search: ⌘/Ctrl+Shift+F;
 * - the next session that needs you: ⌘/Ctrl+Shift+Enter (terminals cannot tell it from Enter);
 * - a session beside the open one (split view): ⌘/Ctrl+Shift+S; the other pane: ⌘/Ctrl+Shift+E;
 * - the list of shortcuts: `?` outside a terminal and a text field;
 * - Escape closing what is open.
 * `mac` chooses ⌘ over Ctrl.
 */
export function shortcutFor(event: KeyPress, mac: boolean, place: FocusPlace): Shortcut | null {
  const primary = mac ? event.metaKey : event.ctrlKey;
  const key = event.key.toLowerCase();
  if (primary && !event.altKey && key === "k") {
    if (event.shiftKey || mac || place !== "terminal") return "switcher";
    return null;
  }
  if (primary && event.shiftKey && !event.altKey && key === "f") return "search";
  if (primary && event.shiftKey && !event.altKey && event.key === "Enter") return "next-waiting";
  if (primary && event.shiftKey && !event.altKey && key === "s") return "split";
  if (primary && event.shiftKey && !event.altKey && key === "e") return "other-pane";
  if (
    event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && place === "page"
  ) return "shortcuts";
  if (event.key === "Escape") return "escape";
  return null;
}

/** One line of the shortcuts dialog. */
export interface ShortcutHelp {
  keys: string[];
  action: string;
}

/** Every page shortcut, as the shortcuts dialog lists them (`mac`: ⌘ in place of Ctrl). */
export function shortcutList(mac: boolean): ShortcutHelp[] {
  const mod = mac ? "⌘" : "Ctrl";
  return [
    {
      keys: [`${mod}+Shift+K`, mac ? "⌘+K" : "Ctrl+K outside the terminal"],
      action: "Jump to a session (quick switcher)",
    },
    { keys: [`${mod}+Shift+F`], action: "Search the text of every session" },
    { keys: [`${mod}+Shift+Enter`], action: "Open the next session that needs you" },
    {
      keys: [`${mod}+Shift+S`, `${mod}+click or ${mod}+Enter in the sidebar`],
      action: "Open a session beside this one (split view)",
    },
    { keys: [`${mod}+Shift+E`], action: "Focus the other pane of the split" },
    { keys: ["?"], action: "This list (outside the terminal and text fields)" },
    { keys: ["Esc"], action: "Close the open dialog, drawer or view" },
    {
      keys: [mac ? "⌘+C" : "Ctrl+Shift+C"],
      action: "Copy the terminal's selection",
    },
    {
      keys: [mac ? "⌘+V" : "Ctrl+Shift+V"],
      action: "Paste into the terminal (Ctrl+V goes to the program)",
    },
  ];
}

/** Whether this browser runs on a Mac (⌘ is the primary modifier there). */
export function isMac(platform: string): boolean {
  return /Mac|iPhone|iPad/.test(platform);
}
