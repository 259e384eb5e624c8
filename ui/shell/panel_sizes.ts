/**
 * Owns the rules for the page's resizable panels, pure: how wide the sidebar and the notes panel
 * may be, what a key does to a width, and when the notes panel shows.
 */

/** The widths a panel may take, in CSS pixels. */
export interface PanelBounds {
  min: number;
  max: number;
  initial: number;
}

export const SIDEBAR_BOUNDS: PanelBounds = { min: 180, max: 520, initial: 272 };
export const NOTES_BOUNDS: PanelBounds = { min: 200, max: 640, initial: 300 };
/** The first (left or top) pane's share of a split, in percent. */
export const SPLIT_BOUNDS: PanelBounds = { min: 20, max: 80, initial: 50 };

/** How far one arrow key press moves a separator (Shift: further), in pixels. */
export const KEY_STEP = 16;
export const KEY_STEP_LARGE = 64;

/** The arrow that grows a panel: the side its separator is on. */
export type GrowKey = "ArrowRight" | "ArrowLeft" | "ArrowDown" | "ArrowUp";

const OPPOSITE: Record<GrowKey, GrowKey> = {
  ArrowRight: "ArrowLeft",
  ArrowLeft: "ArrowRight",
  ArrowDown: "ArrowUp",
  ArrowUp: "ArrowDown",
};

/** `width` rounded and kept within `bounds`. */
export function clampWidth(width: number, bounds: PanelBounds): number {
  if (!Number.isFinite(width)) return bounds.initial;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(width)));
}

/** A width read back from storage: the initial width when there is none or it is not a number. */
export function storedWidth(stored: string | null, bounds: PanelBounds): number {
  if (stored === null || stored.trim() === "") return bounds.initial;
  return clampWidth(Number(stored), bounds);
}

/**
 * The width a key press on a separator asks for, or null when the key is not one of its keys.
 * `grows` is the arrow that widens the panel (the sidebar grows to the right, the notes panel to
 * the left, a split's top pane down); Home and End go to the narrowest and the widest. `steps` are
 * in the width's own unit (a split's share moves by percent).
 */
export function keyedWidth(
  key: string,
  shift: boolean,
  width: number,
  bounds: PanelBounds,
  grows: GrowKey,
  steps: readonly [number, number] = [KEY_STEP, KEY_STEP_LARGE],
): number | null {
  const step = shift ? steps[1] : steps[0];
  const shrinks = OPPOSITE[grows];
  if (key === grows) return clampWidth(width + step, bounds);
  if (key === shrinks) return clampWidth(width - step, bounds);
  if (key === "Home") return bounds.min;
  if (key === "End") return bounds.max;
  return null;
}

/** What the person last did with the notes panel: closed it, or left it to follow the notes. */
export type NotesChoice = "auto" | "closed";

/**
 * Whether the notes panel shows: never once the person closed it; otherwise when the session has
 * notes, or when the person opened it for this session. On a phone it covers the terminal, so
 * there it opens only when asked.
 */
export function notesShown(
  choice: NotesChoice,
  hasNotes: boolean,
  openedHere: boolean,
  phone: boolean,
): boolean {
  if (choice === "closed") return false;
  if (openedHere) return true;
  return hasNotes && !phone;
}
