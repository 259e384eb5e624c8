/**
 * Owns reading what a session that needs you asks, as data: the kind of prompt, its text, its
 * options, and the keys that choose each option on the screen as it is now. Pure.
 */

import type { PromptKind, PromptOption } from "../../protocol/session.ts";
import { findMenu, type Menu } from "./menu.ts";
import { isRule, type Screen, textBeforeCursor } from "./screen.ts";

/** What typing an option takes: keys (tmux key names), text, then Enter. */
export interface OptionKeys {
  text?: string;
  keys?: string[];
  enter?: boolean;
}

/** A prompt read off a screen; `signature` is what identifies it (not where the highlight is). */
export interface ReadPrompt {
  kind: PromptKind;
  /** The question, one line. */
  text: string;
  /** The lines that say what it is about (the command to run, the file to edit), or "". */
  detail: string;
  options: PromptOption[];
  /** How to choose each option from the screen as it is, by option key. */
  keys: Map<string, OptionKeys>;
  /** Kind, text, detail and option labels: the same prompt read twice has the same signature. */
  signature: string;
}

/** Rules whose prompt asks permission for an action. */
const PERMISSION_RULES = new Set([
  "codex-approval",
  "claude-permission",
  "gemini-approval",
  "aider-confirm",
]);
/** Most rows above the options read for what the dialog is about. */
const MAX_DETAIL_ROWS = 10;
/** Most characters of detail kept. */
const MAX_DETAIL_CHARS = 600;
const PASSWORD = /\b(?:password|passphrase|passcode|pin)(?: for [^:]*)?:$/i;
const YES_NO = /[[(](?:y\/n|yes\/no)[\])]/i;
const LETTER_CHOICES = /[[(]((?:[a-z]\/){1,5}[a-z])[\])]/i;
const PRESS_ENTER = /press (?:enter|return)/i;
/** Aider's `(Y)es/(N)o/(D)on't ask again [Yes]:`. */
const AIDER_OPTION = /\(([A-Za-z])\)([A-Za-z' ]+?)(?=\/\(|\s*\[|$)/g;

/**
 * The prompt of a session that needs you, read from its screen and the rule that decided it;
 * null when the screen shows nothing to read (a bell alone).
 */
export function readPrompt(screen: Screen, rule: string): ReadPrompt | null {
  const menu = findMenu(screen);
  if (menu !== null) return menuPrompt(screen, menu, PERMISSION_RULES.has(rule));
  const line = textBeforeCursor(screen).trim();
  if (line === "") return null;
  if (rule === "aider-confirm") return aiderPrompt(line);
  if (PASSWORD.test(line)) return finish("password", line, "", []);
  if (YES_NO.test(line)) {
    return finish("yes-no", line, "", [
      ["y", "Yes", { text: "y", enter: true }],
      ["n", "No", { text: "n", enter: true }],
    ]);
  }
  const letters = LETTER_CHOICES.exec(line);
  if (letters !== null) {
    const choices = (letters[1] as string).split("/");
    return finish(
      "question",
      line,
      "",
      choices.map((c) => [c.toLowerCase(), c, { text: c.toLowerCase(), enter: true }]),
    );
  }
  if (PRESS_ENTER.test(line)) {
    return finish("other", line, "", [["enter", "Continue", { enter: true }]]);
  }
  return finish("other", line, "", []);
}

/** A numbered menu: option N is chosen by moving the highlight to it and pressing Enter. */
function menuPrompt(screen: Screen, menu: Menu, permission: boolean): ReadPrompt {
  const detail = detailAbove(screen, menu);
  const text = menu.question ?? detail.split("\n").at(-1) ?? "";
  return finish(
    permission ? "permission" : "question",
    text,
    detail,
    menu.options.map((label, index) => {
      const moves = index - menu.selected;
      const keys = Array<string>(Math.abs(moves)).fill(moves > 0 ? "Down" : "Up");
      return [String(index + 1), label, { keys, enter: true }];
    }),
  );
}

/**
 * What the dialog is about: the lines between its question and its options (Codex), or else the
 * lines above the question up to the dialog's top (Claude Code, Gemini CLI). Box borders and
 * dashed rules are left out.
 */
function detailAbove(screen: Screen, menu: Menu): string {
  const between = dialogLines(screen, menu.top - 1, menu.question, true);
  if (between.length > 0) return between.join("\n").slice(0, MAX_DETAIL_CHARS);
  const questionRow = menu.question === null ? menu.top : findRowAbove(screen, menu);
  return dialogLines(screen, questionRow - 1, null, false).join("\n").slice(0, MAX_DETAIL_CHARS);
}

/** The row of the menu's question above its options. */
function findRowAbove(screen: Screen, menu: Menu): number {
  for (let row = menu.top - 1; row >= 0; row--) {
    if (inner(screen.lines[row] ?? "") === menu.question) return row;
  }
  return menu.top;
}

/**
 * The dialog's lines from `from` upwards, top to bottom: to the question when `untilQuestion`
 * (none if it is not reached), else to the dialog's top (a full rule, an outer box's top, or two
 * blank lines).
 */
function dialogLines(
  screen: Screen,
  from: number,
  question: string | null,
  untilQuestion: boolean,
): string[] {
  const lines: string[] = [];
  let blanks = 0;
  for (let row = from; row >= 0 && lines.length <= MAX_DETAIL_ROWS; row--) {
    const raw = screen.lines[row] ?? "";
    const line = inner(raw);
    if (untilQuestion && question !== null && line === question) return lines;
    if (line === "") {
      if (++blanks > 1 && !untilQuestion) break;
      continue;
    }
    blanks = 0;
    if (/^\s*[╭┌]/.test(raw) || (isRule(raw) && !/[╌┄]/.test(raw))) break;
    if (/^[╭╰┌└╌┄─━═╮╯┐┘]+$/.test(line)) continue;
    lines.unshift(line);
  }
  return untilQuestion ? [] : lines;
}

/** A screen line without a drawn box's vertical borders and surrounding spaces. */
function inner(raw: string): string {
  let line = raw.trim();
  // Boxes nest (Gemini CLI draws the command in a box inside the dialog's box).
  for (let depth = 0; depth < 3 && /^[│┃║]|[│┃║]$/.test(line); depth++) {
    line = line.replace(/^[│┃║]/, "").replace(/[│┃║]$/, "").trim();
  }
  return line;
}

function aiderPrompt(line: string): ReadPrompt {
  const options: [string, string, OptionKeys][] = [];
  for (const match of line.matchAll(AIDER_OPTION)) {
    const letter = (match[1] as string).toLowerCase();
    options.push([letter, `${match[1]}${(match[2] as string).trim()}`, {
      text: letter,
      enter: true,
    }]);
  }
  return finish("permission", line, "", options);
}

function finish(
  kind: PromptKind,
  text: string,
  detail: string,
  options: [string, string, OptionKeys][],
): ReadPrompt {
  return {
    kind,
    text,
    detail,
    options: options.map(([key, label]) => ({ key, label })),
    keys: new Map(options.map(([key, , keys]) => [key, keys])),
    signature: JSON.stringify([kind, text, detail, options.map(([key, label]) => [key, label])]),
  };
}
