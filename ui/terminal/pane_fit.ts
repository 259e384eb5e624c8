/**
 * Owns how a terminal shows a pane another viewer sizes (pure): scaled down to fit when it is
 * larger than the room, letterboxed (scale 1) when smaller.
 */

/**
 * The scale that fits `content` (px) into `room` (px), never enlarging.
 *
 * @example
 * ```ts
 * fitScale({ width: 1000, height: 400 }, { width: 500, height: 800 }); // 0.5
 * ```
 */
export function fitScale(
  content: { width: number; height: number },
  room: { width: number; height: number },
): number {
  if (!(content.width > 0 && content.height > 0 && room.width > 0 && room.height > 0)) return 1;
  return Math.min(1, room.width / content.width, room.height / content.height);
}

/** What the terminal says while another viewer sizes the pane. */
export function sizedByText(cols: number, rows: number): string {
  return `Sized by another viewer, ${cols}×${rows} — click or type to take over`;
}
