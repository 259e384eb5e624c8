/**
 * Owns what Maestro knows about each local session that tmux cannot tell it: when input was typed
 * through Maestro (an API call, a broadcast, a terminal), when Maestro's own resize made the pane
 * redraw, and whether a person is looking at it right now (a focused viewer). The session monitor
 * reads it to tell real activity and finished turns from noise.
 */

import { REDRAW_GRACE_MS } from "./agent_status/pane_attention.ts";

interface Entry {
  inputAtMs: number;
  interruptAtMs: number;
  launchAtMs: number;
  redrawUntilMs: number;
  /** The viewers that say a person looks at them. */
  focused: Set<object>;
}

/**
 * Per-session facts, by session name (renames move them along).
 *
 * @example
 * ```ts
 * ledger.input("api");                 // typed through Maestro
 * ledger.focus("api", viewer, true);   // the page shows it
 * ledger.seen("api");                  // true
 * ```
 */
export class AttentionLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Input was typed into `session` through Maestro. */
  input(session: string): void {
    this.#entry(session).inputAtMs = this.#now();
  }

  /**
   * Only an interrupt (Escape, Ctrl+C) was typed into `session` through Maestro: the turn it stops
   * ends without being `done` — the person who stopped it knows.
   */
  interrupted(session: string): void {
    this.#entry(session).interruptAtMs = this.#now();
  }

  /**
   * Maestro created `session` with a command to type into its shell: when that command finishes
   * back at the shell's prompt, the session is done (an agent it starts is not "done" by starting).
   */
  launched(session: string): void {
    this.#entry(session).launchAtMs = this.#now();
  }

  /** Maestro attached or resized a viewer of `session`: its redraw is not activity. */
  redrew(session: string): void {
    this.#entry(session).redrawUntilMs = this.#now() + REDRAW_GRACE_MS;
  }

  /** `viewer` shows `session` to a person (`focused`), or no longer does. */
  focus(session: string, viewer: object, focused: boolean): void {
    const entry = this.#entry(session);
    if (focused) entry.focused.add(viewer);
    else entry.focused.delete(viewer);
  }

  /** `viewer` went away. */
  forget(viewer: object): void {
    for (const entry of this.#entries.values()) entry.focused.delete(viewer);
  }

  renamed(from: string, to: string): void {
    const entry = this.#entries.get(from);
    if (entry === undefined || from === to) return;
    this.#entries.delete(from);
    this.#entries.set(to, entry);
  }

  /** The session is gone: forget it. */
  ended(session: string): void {
    this.#entries.delete(session);
  }

  inputAt(session: string): number {
    return this.#entries.get(session)?.inputAtMs ?? 0;
  }

  interruptAt(session: string): number {
    return this.#entries.get(session)?.interruptAtMs ?? 0;
  }

  launchAt(session: string): number {
    return this.#entries.get(session)?.launchAtMs ?? 0;
  }

  redrawUntil(session: string): number {
    return this.#entries.get(session)?.redrawUntilMs ?? 0;
  }

  /** Whether a person looks at `session` right now. */
  seen(session: string): boolean {
    return (this.#entries.get(session)?.focused.size ?? 0) > 0;
  }

  #entry(session: string): Entry {
    let entry = this.#entries.get(session);
    if (entry === undefined) {
      entry = {
        inputAtMs: 0,
        interruptAtMs: 0,
        launchAtMs: 0,
        redrawUntilMs: 0,
        focused: new Set(),
      };
      this.#entries.set(session, entry);
    }
    return entry;
  }
}
