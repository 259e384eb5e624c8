/** Owns shaping search matches for display: grouped by session, text split around the hits. Pure. */

import { literalMatcher, type SearchMatch } from "../../protocol/search.ts";
import { sessionKey } from "../shared/types.ts";

/** The matches of one session, in the order the server gave them. */
export interface MatchGroup {
  key: string;
  host: string;
  name: string;
  matches: SearchMatch[];
}

/** Group matches by session, keeping the sessions' first-seen order. */
export function groupMatches(matches: readonly SearchMatch[]): MatchGroup[] {
  const groups = new Map<string, MatchGroup>();
  for (const match of matches) {
    const key = sessionKey(match);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, host: match.host, name: match.name, matches: [] };
      groups.set(key, group);
    }
    group.matches.push(match);
  }
  return [...groups.values()];
}

/** A run of a line's text, `hit` when it is an occurrence of the query. */
export interface TextPart {
  text: string;
  hit: boolean;
}

/** Split `text` into runs, every case-insensitive occurrence of `query` its own `hit` run. */
export function highlightParts(text: string, query: string): TextPart[] {
  if (query === "") return [{ text, hit: false }];
  const matcher = new RegExp(literalMatcher(query).source, "giu");
  const parts: TextPart[] = [];
  let at = 0;
  for (const hit of text.matchAll(matcher)) {
    if (hit.index > at) parts.push({ text: text.slice(at, hit.index), hit: false });
    parts.push({ text: hit[0], hit: true });
    at = hit.index + hit[0].length;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), hit: false });
  return parts;
}

/** How a match's line reads to a person: "line 3" on the screen, "3 lines up" in scrollback. */
export function lineLabel(line: number): string {
  if (line >= 0) return `line ${line + 1}`;
  return line === -1 ? "1 line up" : `${-line} lines up`;
}

/** Characters kept before the match when a long line is cut so the match stays in view. */
export const CLIP_BEFORE = 24;

/** `text` with its start cut (marked "…") when the match at `column` would be far to the right. */
export function clipAround(text: string, column: number, before = CLIP_BEFORE): string {
  if (column <= before * 2) return text;
  return "…" + text.slice(column - before);
}
