/**
 * Owns where each session's terminal was scrolled back to, for the page's lifetime: a terminal
 * the workspace closed (it keeps only the recently viewed alive) opens again at the same line.
 */

/** Sessions remembered at most; the oldest is forgotten first. */
const MAX_REMEMBERED = 64;

/** Lines from the top of the history (a fresh snapshot numbers them the same), by session key. */
export class ScrollMemory {
  readonly #lines = new Map<string, number>();

  /** Remember `line` for `key`; null: it followed the output, forget it. */
  set(key: string, line: number | null): void {
    this.#lines.delete(key);
    if (line === null) return;
    this.#lines.set(key, line);
    if (this.#lines.size > MAX_REMEMBERED) {
      const oldest = this.#lines.keys().next().value;
      if (oldest !== undefined) this.#lines.delete(oldest);
    }
  }

  /** The line remembered for `key`, forgotten once taken. */
  take(key: string): number | null {
    const line = this.#lines.get(key);
    this.#lines.delete(key);
    return line ?? null;
  }
}

/** The page's one memory, shared by its terminals. */
export const scrollMemory: ScrollMemory = new ScrollMemory();
