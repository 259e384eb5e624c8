/**
 * Owns the rules of the split view, pure: which two terminals (by their uid, stable across
 * renames) sit side by side, how opening, closing and ending sessions change the pair, and whether
 * the panes sit side by side or stacked.
 */

/** The two terminals a split shows: `first` left (or on top), `second` right (or below). */
export interface SplitPair {
  readonly first: string;
  readonly second: string;
}

/** Whether `uid` is one of the pair's panes. */
export function inPair(pair: SplitPair | null, uid: string | null): boolean {
  return pair !== null && uid !== null && (pair.first === uid || pair.second === uid);
}

/** The pane beside `uid`'s (null when `uid` is not in the pair). */
export function otherPane(pair: SplitPair | null, uid: string | null): string | null {
  if (pair === null || uid === null) return null;
  if (pair.first === uid) return pair.second;
  if (pair.second === uid) return pair.first;
  return null;
}

/**
 * The pair after opening `next` beside the focused terminal `focused`: a new split, or the pane
 * beside the focused one takes `next`. The same session twice is refused (the pair stays).
 *
 * @example
 * ```ts
 * pairBeside(null, "t1", "t2"); // { first: "t1", second: "t2" }
 * pairBeside({ first: "t1", second: "t2" }, "t1", "t3"); // { first: "t1", second: "t3" }
 * ```
 */
export function pairBeside(
  pair: SplitPair | null,
  focused: string | null,
  next: string,
): SplitPair | null {
  if (focused === null || focused === next) return pair;
  if (pair === null || inPair(pair, next)) return pair ?? { first: focused, second: next };
  if (pair.first === focused) return { first: focused, second: next };
  if (pair.second === focused) return { first: next, second: focused };
  return { first: focused, second: next };
}

/**
 * The pair after a session was opened the ordinary way (the sidebar, the switcher, a link) and
 * `next` became the focused terminal instead of `previous`: one of the panes is only focused; any
 * other session replaces the focused pane's, like a tab in an editor's group.
 */
export function pairAfterOpen(
  pair: SplitPair | null,
  previous: string | null,
  next: string | null,
): SplitPair | null {
  if (pair === null || next === null || inPair(pair, next)) return pair;
  if (pair.first === previous) return { first: next, second: pair.second };
  if (pair.second === previous) return { first: pair.first, second: next };
  return null;
}

/**
 * The pair once only the terminals `open` remain (one closed, ended or retired): the split ends
 * when either pane's terminal is gone; `survivor` is the pane that is left, to focus.
 */
export function pairAfterClose(
  pair: SplitPair | null,
  open: readonly string[],
): { pair: SplitPair | null; survivor: string | null } {
  if (pair === null) return { pair, survivor: null };
  const first = open.includes(pair.first);
  const second = open.includes(pair.second);
  if (first && second) return { pair, survivor: null };
  return { pair: null, survivor: first ? pair.first : second ? pair.second : null };
}

/** Narrower than this (CSS pixels), or taller than wide, the panes stack. */
export const SIDE_BY_SIDE_MIN_WIDTH = 900;

/** How the two panes sit in a viewport of this size: side by side ("row") or stacked. */
export function splitDirection(width: number, height: number): "row" | "column" {
  return width < SIDE_BY_SIDE_MIN_WIDTH || height > width ? "column" : "row";
}
