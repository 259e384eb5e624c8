/** Owns the terminals' font size: its steps and bounds (pure), and where the page keeps it. */
/// <reference lib="dom" />

export const DEFAULT_FONT_SIZE = 13;
export const MIN_FONT_SIZE = 8;
export const MAX_FONT_SIZE = 32;
const STORAGE_KEY = "maestro.fontSize";
/** Dispatched on `window` when the size changes, so every terminal of the page follows. */
export const FONT_SIZE_EVENT = "maestro-font-size";

export type FontSizeChange = "bigger" | "smaller" | "reset";

/**
 * The size after `change`, one pixel a step within the bounds.
 *
 * @example
 * ```ts
 * nextFontSize(13, "bigger"); // 14
 * ```
 */
export function nextFontSize(current: number, change: FontSizeChange): number {
  if (change === "reset") return DEFAULT_FONT_SIZE;
  return clampFontSize(current + (change === "bigger" ? 1 : -1));
}

export function clampFontSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_FONT_SIZE;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
}

/** Which change a key press inside the terminal asks for (Ctrl or ⌘ with + − 0), if any. */
export function fontSizeKey(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">,
  mac: boolean,
): FontSizeChange | null {
  const primary = mac ? event.metaKey : event.ctrlKey;
  if (!primary || event.altKey) return null;
  switch (event.key) {
    case "+":
    case "=":
      return "bigger";
    case "-":
    case "_":
      return "smaller";
    case "0":
      return "reset";
    default:
      return null;
  }
}

/** The size the page keeps (localStorage), or the default. */
export function storedFontSize(): number {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw === null ? DEFAULT_FONT_SIZE : clampFontSize(Number(raw));
  } catch {
    return DEFAULT_FONT_SIZE;
  }
}

/** Keep `size` and tell every terminal of the page. */
export function storeFontSize(size: number): void {
  const value = clampFontSize(size);
  try {
    localStorage.setItem(STORAGE_KEY, String(value));
  } catch {
    // Private mode: this page still follows.
  }
  globalThis.dispatchEvent(new CustomEvent(FONT_SIZE_EVENT, { detail: value }));
}
