/**
 * Owns finding a numbered selection menu at the bottom of a screen — the shape of Claude Code's and
 * Codex's permission dialogs and questions (`❯ 1. Yes` / `2. No …`). Pure.
 */

import { isRule, type Screen } from "./screen.ts";

/** A live menu: numbered options with one highlighted, and nothing but key hints below them. */
export interface Menu {
  /**
   * The mark before the highlighted option: `❯` (Claude Code), `›` (Codex), `●` (Gemini CLI),
   * `▶` or `➤`.
   */
  mark: string;
  /** Option labels, top to bottom (wrapped labels joined). */
  options: string[];
  /** The index of the highlighted option in `options`. */
  selected: number;
  /** The screen rows the dialog's text may be on: above the first option, up to its block's top. */
  top: number;
  /** The closest line above the options that asks something, or null. */
  question: string | null;
  /** The key hints under the options (`Esc to cancel`, `Enter to select · ↑/↓ to navigate`…). */
  footer: string[];
}

const OPTION = /^([❯›●▶➤])?\s*(\d{1,2})[.)]\s+(\S.*)$/;
/** Key hints that dialogs print under their options. */
const HINT =
  /\b(?:esc|escape|enter|return|tab|ctrl|shift)\b.*\bto\b|press enter|↑|↓|to navigate|to select|to confirm|to cancel/i;
/** Rows of hints, rules and blanks allowed between the last option and the bottom. */
const MAX_FOOTER_ROWS = 6;
/** Rows above the options searched for the question. */
const MAX_HEADING_ROWS = 6;

/** The menu whose options end the screen (only hints, rules and blanks below), or null. */
export function findMenu(screen: Screen): Menu | null {
  const lines = screen.lines.map(withoutBorders);
  let row = lines.length - 1;
  const footer: string[] = [];
  let footerRows = 0;
  for (; row >= 0; row--) {
    const line = lines[row] as string;
    if (line.trim() === "" || isRule(line)) continue;
    if (!HINT.test(line) || OPTION.test(line.trim())) break;
    footer.unshift(line.trim());
    if (++footerRows > MAX_FOOTER_ROWS) return null;
  }

  // Walk the option block upwards: options, descriptions or wrapped labels indented under them.
  const found: { number: number; mark: string; label: string[]; row: number }[] = [];
  let pending: string[] = [];
  let blanks = 0;
  for (; row >= 0; row--) {
    const line = lines[row] as string;
    const match = OPTION.exec(line.trim());
    if (match) {
      found.unshift({
        number: Number(match[2]),
        mark: match[1] ?? "",
        label: [(match[3] as string).trim(), ...pending],
        row,
      });
      pending = [];
      blanks = 0;
      continue;
    }
    if (line.trim() === "") {
      if (++blanks > 1) break;
      continue;
    }
    // Continuation rows are indented deeper than an option's number.
    if (/^\s{3,}\S/.test(line) && !isRule(line) && pending.length < 3) {
      pending.unshift(line.trim());
      continue;
    }
    break;
  }
  if (found.length < 2) return null;
  if (found.some((option, i) => option.number !== i + 1)) return null;
  const marked = found.filter((option) => option.mark !== "");
  if (marked.length !== 1) return null;

  let question: string | null = null;
  for (let seen = 0; row >= 0 && seen < MAX_HEADING_ROWS; row--) {
    const line = lines[row] as string;
    if (line.trim() === "") continue;
    if (isRule(line)) break;
    seen++;
    if (line.includes("?")) {
      question = line.trim();
      break;
    }
  }
  return {
    mark: (marked[0] as { mark: string }).mark,
    options: found.map((option) => option.label.join(" ")),
    selected: found.findIndex((option) => option.mark !== ""),
    top: (found[0] as { row: number }).row,
    question,
    footer,
  };
}

/** The line without a box's vertical borders, keeping its indentation. */
function withoutBorders(line: string): string {
  if (!/^\s*[│┃║]/.test(line)) return line.trimEnd();
  return line.replace(/^\s*[│┃║]/, "").replace(/[│┃║]\s*$/, "").trimEnd();
}
