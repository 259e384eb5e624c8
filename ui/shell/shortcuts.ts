/** Owns the page's own keyboard shortcuts: which action a key press asks for. Pure. */

/** What a page-wide key press asks for. */
export type Shortcut = "switcher" | "search" | "next-waiting" | "escape";

/** The parts of a KeyboardEvent a shortcut depends on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The shortcut `event` asks for, or null: ⌘/Ctrl+K the quick switcher, ⌘/Ctrl+Shift+F the search,
 * ⌘/Ctrl+Shift+Enter the next session that needs you (terminals cannot tell it from Enter, so no
 * program loses it), Escape closing what is open. `mac` chooses ⌘ over Ctrl.
 */
export function shortcutFor(event: KeyPress, mac: boolean): Shortcut | null {
  const primary = mac ? event.metaKey : event.ctrlKey;
  const key = event.key.toLowerCase();
  if (primary && !event.altKey && !event.shiftKey && key === "k") return "switcher";
  if (primary && event.shiftKey && !event.altKey && key === "f") return "search";
  if (primary && event.shiftKey && !event.altKey && event.key === "Enter") return "next-waiting";
  if (event.key === "Escape") return "escape";
  return null;
}

/** Whether this browser runs on a Mac (⌘ is the primary modifier there). */
export function isMac(platform: string): boolean {
  return /Mac|iPhone|iPad/.test(platform);
}
