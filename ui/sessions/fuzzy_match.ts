/** Owns the quick switcher's ranking: substring matches first, then in-order character matches. */

/**
 * How well `query` matches `text` (higher is better), or null when it does not. A substring beats
 * a scattered match; an earlier start and matches at word starts ("-", "_") rank higher.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  const t = text.toLowerCase();
  if (q === "") return 0;
  const at = t.indexOf(q);
  if (at >= 0) {
    const wordStart = at === 0 || /[-_ /]/.test(t[at - 1] ?? "");
    return 1000 - at + (wordStart ? 100 : 0) - (t.length - q.length) / 100;
  }
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of q) {
    const index = t.indexOf(char, from);
    if (index < 0) return null;
    if (index === previous + 1) score += 5;
    if (index === 0 || /[-_ /]/.test(t[index - 1] ?? "")) score += 10;
    score -= index - from;
    previous = index;
    from = index + 1;
  }
  return score;
}

/** `items` that match `query`, best first (stable for equal scores). */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, text(item));
    if (score !== null) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.item);
}
