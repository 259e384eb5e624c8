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
  tool: "any" | "claude" | "codex" | "gemini" | "aider" | "shell";
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
/** Gemini CLI's approval box: "Allow execution of [Shell]?" (and its other tools' questions). */
const GEMINI_APPROVAL =
  /\bAllow (?:execution|execute|modification|edit)\b.*\?|\bApply this change\?/;
/** Gemini CLI's title while it streams or runs a tool: "✦  Working… (folder)". */
const GEMINI_WORKING_TITLE = /^\s*✦\s/;
/** Gemini CLI's title at its composer: "◇  Ready (folder)". */
const GEMINI_READY_TITLE = /^\s*◇\s/;
/** Gemini CLI's title at an approval prompt: "✋  Action Required (folder)". */
const GEMINI_ACTION_TITLE = /^\s*✋\s/;
/** A choice the program waits for: `[y/N]`, `(yes/no)`, `Password:`, `Press Enter to continue`. */
const CHOICE_PROMPT =
  /[[(](?:y\/n|yes\/no|y\/n\/[a-z]+|[a-z](?:\/[a-z]){1,5})[\])]|\b(?:password|passphrase|passcode|pin)(?: for [^:]*)?:$|press (?:enter|return|any key)/i;
/** A shell's prompt: a prompt character, then nothing or a draft being typed. */
const SHELL_PROMPT = /[$#%>❯➜»λ](?:\s|$)/;
/** A program's question left on the cursor line: ends with `?` or `:`, perhaps with a default. */
const QUESTION_PROMPT = /\S[?:](?:\s*[[(][^\])]{0,20}[\])])?$/;

/**
 * The rules, in order (DESIGN §9b: a decision on screen beats recent output). First what has
 * ended, then the agents' own decision screens, then what says the pane is busy, then the generic
 * prompts of any program, then the screens of a program at rest. A pane at rest is `idle`; the
 * monitor makes it `done` when a turn ended there since anyone last looked.
 */
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
    id: "codex-approval",
    tool: "codex",
    looksAt: ["title", "screen"],
    status: "needs-you",
    description:
      'Codex asks for approval: the title says "Action Required" (it blinks `[ . ]`/`[ ! ]` ' +
      'while it waits), or a menu under "Would you like to run the following command?" / ' +
      '"…make the following edits?" ends the screen.',
    matches: (f) =>
      (/Action Required/i.test(f.input.title) && !GEMINI_ACTION_TITLE.test(f.input.title)) ||
      (f.menu !== null && (CODEX_APPROVAL_QUESTION.test(f.menu.question ?? "") ||
        f.menu.options.some((option) => /tell Codex what to do differently/.test(option)))),
  },
  {
    id: "claude-permission",
    tool: "claude",
    looksAt: ["screen"],
    status: "needs-you",
    description:
      'Claude Code asks permission for a tool: "Do you want to proceed?" (or "…make this edit ' +
      'to…?", "…create…?", "…allow Claude to fetch…?") over numbered options ends the screen.',
    matches: (f) =>
      f.menu !== null &&
      (CLAUDE_PERMISSION_QUESTION.test(f.menu.question ?? "") ||
        f.menu.options.some((option) => CLAUDE_PERMISSION_OPTION.test(option))),
  },
  {
    id: "gemini-approval",
    tool: "gemini",
    looksAt: ["title", "screen"],
    status: "needs-you",
    description:
      'Gemini CLI asks for approval: the title says "✋ Action Required", or "Allow execution ' +
      'of [Shell]?" over numbered options ends the screen.',
    matches: (f) =>
      GEMINI_ACTION_TITLE.test(f.input.title) ||
      (f.menu !== null && GEMINI_APPROVAL.test(f.menu.question ?? "")),
  },
  {
    id: "claude-question",
    tool: "claude",
    looksAt: ["screen"],
    status: "needs-you",
    description: "Claude Code asks a question: numbered options with the `❯` mark end the screen " +
      '(a question from the agent, the folder trust dialog, "Enter to select · Esc to cancel").',
    matches: (f) => f.menu?.mark === "❯",
  },
  {
    id: "codex-question",
    tool: "codex",
    looksAt: ["screen"],
    status: "needs-you",
    description: "Codex offers a choice: numbered options with the `›` mark end the screen.",
    matches: (f) => f.menu?.mark === "›",
  },
  {
    id: "aider-confirm",
    tool: "aider",
    looksAt: ["cursor-line"],
    status: "needs-you",
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
      "The title starts with a braille spinner frame (Claude Code, Codex) or Gemini CLI's `✦`: " +
      "the agent is busy even if the screen is still.",
    matches: (f) => SPINNER_TITLE.test(f.input.title) || GEMINI_WORKING_TITLE.test(f.input.title),
  },
  {
    id: "interrupt-hint",
    tool: "any",
    looksAt: ["screen"],
    status: "working",
    description:
      'The bottom of the screen offers "esc to interrupt" (Claude Code) or "esc to cancel" ' +
      "beside a timer (Gemini CLI): a turn is in progress.",
    matches: (f) =>
      f.bottom.some((row) =>
        /\besc to interrupt\b/i.test(row.text) || /\(esc to cancel, \d+s\)/i.test(row.text)
      ),
  },
  {
    id: "recent-output",
    tool: "any",
    looksAt: ["activity"],
    status: "working",
    description: `The screen changed in the last ${WORKING_WINDOW_SECONDS} seconds (a title ` +
      "that changes alone, and Maestro's own redraws when a viewer attaches or resizes, are not " +
      "changes) — unless a shell sits at its prompt and nothing was typed into it through " +
      "Maestro since it was last at rest: a fresh shell drawing its first prompt is not at work.",
    matches: (f) =>
      f.input.idleSeconds < WORKING_WINDOW_SECONDS &&
      !(f.input.typedSinceRest === false && f.inShell && SHELL_PROMPT.test(f.promptText)),
  },
  {
    id: "command-running",
    tool: "any",
    looksAt: ["command", "cursor-line", "alternate"],
    status: "working",
    description:
      "Another program than at the pane's last rest runs in front, silently, the cursor at the " +
      "start of a line (a command typed into a shell: `make`, `sleep 60`). Full-screen programs " +
      "and programs waiting at their own prompt are at rest instead, and so is a loop: its shell " +
      "back in front of the program it rested with, or its next program after a rest whose shell " +
      "was not at its prompt (a `sleep` between its turns).",
    matches: (f) =>
      f.input.restCommand !== undefined && f.input.restCommand !== null &&
      f.input.command !== f.input.restCommand && !f.input.alternate && f.screen !== null &&
      f.promptText === "" && !(f.inShell && !f.restInShell) &&
      !(f.restInShell && f.input.restAtPrompt === false),
  },
  {
    id: "bell",
    tool: "any",
    looksAt: ["bell"],
    status: "needs-you",
    description:
      "The pane rang the terminal bell and has been quiet since, and no agent sits at its " +
      "composer (an agent that rings at the end of its turn is done, not waiting).",
    matches: (f) => f.input.bell && !f.agentAtRest,
  },
  {
    id: "generic-prompt",
    tool: "any",
    looksAt: ["cursor-line", "alternate"],
    status: "needs-you",
    description:
      "A program waits on the cursor line for a choice or a secret: `[y/N]`, `(yes/no)`, " +
      "`Password:`, `Press Enter to continue` (normal screen only: full-screen programs such as " +
      "editors draw their own cursor anywhere; not at an agent's composer).",
    matches: (f) => !f.input.alternate && !f.agentAtRest && CHOICE_PROMPT.test(f.promptText),
  },
  {
    id: "claude-idle",
    tool: "claude",
    looksAt: ["title", "screen"],
    status: "idle",
    description:
      "Claude Code is at its composer with nothing running (the title starts with `✳`, or the " +
      "`❯` composer sits between two rules) — even with a draft typed or after an interruption.",
    matches: (f) => /^\s*✳/.test(f.input.title) || f.claudeComposer,
  },
  {
    id: "codex-idle",
    tool: "codex",
    looksAt: ["screen"],
    status: "idle",
    description: "Codex is at its `›` composer with nothing running (draft or not).",
    matches: (f) => f.codexComposer,
  },
  {
    id: "gemini-idle",
    tool: "gemini",
    looksAt: ["title", "screen"],
    status: "idle",
    description:
      'Gemini CLI is at its composer: the title says "◇ Ready", or "Type your message" is on ' +
      "screen.",
    matches: (f) => GEMINI_READY_TITLE.test(f.input.title) || f.geminiComposer,
  },
  {
    id: "aider-prompt",
    tool: "aider",
    looksAt: ["cursor-line", "screen"],
    status: "idle",
    description:
      "Aider is at its `>` prompt (or `architect>`, `ask>`, `multi>`) under its rule line.",
    matches: (f) =>
      AIDER_PROMPT.test(f.promptText) && f.rowsAboveCursor(4).some((line) => isRule(line)),
  },
  {
    id: "shell-prompt",
    tool: "shell",
    looksAt: ["command", "cursor-line"],
    status: "idle",
    description:
      "A shell sits at its prompt with nothing running (a draft may be typed). A fresh shell is " +
      "idle; one whose typed command finished since anyone looked is done.",
    matches: (f) => f.inShell && SHELL_PROMPT.test(f.promptText),
  },
  {
    id: "generic-question",
    tool: "any",
    looksAt: ["cursor-line", "alternate"],
    status: "needs-you",
    description: "A program left a question on the cursor line and waits: it ends with `?` " +
      "or `:` (`Overwrite config.json?`, `Enter your choice [1-3]:`); normal screen only.",
    matches: (f) => !f.input.alternate && !f.agentAtRest && QUESTION_PROMPT.test(f.promptText),
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
