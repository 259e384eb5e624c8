/**
 * Owns the order names are listed in — the sidebar's tree, `maestro ls`, every session list the
 * server answers: natural (`scratch-2` before `scratch-10`), case-insensitive, the same in every
 * room. Pure.
 */

// One collator for every comparison: building one per call is slow.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/**
 * Compare two names in natural order: digit runs by their value, letters without regard to case
 * or accents; names that read alike (`Web` and `web`, `a01` and `a1`) by their UTF-16 code units,
 * so every list comes out in one order whatever order it came in.
 *
 * @example
 * ```ts
 * ["scratch-10", "scratch-2"].sort(compareNames); // ["scratch-2", "scratch-10"]
 * ```
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
