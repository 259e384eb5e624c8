/**
 * Owns finding text in captured panes: plain, case-insensitive substring matching with a cap per
 * session and on the whole result, and the order results come in. Pure: no tmux, no HTTP.
 */

/** The text of one session's pane as captured, scrollback first. */
export { literalMatcher, type SearchMatch } from "../../protocol/search.ts";
import { literalMatcher, type SearchMatch } from "../../protocol/search.ts";

export interface PaneText {
  host: string;
  name: string;
  /** The captured lines, top to bottom. */
  lines: readonly string[];
  /** The line number of `lines[0]`: 0 is the top of the visible screen, -N is N lines above it. */
  firstLine: number;
}

export interface FoundMatches {
  matches: SearchMatch[];
  /** Some matching lines were left out by a cap. */
  truncated: boolean;
}

/**
 * The lines of one pane that contain `query` (case-insensitive), one match per line at its first
 * occurrence, top to bottom. When more than `max` lines match, the lowest `max` are kept: the
 * screen and recent scrollback matter more than old history.
 */
export function findInPane(pane: PaneText, query: string, max: number): FoundMatches {
  const matcher = literalMatcher(query);
  const found: SearchMatch[] = [];
  let truncated = false;
  for (let i = pane.lines.length - 1; i >= 0; i--) {
    const text = (pane.lines[i] ?? "").trimEnd();
    const hit = matcher.exec(text);
    if (hit === null) continue;
    if (found.length >= max) {
      truncated = true;
      break;
    }
    found.push({
      host: pane.host,
      name: pane.name,
      line: pane.firstLine + i,
      column: hit.index,
      text,
    });
  }
  return { matches: found.reverse(), truncated };
}

/** Join per-session results in the order given, keeping at most `limit` matches in all. */
export function mergeFound(parts: readonly FoundMatches[], limit: number): FoundMatches {
  const matches: SearchMatch[] = [];
  let truncated = false;
  for (const part of parts) {
    truncated ||= part.truncated;
    for (const match of part.matches) {
      if (matches.length >= limit) return { matches, truncated: true };
      matches.push(match);
    }
  }
  return { matches, truncated };
}

/**
 * Split a capture into lines numbered as {@link PaneText} says. `historyLines` is how many of the
 * captured lines are scrollback (tmux includes min(asked, history size) of them).
 */
export function paneText(
  host: string,
  name: string,
  captured: string,
  historyLines: number,
): PaneText {
  const lines = captured.endsWith("\n") ? captured.slice(0, -1).split("\n") : captured.split("\n");
  if (lines.length === 1 && lines[0] === "") lines.length = 0;
  return { host, name, lines, firstLine: -historyLines };
}
