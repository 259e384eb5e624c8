/** Owns waiting in tests for a condition that changes when something is delivered. */

/** `wake()` on every delivery; `waitFor` re-checks then (and at least every `pollMs`). */
export class Waker {
  #wake: (() => void) | null = null;

  constructor(readonly pollMs = 100) {}

  wake(): void {
    this.#wake?.();
  }

  /** Wait until `condition` holds; fails after `timeoutMs` naming `what`. */
  async waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#wake = null;
          resolve();
        }, Math.min(left, this.pollMs));
        this.#wake = () => {
          clearTimeout(timer);
          this.#wake = null;
          resolve();
        };
      });
    }
  }
}
