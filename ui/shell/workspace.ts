/**
 * Owns what the workspace shows: the open terminals (the recently viewed ones stay alive, hidden,
 * for instant switching) and which session is selected, following renames made anywhere. Pure:
 * no DOM; the app renders from it.
 */

import { RecentList } from "../sessions/recent_list.ts";
import type { Session, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

/** Terminals kept alive (hidden) for instant switching. */
export const KEEP_TERMINALS = 8;

/**
 * Lines of history and screen all open terminals may hold together before the least recently
 * viewed hidden ones are closed: xterm.js keeps about 2 kB a line, so 120,000 lines is ≈240 MB —
 * two full 50,000-line histories and some smaller ones (8 full ones would be ≈800 MB). A closed
 * terminal opens again from a fresh snapshot, scrolled where it was.
 */
export const KEPT_LINES = 120_000;

/** A terminal kept open; `uid` is stable across renames so its element is never re-created. */
export interface OpenTerminal {
  readonly uid: string;
  readonly host: string;
  readonly name: string;
  /** tmux's session id once the session was seen in a list: it survives renames. */
  readonly id: string | null;
}

export function sameRef(a: SessionRef | null, b: SessionRef | null): boolean {
  return a !== null && b !== null && a.host === b.host && a.name === b.name;
}

/**
 * The open terminals and the selection. Every change calls `onChange` once.
 *
 * @example
 * ```ts
 * const workspace = new Workspace(() => app.requestUpdate());
 * workspace.open({ host: "local", name: "api" }, null);
 * workspace.selected; // { host: "local", name: "api" }
 * ```
 */
export class Workspace {
  #terminals: readonly OpenTerminal[] = [];
  #selected: SessionRef | null = null;
  readonly #recent: RecentList;
  readonly #onChange: () => void;
  #nextUid = 1;

  constructor(onChange: () => void = () => {}, keep = KEEP_TERMINALS) {
    this.#onChange = onChange;
    this.#recent = new RecentList(keep);
  }

  get terminals(): readonly OpenTerminal[] {
    return this.#terminals;
  }

  get selected(): SessionRef | null {
    return this.#selected;
  }

  /** The uid of the selected session's terminal, if it has one. */
  get activeUid(): string | null {
    const selected = this.#selected;
    if (selected === null) return null;
    return this.#terminals.find((t) => sameRef(t, selected))?.uid ?? null;
  }

  /** Keys of the open terminals, most recently viewed first. */
  recentKeys(): string[] {
    return this.#recent.keys.flatMap((uid) => {
      const terminal = this.#terminals.find((t) => t.uid === uid);
      return terminal ? [sessionKey(terminal)] : [];
    });
  }

  /** Show `ref`'s terminal, creating it (and retiring the least recently viewed) if needed. */
  open(ref: SessionRef, knownId: string | null): void {
    let terminals = this.#terminals;
    let terminal = terminals.find((t) => sameRef(t, ref));
    if (terminal === undefined) {
      terminal = { uid: `t${this.#nextUid++}`, host: ref.host, name: ref.name, id: knownId };
      terminals = [...terminals, terminal];
    }
    const evicted = this.#recent.touch(terminal.uid);
    if (evicted.length > 0) terminals = terminals.filter((t) => !evicted.includes(t.uid));
    this.#terminals = terminals;
    this.#selected = { host: ref.host, name: ref.name };
    this.#onChange();
  }

  /**
   * Close the least recently viewed terminals, never those in `shown`, while all of them together
   * hold more than `budget` lines (`lines` tells a terminal's). Returns whether any was closed.
   */
  trim(lines: (uid: string) => number, budget: number, shown: ReadonlySet<string>): boolean {
    let total = this.#terminals.reduce((sum, t) => sum + lines(t.uid), 0);
    if (total <= budget) return false;
    const retired = new Set<string>();
    // Least recently viewed first.
    for (const uid of [...this.#recent.keys].reverse()) {
      if (total <= budget) break;
      if (shown.has(uid)) continue;
      total -= lines(uid);
      retired.add(uid);
    }
    if (retired.size === 0) return false;
    for (const uid of retired) this.#recent.remove(uid);
    this.#terminals = this.#terminals.filter((t) => !retired.has(t.uid));
    this.#onChange();
    return true;
  }

  /** Count `uid`'s terminal as just viewed without selecting it (a split's other pane stays). */
  keepAlive(uid: string): void {
    if (this.#terminals.some((t) => t.uid === uid)) this.#recent.touch(uid);
  }

  /** Close `ref`'s terminal; the selection is cleared when it was that session. */
  close(ref: SessionRef): void {
    const terminal = this.#terminals.find((t) => sameRef(t, ref));
    if (terminal !== undefined) {
      this.#recent.remove(terminal.uid);
      this.#terminals = this.#terminals.filter((t) => t !== terminal);
    }
    if (sameRef(this.#selected, ref)) this.#selected = null;
    this.#onChange();
  }

  /** A session was renamed from this page: its terminal and the selection follow. */
  renamed(from: SessionRef, to: SessionRef): void {
    this.#terminals = this.#terminals.map((t) => (sameRef(t, from) ? { ...t, name: to.name } : t));
    if (sameRef(this.#selected, from)) this.#selected = { host: to.host, name: to.name };
    this.#onChange();
  }

  /** Close everything (signed out). */
  clear(): void {
    this.#terminals = [];
    this.#selected = null;
    for (const uid of [...this.#recent.keys]) this.#recent.remove(uid);
    this.#onChange();
  }

  /**
   * A new session list: follow renames made elsewhere (tmux's session id survives a rename) and
   * drop the terminals of sessions that are gone — except the selected one, which shows how it
   * ended. Returns whether the selection changed (the address then changes too).
   */
  follow(sessions: readonly Session[]): boolean {
    let selected = this.#selected;
    let changed = false;
    const terminals = this.#terminals.flatMap((terminal) => {
      const byName = sessions.find((s) => s.host === terminal.host && s.name === terminal.name);
      if (byName !== undefined) {
        if (terminal.id === byName.id) return [terminal];
        changed = true;
        return [{ ...terminal, id: byName.id }];
      }
      const byId = terminal.id === null
        ? undefined
        : sessions.find((s) => s.host === terminal.host && s.id === terminal.id);
      if (byId !== undefined) {
        changed = true;
        if (sameRef(selected, terminal)) selected = { host: byId.host, name: byId.name };
        return [{ ...terminal, name: byId.name }];
      }
      if (terminal.id !== null && !sameRef(selected, terminal)) {
        changed = true;
        this.#recent.remove(terminal.uid);
        return [];
      }
      return [terminal];
    });
    const selectionMoved = selected !== this.#selected;
    if (!changed && !selectionMoved) return false;
    this.#terminals = terminals;
    this.#selected = selected;
    this.#onChange();
    return selectionMoved;
  }
}
