/** Owns turning wheel deltas into whole terminal lines, in proportion to the wheel's distance. */

/** WheelEvent.deltaMode values (DOM_DELTA_PIXEL, DOM_DELTA_LINE, DOM_DELTA_PAGE). */
export const DELTA_PIXEL = 0, DELTA_LINE = 1, DELTA_PAGE = 2;

export interface WheelStep {
  /** Whole lines to scroll (negative: up, towards history). */
  lines: number;
  /** The part of a line left over, in pixels, carried into the next event (trackpads). */
  restPx: number;
}

/**
 * Lines a wheel event scrolls: its distance in pixels (a line mode delta counts a row, a page
 * mode delta a screen) over the row height, plus what earlier events left over.
 *
 * @example
 * ```ts
 * wheelLines({ deltaY: 100, deltaMode: 0 }, 0, 20, 24); // { lines: 5, restPx: 0 }
 * ```
 */
export function wheelLines(
  event: { deltaY: number; deltaMode: number },
  restPx: number,
  rowHeightPx: number,
  rows: number,
): WheelStep {
  if (!(rowHeightPx > 0)) return { lines: 0, restPx: 0 };
  const px = event.deltaMode === DELTA_LINE
    ? event.deltaY * rowHeightPx
    : event.deltaMode === DELTA_PAGE
    ? event.deltaY * rowHeightPx * rows
    : event.deltaY;
  // A change of direction drops what was left over the other way.
  const carried = Math.sign(restPx) === -Math.sign(px) ? 0 : restPx;
  const total = carried + px;
  const lines = Math.trunc(total / rowHeightPx);
  return { lines: lines === 0 ? 0 : lines, restPx: total - lines * rowHeightPx };
}
