/**
 * Owns one pane's history between polls: when its screen really changed (not its title alone,
 * not Maestro's own redraws), and whether a turn ended there since anyone last looked — which
 * turns `idle` into `done`. Pure: the monitor passes every time and observation in.
 */

import type { StatusVerdict } from "./facts.ts";

/** How long after Maestro attaches or resizes a viewer the pane's redraw is not activity. */
export const REDRAW_GRACE_MS = 2000;

/**
 * How long input typed through Maestro may wait for the screen to show it. A poll in between still
 * reads the screen from before the keys (a prompt still asking, a shell still at rest): that rest
 * does not use the input up, or the turn it starts would never count.
 */
export const INPUT_ECHO_GRACE_MS = 3000;

/** Working rules that are the agent's own signals: a turn that shows one is worth a `done`. */
const AGENT_WORK_RULES = new Set(["spinner-title", "interrupt-hint"]);

/** What the monitor saw of a pane in one poll. */
export interface PaneObservation {
  nowMs: number;
  /** tmux's `window_activity`, in whole seconds since the epoch. */
  activity: number;
  /** The visible screen's text when it was captured in this poll; null when it was not. */
  screenText: string | null;
  /** Maestro redrew the pane (a viewer attached or resized) and its output is not activity until then. */
  redrawUntilMs: number;
  /** When input was last typed through Maestro (API, broadcast, a terminal), ms; 0 for never. */
  inputAtMs: number;
  /** When Maestro created the session with a command to run in its shell, ms; 0 for never. */
  launchAtMs?: number;
  /** When only an interrupt (Escape, Ctrl+C) was last typed through Maestro, ms; 0 for never. */
  interruptAtMs?: number;
  /** A person looks at the session right now (a focused viewer). */
  seen: boolean;
  /** The pane's foreground process (`pane_current_command`). */
  command: string;
  /**
   * The cursor's line holds text before the cursor, as at any prompt (default true); false for a
   * blank line, where a loop's shell sits between its commands.
   */
  promptShown?: boolean;
}

/**
 * A pane's history. Each poll: {@link observe} first (when did it last really change?), the rules
 * decide from that, then {@link settle} turns the rules' verdict into the status.
 *
 * A turn is a working spell that input typed through Maestro started, or that showed the agent's
 * own working signal (a spinner title, "esc to interrupt") after the pane was once at rest. When it
 * ends at rest unseen, the pane is `done` until someone looks. A fresh shell drawing its prompt, an
 * agent starting up (whatever it shows), output nobody asked for: no turn, so `idle`.
 *
 * @example
 * ```ts
 * const pane = new PaneAttention();
 * const changedAtMs = pane.observe(observation);
 * const verdict = pane.settle(detectStatus({ ...input, idleSeconds: (now - changedAtMs) / 1000 }), observation);
 * ```
 */
export class PaneAttention {
  #screen: string | null = null;
  #changedAtMs: number | null = null;
  #activity: number | null = null;
  #busy = false;
  #turn = false;
  /** The busy spell began with the command the session was created with. */
  #launch = false;
  /** When the pane was last at rest (idle, or waiting on a decision), and what ran in front. */
  #restAtMs = 0;
  #restCommand: string | null = null;
  /** At that rest the cursor's line showed a prompt (see `PaneObservation.promptShown`). */
  #restAtPrompt = false;
  #turnEndedAtMs: number | null = null;
  #seenAtMs = 0;

  /** When the screen last really changed (ms), taking this poll's observation into account. */
  observe(o: PaneObservation): number {
    if (o.seen) this.#seenAtMs = o.nowMs;
    const activityMs = o.activity * 1000;
    if (this.#changedAtMs === null) {
      // First sight (a new pane, or Maestro just started): tmux's activity is all there is.
      this.#changedAtMs = activityMs;
    } else if (o.screenText !== null) {
      const changed = this.#screen !== null && o.screenText !== this.#screen;
      // It changed since the last reading; when exactly, tmux's activity may not say yet (the list
      // is read before the screen, and counts whole seconds): as of this reading, then.
      if (changed && o.nowMs > o.redrawUntilMs) this.#changedAtMs = o.nowMs;
    } else if (this.#activity !== null && o.activity !== this.#activity) {
      // Moved but not read (over the poll's budget): trust tmux's activity.
      if (o.nowMs > o.redrawUntilMs) this.#changedAtMs = Math.max(this.#changedAtMs, activityMs);
    }
    if (o.screenText !== null) this.#screen = o.screenText;
    this.#activity = o.activity;
    return this.#changedAtMs;
  }

  /** The status: the rules' verdict, with `idle` made `done` when a turn ended unseen. */
  settle(verdict: StatusVerdict, o: PaneObservation): StatusVerdict {
    const asked = o.inputAtMs > this.#restAtMs;
    const launched = (o.launchAtMs ?? 0) > this.#restAtMs;
    switch (verdict.status) {
      case "working":
        if (!this.#busy) this.#turn = this.#launch = false;
        this.#busy = true;
        // The agent's own signal before the pane was ever at rest is its start-up (Codex shows one
        // while it boots), or a turn begun before Maestro looked: not a turn Maestro saw begin.
        if (asked || (AGENT_WORK_RULES.has(verdict.rule) && this.#restCommand !== null)) {
          this.#turn = true;
        }
        if (launched) this.#launch = true;
        return verdict;
      case "needs-you":
      case "exited":
        // A decision or the end: whatever ran stopped for the person. Answering starts anew.
        this.#rest(o);
        this.#turnEndedAtMs = null;
        return verdict;
      default: {
        // Stopped by a person through Maestro: the turn ends without being done.
        if ((o.interruptAtMs ?? 0) > this.#restAtMs) this.#turn = this.#launch = false;
        // The session's own command counts once it is back at the shell: an agent it started,
        // at its composer, has only started.
        const launchEnded = (this.#launch || launched) && verdict.rule === "shell-prompt";
        const stopped = (o.interruptAtMs ?? 0) > this.#restAtMs;
        if (this.#busy && !stopped && (this.#turn || asked || launchEnded)) {
          this.#turnEndedAtMs = o.nowMs;
        }
        this.#rest(o);
        if (this.#turnEndedAtMs !== null && this.#turnEndedAtMs > this.#seenAtMs) {
          return {
            status: "done",
            rule: verdict.rule === "shell-prompt" ? "command-finished" : "turn-ended",
          };
        }
        return verdict;
      }
    }
  }

  /** Whether Maestro typed into the pane, or launched its command, since it was last at rest. */
  typedSinceRest(o: PaneObservation): boolean {
    return o.inputAtMs > this.#restAtMs || (o.launchAtMs ?? 0) > this.#restAtMs;
  }

  /** What ran in front when the pane was last at rest (null before it ever was). */
  get restCommand(): string | null {
    return this.#restCommand;
  }

  /** Whether a shell sat at its prompt at that rest (not a script's shell between commands). */
  get restAtPrompt(): boolean {
    return this.#restAtPrompt;
  }

  #rest(o: PaneObservation): void {
    this.#busy = false;
    this.#turn = false;
    this.#launch = false;
    // Keys typed after the screen last changed, and a moment ago, have not shown yet: still pending.
    const unshown = o.inputAtMs > (this.#changedAtMs ?? 0) &&
      o.nowMs - o.inputAtMs < INPUT_ECHO_GRACE_MS;
    this.#restAtMs = unshown ? Math.max(this.#restAtMs, o.inputAtMs - 1) : o.nowMs;
    this.#restCommand = o.command;
    this.#restAtPrompt = o.promptShown ?? true;
  }
}
