/** Owns a test viewer that records what a session stream delivers and can wait for it. */

import type { StreamSnapshot, StreamViewer } from "../../tmux/mod.ts";

/** Records snapshots and output; `waitFor` polls a condition on the bytes received. */
export class RecordingViewer implements StreamViewer {
  readonly snapshots: StreamSnapshot[] = [];
  readonly titles: string[] = [];
  #chunks: Uint8Array[] = [];
  #length = 0;
  endReason: string | null = null;
  #wake: (() => void) | null = null;

  snapshot(snapshot: StreamSnapshot): void {
    this.snapshots.push(snapshot);
    this.#wakeUp();
  }
  output(data: Uint8Array): void {
    this.#chunks.push(data);
    this.#length += data.length;
    this.#wakeUp();
  }
  title(title: string): void {
    this.titles.push(title);
    this.#wakeUp();
  }
  end(reason: string): void {
    this.endReason = reason;
    this.#wakeUp();
  }

  /** All output bytes received since the last snapshot (or the start). */
  get bytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  get text(): string {
    return new TextDecoder().decode(this.bytes);
  }

  get outputLength(): number {
    return this.#length;
  }

  /** Snapshot text plus output since, as a terminal would have received it. */
  get screenText(): string {
    const last = this.snapshots.at(-1);
    return (last ? new TextDecoder().decode(last.data) : "") + this.text;
  }

  /** Wait until `condition` holds, re-checking on every delivery; fails after `timeoutMs`. */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#wake = null;
          resolve();
        }, Math.min(left, 200));
        this.#wake = () => {
          clearTimeout(timer);
          this.#wake = null;
          resolve();
        };
      });
    }
  }

  #wakeUp(): void {
    this.#wake?.();
  }
}
