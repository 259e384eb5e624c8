/** Owns what status rules read: the input of one detection and the screen features, each found once. Pure. */

import type { SessionStatus } from "../../protocol/session.ts";
import { findMenu, type Menu } from "./menu.ts";
import { isRule, lastNonEmpty, type Row, type Screen, textBeforeCursor } from "./screen.ts";

/** Everything detection looks at for one pane. */
export interface StatusInput {
  /** The pane's program has exited (tmux keeps the pane with `remain-on-exit`). */
  dead: boolean;
  /** Seconds since the pane last printed anything. */
  idleSeconds: number;
  /** The pane title (programs set it with OSC 0/2; Claude Code and Codex do). */
  title: string;
  /** The foreground process (`pane_current_command`). */
  command: string;
  /** The alternate screen is on (full-screen programs such as Codex, vim). */
  alternate: boolean;
  /** A bell rang in the pane and nothing happened there since. */
  bell: boolean;
  /** The visible screen, or null when it was not captured. */
  screen: Screen | null;
  /** What ran in front when the pane was last at rest (its shell, say); null when unknown. */
  restCommand?: string | null;
  /**
   * At that rest a shell sat at its prompt (default true). False for a script's or a loop's shell
   * caught between its commands: what it runs next was not typed into it.
   */
  restAtPrompt?: boolean;
  /**
   * Input was typed, or a command launched, through Maestro since the pane was last at rest
   * (default true: without the ledger, output may always be work asked for).
   */
  typedSinceRest?: boolean;
}

/** A status and the id of the rule that decided it. */
export interface StatusVerdict {
  status: SessionStatus;
  rule: string;
}

/** Rows from the bottom that rules look at for footers and composers. */
const BOTTOM_ROWS = 10;

const SHELLS = new Set([
  "sh",
  "bash",
  "zsh",
  "fish",
  "dash",
  "ash",
  "ksh",
  "mksh",
  "tcsh",
  "csh",
  "nu",
  "pwsh",
  "elvish",
  "xonsh",
]);

/** Lazily computed features of a {@link StatusInput}, shared by every rule of one detection. */
export class StatusFacts {
  readonly input: StatusInput;
  #menu: Menu | null | undefined;
  #bottom: Row[] | undefined;

  constructor(input: StatusInput) {
    this.input = input;
  }

  get screen(): Screen | null {
    return this.input.screen;
  }

  /** A numbered menu with a highlighted option that ends the screen. */
  get menu(): Menu | null {
    if (this.#menu === undefined) this.#menu = this.screen ? findMenu(this.screen) : null;
    return this.#menu;
  }

  /** The last non-empty rows of the screen. */
  get bottom(): Row[] {
    this.#bottom ??= this.screen ? lastNonEmpty(this.screen, BOTTOM_ROWS) : [];
    return this.#bottom;
  }

  /** The cursor row left of the cursor: a prompt a program left there, or a typed draft. */
  get promptText(): string {
    return this.screen ? textBeforeCursor(this.screen) : "";
  }

  /** The rows just above the cursor row (nearest last). */
  rowsAboveCursor(count: number): string[] {
    const screen = this.screen;
    if (!screen) return [];
    return screen.lines.slice(Math.max(0, screen.cursorY - count), screen.cursorY);
  }

  /** The foreground process is an interactive shell. */
  get inShell(): boolean {
    return SHELLS.has(this.input.command.replace(/^-/, ""));
  }

  /** The foreground process at the pane's last rest was a shell (false: none known, or another). */
  get restInShell(): boolean {
    const rest = this.input.restCommand;
    return typeof rest === "string" && SHELLS.has(rest.replace(/^-/, ""));
  }

  /**
   * Claude Code's composer is on screen: a `❯`/`>` row between two rules (2.x), or `│ >` inside a
   * rounded box (1.x). A draft typed into it stays inside, so this survives hidden footers.
   */
  get claudeComposer(): boolean {
    const rows = this.bottom;
    for (let i = 1; i < rows.length; i++) {
      const text = (rows[i] as Row).text;
      const above = (rows[i - 1] as Row).text;
      if (/^\s*[❯>](\s|$)/.test(text) && isRule(above)) {
        if (rows.slice(i + 1, i + 8).some((row) => isRule(row.text))) return true;
      }
      if (/^\s*│\s*>(\s|$)/.test(text) && /^\s*╭─/.test(above)) return true;
    }
    return false;
  }

  /** Gemini CLI's composer is on screen: its "Type your message" input line. */
  get geminiComposer(): boolean {
    return this.bottom.some((row) => /Type your message or @path\/to\/file/.test(row.text));
  }

  /**
   * Some agent sits at its own composer, by its screen or its title (Claude Code's `✳`, Gemini
   * CLI's `◇ Ready`): a prompt on its screen is its own, not a program's.
   */
  get agentAtRest(): boolean {
    return /^\s*[✳◇]\s/.test(this.input.title) || this.claudeComposer || this.codexComposer ||
      this.geminiComposer;
  }

  /** Codex's composer is on screen: a `›` row near the bottom that is not a numbered option. */
  get codexComposer(): boolean {
    return this.bottom.slice(-5).some((row) =>
      /^\s*›(\s|$)/.test(row.text) && !/^\s*›\s*\d{1,2}[.)]\s/.test(row.text)
    );
  }
}
