/** Owns a test viewer that records what a session stream delivers and can wait for it. */

import type { StreamSnapshot, StreamViewer } from "../../tmux/mod.ts";

/** Records snapshots and output; `waitFor` polls a condition on the bytes received. */
export class RecordingViewer implements StreamViewer {
  readonly snapshots: StreamSnapshot[] = [];
  readonly titles: string[] = [];
  #chunks: Uint8Array[] = [];
  /** Index in #chunks where output after the latest snapshot starts. */
  #sinceSnapshot = 0;
  #length = 0;
  endReason: string | null = null;
  #wake: (() => void) | null = null;

  snapshot(snapshot: StreamSnapshot): void {
    this.snapshots.push(snapshot);
    this.#sinceSnapshot = this.#chunks.length;
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

  /** Output received after the latest snapshot (what a terminal shows on top of it). */
  get textSinceSnapshot(): string {
    const decoder = new TextDecoder();
    return this.#chunks.slice(this.#sinceSnapshot).map((c) => decoder.decode(c, { stream: true }))
      .join("") + decoder.decode();
  }

  get outputLength(): number {
    return this.#length;
  }

  /** The latest snapshot plus the output after it, as a terminal would have received it. */
  get screenText(): string {
    const last = this.snapshots.at(-1);
    return (last ? new TextDecoder().decode(last.data) : "") + this.textSinceSnapshot;
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
