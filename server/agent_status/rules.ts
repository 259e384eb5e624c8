/**
 * Owns the status rules: one row per tool and pattern, tried top to bottom, the first that matches
 * decides. A new tool is a new row. Pure. docs/STATUS.md describes every row.
 */

import type { SessionStatus } from "../../protocol/session.ts";
import type { StatusFacts } from "./facts.ts";
import { isRule } from "./screen.ts";

/** What a rule reads. */
export type Signal =
  | "pane"
  | "activity"
  | "title"
  | "screen"
  | "cursor-line"
  | "command"
  | "alternate"
  | "bell";

export interface StatusRule {
  /** Stable id, reported with the status (`claude-permission`). */
  id: string;
  /** The program the row is about, or "any". */
  tool: "any" | "claude" | "codex" | "aider" | "shell";
  looksAt: readonly Signal[];
  status: SessionStatus;
  /** One line for people: when the row fires. */
  description: string;
  matches(facts: StatusFacts): boolean;
}

/** Seconds of silence after which a pane is no longer `working` by activity alone. */
export const WORKING_WINDOW_SECONDS = 3;

/** A braille spinner frame (U+2801–U+28FF) starting the title: Claude Code and Codex at work. */
const SPINNER_TITLE = /^\s*[\u2801-\u28ff]/;
const CLAUDE_PERMISSION_QUESTION =
  /^(?:Do you want to (?:proceed|make this edit|create|overwrite|allow|run|delete|insert)|Would you like to proceed)\b/;
const CLAUDE_PERMISSION_OPTION = /tell Claude what to do differently|don't ask again/;
const CODEX_APPROVAL_QUESTION =
  /Would you like to (?:run the following command|make the following edits|grant|apply)|Allow command\?/;
/** Aider's confirmations: `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: `. */
const AIDER_CONFIRM = /\(Y\)es\/\(N\)o.*\[[^\]]*\]:?$/;
/** Aider's input prompt: `> `, `architect> `, `ask> `, `multi> `. */
const AIDER_PROMPT = /^(?:[a-z-]+)?>(?:\s|$)/;
/** A choice the program waits for: `[y/N]`, `(yes/no)`, `Password:`, `Press Enter to continue`. */
const CHOICE_PROMPT =
  /[[(](?:y\/n|yes\/no|y\/n\/[a-z]+|[a-z](?:\/[a-z]){1,5})[\])]|\b(?:password|passphrase|passcode|pin)(?: for [^:]*)?:$|press (?:enter|return|any key)/i;
/** A shell's prompt: a prompt character, then nothing or a draft being typed. */
const SHELL_PROMPT = /[$#%>❯➜»λ](?:\s|$)/;
/** A program's question left on the cursor line: ends with `?` or `:`, perhaps with a default. */
const QUESTION_PROMPT = /\S[?:](?:\s*[[(][^\])]{0,20}[\])])?$/;

/** The rules, in order. */
export const STATUS_RULES: readonly StatusRule[] = [
  {
    id: "pane-dead",
    tool: "any",
    looksAt: ["pane"],
    status: "exited",
    description: "The pane's program has exited (tmux keeps the pane open).",
    matches: (f) => f.input.dead,
  },
  {
    id: "recent-output",
    tool: "any",
    looksAt: ["activity"],
    status: "working",
    description: `The pane printed something in the last ${WORKING_WINDOW_SECONDS} seconds.`,
    matches: (f) => f.input.idleSeconds < WORKING_WINDOW_SECONDS,
  },
  {
    id: "codex-approval",
    tool: "codex",
    looksAt: ["title", "screen"],
    status: "waiting",
    description:
      'Codex asks for approval: the title says "Action Required", or a menu under "Would you ' +
      'like to run the following command?" / "…make the following edits?" ends the screen.',
    matches: (f) =>
      /Action Required/i.test(f.input.title) ||
      (f.menu !== null && (CODEX_APPROVAL_QUESTION.test(f.menu.question ?? "") ||
        f.menu.options.some((option) => /tell Codex what to do differently/.test(option)))),
  },
  {
    id: "claude-permission",
    tool: "claude",
    looksAt: ["screen"],
    status: "waiting",
    description:
      'Claude Code asks permission for a tool: "Do you want to proceed?" (or "…make this edit ' +
      'to…?", "…create…?", "…allow Claude to fetch…?") over numbered options ends the screen.',
    matches: (f) =>
      f.menu !== null &&
      (CLAUDE_PERMISSION_QUESTION.test(f.menu.question ?? "") ||
        f.menu.options.some((option) => CLAUDE_PERMISSION_OPTION.test(option))),
  },
  {
    id: "claude-question",
    tool: "claude",
    looksAt: ["screen"],
    status: "waiting",
    description: "Claude Code asks a question: numbered options with the `❯` mark end the screen " +
      '(a question from the agent, the folder trust dialog, "Enter to select · Esc to cancel").',
    matches: (f) => f.menu?.mark === "❯",
  },
  {
    id: "codex-question",
    tool: "codex",
    looksAt: ["screen"],
    status: "waiting",
    description: "Codex offers a choice: numbered options with the `›` mark end the screen.",
    matches: (f) => f.menu?.mark === "›",
  },
  {
    id: "aider-confirm",
    tool: "aider",
    looksAt: ["cursor-line"],
    status: "waiting",
    description:
      "Aider asks to confirm: the cursor waits after `(Y)es/(N)o… [Yes]:` (add a file, run a " +
      "command, create a file…).",
    matches: (f) => AIDER_CONFIRM.test(f.promptText),
  },
  {
    id: "spinner-title",
    tool: "any",
    looksAt: ["title"],
    status: "working",
    description:
      "The title starts with a braille spinner frame (Claude Code, Codex): the agent is busy even " +
      "if the screen is still.",
    matches: (f) => SPINNER_TITLE.test(f.input.title),
  },
  {
    id: "interrupt-hint",
    tool: "any",
    looksAt: ["screen"],
    status: "working",
    description: 'The bottom of the screen offers "esc to interrupt": a turn is in progress.',
    matches: (f) => f.bottom.some((row) => /\besc to interrupt\b/i.test(row.text)),
  },
  {
    id: "bell",
    tool: "any",
    looksAt: ["bell"],
    status: "waiting",
    description:
      "The pane rang the terminal bell and has been quiet since (agents ring it when they need " +
      "you).",
    matches: (f) => f.input.bell,
  },
  {
    id: "claude-idle",
    tool: "claude",
    looksAt: ["title", "screen"],
    status: "idle",
    description:
      "Claude Code waits at its composer with nothing running (the title starts with `✳`, or the " +
      "`❯` composer sits between two rules) — even with a draft typed or after an interruption.",
    matches: (f) => /^\s*✳/.test(f.input.title) || f.claudeComposer,
  },
  {
    id: "codex-idle",
    tool: "codex",
    looksAt: ["screen"],
    status: "idle",
    description: "Codex waits at its `›` composer with nothing running (draft or not).",
    matches: (f) => f.codexComposer,
  },
  {
    id: "aider-prompt",
    tool: "aider",
    looksAt: ["cursor-line", "screen"],
    status: "idle",
    description:
      "Aider waits at its `>` prompt (or `architect>`, `ask>`, `multi>`) under its rule line.",
    matches: (f) =>
      AIDER_PROMPT.test(f.promptText) && f.rowsAboveCursor(4).some((line) => isRule(line)),
  },
  {
    id: "generic-prompt",
    tool: "any",
    looksAt: ["cursor-line", "alternate"],
    status: "waiting",
    description:
      "A program waits on the cursor line for a choice or a secret: `[y/N]`, `(yes/no)`, " +
      "`Password:`, `Press Enter to continue` (normal screen only: full-screen programs such as " +
      "editors draw their own cursor anywhere).",
    matches: (f) => !f.input.alternate && CHOICE_PROMPT.test(f.promptText),
  },
  {
    id: "shell-prompt",
    tool: "shell",
    looksAt: ["command", "cursor-line"],
    status: "waiting",
    description:
      "A shell sits at its prompt with nothing running (a draft may be typed): the agent or " +
      "command finished and the session needs you, so `maestro wait --for waiting` tells when a " +
      "command is done (mute a plain shell kept open to leave it out of the alerts).",
    matches: (f) => f.inShell && SHELL_PROMPT.test(f.promptText),
  },
  {
    id: "generic-question",
    tool: "any",
    looksAt: ["cursor-line", "alternate"],
    status: "waiting",
    description:
      "A program left a question on the cursor line and waits: it ends with `?` or `:` " +
      "(`Overwrite config.json?`, `Enter your choice [1-3]:`); normal screen only.",
    matches: (f) => !f.input.alternate && QUESTION_PROMPT.test(f.promptText),
  },
  {
    id: "quiet",
    tool: "any",
    looksAt: ["activity"],
    status: "idle",
    description: "Nothing above matched: the pane is quiet.",
    matches: () => true,
  },
];
