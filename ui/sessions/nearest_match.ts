/** Owns choosing which terminal row a search match landed on. Pure. */

import { literalMatcher } from "../../protocol/search.ts";

/**
 * The row of `lines` that contains `query` (any case) nearest to `expected`, or null. The server
 * numbered the line on the pane as it was when searched; by the time the terminal shows it, the
 * pane may have scrolled or been re-wrapped to another width, so the nearest occurrence is the one
 * meant. On a tie the lower row (the more recent output) wins.
 */
export function nearestMatchRow(
  lines: readonly string[],
  query: string,
  expected: number,
): number | null {
  if (query === "" || lines.length === 0) return null;
  const matcher = literalMatcher(query);
  const start = Math.min(Math.max(0, Math.round(expected)), lines.length - 1);
  for (let distance = 0; distance < lines.length; distance++) {
    const below = start + distance;
    const above = start - distance;
    if (below >= lines.length && above < 0) break;
    if (below < lines.length && matcher.test(lines[below] ?? "")) return below;
    if (distance > 0 && above >= 0 && matcher.test(lines[above] ?? "")) return above;
  }
  return null;
}
