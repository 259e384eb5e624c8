/**
 * Owns the contract of `GET /api/search`: its limits, its answer, and what "matches" means (plain
 * text, any case), which the page uses too when it marks a match. Pure.
 */

/** Longest search text accepted, in characters. */
export const MAX_QUERY_LENGTH = 256;
/** Most lines of scrollback above each screen that one search may read. */
export const MAX_SCROLLBACK = 10_000;
/** Most matches one search returns; and the default. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 200;
/** Most matching lines reported for one session (the lowest ones are kept). */
export const MAX_PER_SESSION = 50;

/** One line that contains the query. */
export interface SearchMatch {
  host: string;
  name: string;
  /** 0 = top row of the visible screen, 1 the next…; -1 = the scrollback line just above it. */
  line: number;
  /** Where the first occurrence starts in `text` (a JavaScript string index). */
  column: number;
  /** The whole line, trailing spaces removed. */
  text: string;
}

/** A host the search could not (fully) search, and why. */
export interface SearchError {
  host: string;
  error: string;
}

/** The answer of `GET /api/search`. */
export interface SearchResult {
  query: string;
  matches: SearchMatch[];
  truncated: boolean;
  errors: SearchError[];
}

/** A case-insensitive matcher for `query` taken literally (no pattern characters). */
export function literalMatcher(query: string): RegExp {
  // "u" + "i" folds case one code point at a time, so indexes stay those of the original line.
  return new RegExp(query.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"), "iu");
}
