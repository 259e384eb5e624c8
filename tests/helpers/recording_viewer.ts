/** Owns a test viewer that records what a session stream delivers and can wait for it. */

import { Waker } from "./waker.ts";
import type { StreamSnapshot, StreamViewer } from "../../tmux/mod.ts";

/** Records snapshots and output; `waitFor` polls a condition on the bytes received. */
export class RecordingViewer implements StreamViewer {
  readonly snapshots: StreamSnapshot[] = [];
  readonly titles: string[] = [];
  #chunks: Uint8Array[] = [];
  /** Index in #chunks where output after the latest snapshot starts. */
  #sinceSnapshot = 0;
  /** Indexes in #chunks where output after some snapshot starts. */
  readonly #starts = new Set<number>();
  #length = 0;
  endReason: string | null = null;
  readonly #waker = new Waker(200);

  snapshot(snapshot: StreamSnapshot): void {
    this.snapshots.push(snapshot);
    this.#sinceSnapshot = this.#chunks.length;
    this.#starts.add(this.#chunks.length);
    this.#waker.wake();
  }
  output(data: Uint8Array): void {
    this.#chunks.push(data);
    this.#length += data.length;
    this.#waker.wake();
  }
  title(title: string): void {
    this.titles.push(title);
    this.#waker.wake();
  }
  end(reason: string): void {
    this.endReason = reason;
    this.#waker.wake();
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

  /** The output between snapshots, decoded: one string per stretch of live output. */
  get segments(): string[] {
    const segments: string[] = [];
    const decoder = new TextDecoder();
    let current = "";
    this.#chunks.forEach((chunk, i) => {
      if (this.#starts.has(i) && current !== "") {
        segments.push(current + decoder.decode());
        current = "";
      }
      current += decoder.decode(chunk, { stream: true });
    });
    segments.push(current + decoder.decode());
    return segments;
  }

  /** The latest snapshot plus the output after it, as a terminal would have received it. */
  get screenText(): string {
    const last = this.snapshots.at(-1);
    return (last ? new TextDecoder().decode(last.data) : "") + this.textSinceSnapshot;
  }

  /** Wait until `condition` holds, re-checking on every delivery; fails after `timeoutMs`. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return this.#waker.waitFor(condition, what, timeoutMs);
  }
}
