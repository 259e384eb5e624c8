/**
 * Owns how typed text finds sessions, for the tree's filter and the quick switcher alike: each
 * word of the query is a part of the name (or of the command, or of the title), in order, so
 * "k8s prod" finds `k8s-prod-api` and "globex api" finds `customers-globex-api`. Pure.
 */

/** What of a session the query is matched against: the name first, then command and title. */
export interface MatchFields {
  name: string;
  command?: string | null;
  title?: string | null;
}

/** Characters after which a part of a name starts (`k8s-prod`, `my_agent`, `a/b`, `v1.2`). */
const PART_START = /[-_ /.:@]/;

/** Score between tiers: any match in a better field outranks any match in a worse one. */
const TIER = 1_000_000;

/** The words of `query`, lower-cased: split on any whitespace; none for a blank query. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter((word) => word !== "");
}

/**
 * How well `words` occur in `text`, each after the end of the one before (case-insensitive), or
 * null when they do not. Higher when a word starts a part of the text, follows the one before it
 * across at most one separator, starts early, and when less of the text is left over.
 *
 * @example
 * ```ts
 * wordsScore(["globex", "api"], "customers-globex-api"); // a number
 * wordsScore(["api", "globex"], "customers-globex-api"); // null: not in that order
 * ```
 */
export function wordsScore(words: readonly string[], text: string): number | null {
  const lower = text.toLowerCase();
  let from = 0;
  let score = 0;
  let matched = 0;
  for (const [i, word] of words.entries()) {
    // The leftmost occurrence of each word leaves the most room for the words after it.
    const at = lower.indexOf(word, from);
    if (at < 0) return null;
    if (at === 0 || PART_START.test(lower[at - 1] ?? "")) score += 100;
    if (i > 0 && at - from <= 1) score += 50;
    score -= at - from;
    from = at + word.length;
    matched += word.length;
  }
  return score - (lower.length - matched) / 100;
}

/**
 * How well `query` finds `session` (higher is better), or null when it does not: every word in
 * order within the name, else within the command, else within the title. A match in the name
 * ranks above any in the command, and that above any in the title. A blank query finds every
 * session, with score 0.
 *
 * @example
 * ```ts
 * sessionMatchScore({ name: "k8s-prod-api" }, "k8s prod"); // a number
 * sessionMatchScore({ name: "k8s-prod-api" }, "prod k8s"); // null
 * ```
 */
export function sessionMatchScore(session: MatchFields, query: string): number | null {
  const words = queryWords(query);
  if (words.length === 0) return 0;
  const fields = [session.name, session.command ?? "", session.title ?? ""];
  for (const [i, field] of fields.entries()) {
    const score = wordsScore(words, field);
    if (score === null) continue;
    const bounded = Math.max(-TIER / 2 + 1, Math.min(TIER / 2 - 1, score));
    return (fields.length - i) * TIER + bounded;
  }
  return null;
}

/** Whether `query` finds `session` ({@link sessionMatchScore}): the tree's filter. */
export function matchesSession(session: MatchFields, query: string): boolean {
  return sessionMatchScore(session, query) !== null;
}

/**
 * `letters` (no whitespace) scattered in order through `text`, as an abbreviation ("kpa" for
 * `k8s-prod-api`): a score below every word match, or null.
 */
function lettersScore(letters: string, text: string): number | null {
  const lower = text.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of letters) {
    const index = lower.indexOf(char, from);
    if (index < 0) return null;
    if (index === previous + 1) score += 5;
    if (index === 0 || PART_START.test(lower[index - 1] ?? "")) score += 10;
    score -= index - from;
    previous = index;
    from = index + char.length;
  }
  return Math.min(TIER / 2 - 1, score) - TIER;
}

/**
 * The quick switcher's list: the sessions `query` finds ({@link sessionMatchScore}), best first;
 * below them, sessions whose name holds the query's letters in order (an abbreviation). Equal
 * scores keep the order of `sessions`.
 */
export function rankSessions<T extends MatchFields>(sessions: readonly T[], query: string): T[] {
  const letters = queryWords(query).join("");
  const scored: { session: T; score: number; index: number }[] = [];
  sessions.forEach((session, index) => {
    const score = sessionMatchScore(session, query) ?? lettersScore(letters, session.name);
    if (score !== null) scored.push({ session, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.session);
}
