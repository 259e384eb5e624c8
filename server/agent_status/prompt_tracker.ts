/**
 * Owns one pane's current prompt across polls: the same prompt keeps its id and the time it
 * appeared; a different one, or the same one asked again after it went away, gets a new id. Pure.
 */

import type { SessionPrompt } from "../../protocol/session.ts";
import type { StatusVerdict } from "./facts.ts";
import { type ReadPrompt, readPrompt } from "./prompt.ts";
import type { Screen } from "./screen.ts";

/** The prompt on screen and what it was read with. */
export interface TrackedPrompt {
  view: SessionPrompt;
  read: ReadPrompt;
  /** The rule that decided needs-you (it says what kind of prompt it is). */
  rule: string;
}

export class PromptTracker {
  #current: TrackedPrompt | null = null;
  readonly #pane: string;

  constructor(pane: string) {
    this.#pane = pane;
  }

  get current(): TrackedPrompt | null {
    return this.#current;
  }

  /** Move on with a poll's verdict and screen; the prompt to show, or null. */
  observe(verdict: StatusVerdict, screen: Screen | null, nowMs: number): SessionPrompt | null {
    const read = verdict.status === "needs-you" && screen !== null
      ? readPrompt(screen, verdict.rule)
      : null;
    if (read === null) {
      this.#current = null;
      return null;
    }
    const same = this.#current?.read.signature === read.signature;
    const since = same ? (this.#current as TrackedPrompt).view.since : Math.floor(nowMs / 1000);
    const id = same
      ? (this.#current as TrackedPrompt).view.id
      : promptId(this.#pane, read.signature, nowMs);
    this.#current = {
      view: {
        id,
        kind: read.kind,
        text: read.text,
        detail: read.detail,
        options: read.options,
        since,
      },
      read,
      rule: verdict.rule,
    };
    return this.#current.view;
  }

  /**
   * The tracked prompt if `screen` (read just now) still shows it, with the keys for the screen
   * as it is now (the highlight may have moved); null when it shows something else or nothing.
   */
  confirm(screen: Screen): TrackedPrompt | null {
    const current = this.#current;
    if (current === null) return null;
    const read = readPrompt(screen, current.rule);
    if (read === null || read.signature !== current.read.signature) return null;
    return { ...current, read };
  }
}

/** A short id from the pane, the prompt and when it appeared (FNV-1a, 53 bits, base 36). */
function promptId(pane: string, signature: string, nowMs: number): string {
  const text = `${pane}\n${signature}\n${nowMs}`;
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ (code + (low & 0xff)), 0x01000193) >>> 0;
  }
  return ((high & 0x1fffff) * 0x100000000 + low).toString(36);
}
