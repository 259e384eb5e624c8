/**
 * Owns the split of the workspace: which two open terminals show side by side, kept in step with
 * the Workspace (the selection is the focused pane) as sessions are opened, closed, renamed and
 * end. Pure: no DOM; the app routes through it and renders from it.
 */

import type { Session, SessionRef } from "../shared/types.ts";
import { type OpenTerminal, sameRef, type Workspace } from "./workspace.ts";
import {
  otherPane,
  pairAfterClose,
  pairAfterOpen,
  pairBeside,
  type SplitPair,
} from "./split_pair.ts";

/**
 * @example
 * ```ts
 * const split = new SplitView(workspace);
 * split.open({ host: "local", name: "api" }, null);
 * split.openBeside({ host: "local", name: "web" }, null);
 * split.panes; // [api's terminal, web's terminal]
 * ```
 */
export class SplitView {
  readonly #workspace: Workspace;
  readonly #onChange: () => void;
  #pair: SplitPair | null = null;

  constructor(workspace: Workspace, onChange: () => void = () => {}) {
    this.#workspace = workspace;
    this.#onChange = onChange;
  }

  get pair(): SplitPair | null {
    return this.#pair;
  }

  /** The two panes' terminals, left (or top) first; null when there is no split. */
  get panes(): readonly [OpenTerminal, OpenTerminal] | null {
    const pair = this.#pair;
    if (pair === null) return null;
    const first = this.#terminal(pair.first);
    const second = this.#terminal(pair.second);
    return first === undefined || second === undefined ? null : [first, second];
  }

  /** The uid of the terminal beside the focused one (null: no split). */
  get otherUid(): string | null {
    return otherPane(this.#pair, this.#workspace.activeUid);
  }

  /** Open `ref` the ordinary way: it focuses its pane, or takes the focused pane's place. */
  open(ref: SessionRef, knownId: string | null): void {
    const previous = this.#workspace.activeUid;
    // The pane beside stays open however many sessions the focused pane goes through.
    const beside = this.otherUid;
    if (beside !== null) this.#workspace.keepAlive(beside);
    this.#workspace.open(ref, knownId);
    this.#pair = pairAfterOpen(this.#pair, previous, this.#workspace.activeUid);
    this.#settle();
  }

  /** Open `ref` beside the focused session (refused when it is that session). */
  openBeside(ref: SessionRef, knownId: string | null): void {
    const focused = this.#workspace.activeUid;
    if (focused === null || sameRef(ref, this.#workspace.selected)) return;
    this.#workspace.open(ref, knownId);
    const next = this.#workspace.activeUid;
    if (next !== null) this.#pair = pairBeside(this.#pair, focused, next);
    this.#settle();
  }

  /** Show `first` and `second` split (a reload of `#/split/…`), focusing the first. */
  restore(
    first: SessionRef,
    second: SessionRef,
    knownId: (ref: SessionRef) => string | null,
  ): void {
    this.#pair = null;
    this.open(second, knownId(second));
    this.openBeside(first, knownId(first));
    // Opened second first, so the first pane is focused: put them back in the address's order.
    const pair = this.pair;
    if (pair !== null) this.#pair = { first: pair.second, second: pair.first };
  }

  /** Focus the pane showing terminal `uid`. */
  focus(uid: string): void {
    const terminal = this.#terminal(uid);
    if (terminal === undefined || uid === this.#workspace.activeUid) return;
    this.#workspace.open(terminal, terminal.id);
  }

  /** Back to one pane: the one beside `uid`'s closes (its terminal stays alive, hidden). */
  unsplitKeeping(uid: string): void {
    if (this.#pair === null) return;
    this.#pair = null;
    this.focus(uid);
    this.#onChange();
  }

  /** Close `ref`'s terminal; in a split, the pane beside it is focused and alone. */
  close(ref: SessionRef): void {
    this.#workspace.close(ref);
    this.#settle();
  }

  /**
   * A new session list: the Workspace follows renames and drops ended terminals; a pane whose
   * session ended closes, leaving the other. Returns whether the address should change.
   */
  follow(sessions: readonly Session[]): boolean {
    const moved = this.#workspace.follow(sessions);
    for (const terminal of this.panes ?? []) {
      const listed = sessions.some((s) => sameRef(s, terminal));
      if (terminal.id !== null && !listed) this.#workspace.close(terminal);
    }
    const split = this.#pair !== null;
    this.#settle();
    // A rename or an end inside a split changes the address too.
    return moved || split;
  }

  /** Signed out: no split. */
  clear(): void {
    this.#pair = null;
    this.#onChange();
  }

  /** End the split when a pane's terminal is gone, focusing the pane that is left. */
  #settle(): void {
    const open = this.#workspace.terminals.map((t) => t.uid);
    const { pair, survivor } = pairAfterClose(this.#pair, open);
    if (pair === this.#pair) return;
    this.#pair = pair;
    this.#onChange();
    if (survivor !== null && survivor !== this.#workspace.activeUid) this.focus(survivor);
  }

  #terminal(uid: string): OpenTerminal | undefined {
    return this.#workspace.terminals.find((t) => t.uid === uid);
  }
}
