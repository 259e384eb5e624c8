/** Owns finding an ASCII end marker in a byte stream that arrives in arbitrary pieces. */

/**
 * Looks for `marker` across chunk boundaries without copying the chunks: only the last
 * `marker.length - 1` bytes are carried over. The marker's first byte should be rare in the
 * stream (the bench uses `~`, which its flood text never contains) so the scan stays native.
 *
 * @example
 * ```ts
 * const scanner = new MarkerScanner("~END~");
 * scanner.push(new TextEncoder().encode("abc~EN"));
 * scanner.push(new TextEncoder().encode("D~")); // true
 * ```
 */
export class MarkerScanner {
  readonly #marker: Uint8Array;
  #tail = new Uint8Array(0);
  #found = false;

  constructor(marker: string) {
    this.#marker = new TextEncoder().encode(marker);
  }

  get found(): boolean {
    return this.#found;
  }

  /** Forget what was seen (a new run). */
  reset(): void {
    this.#tail = new Uint8Array(0);
    this.#found = false;
  }

  /** Scan one more piece; returns true once the marker has been seen. */
  push(chunk: Uint8Array): boolean {
    if (this.#found) return true;
    const marker = this.#marker;
    if (this.#tail.length > 0) {
      const joined = new Uint8Array(this.#tail.length + Math.min(chunk.length, marker.length));
      joined.set(this.#tail);
      joined.set(chunk.subarray(0, marker.length), this.#tail.length);
      if (this.#contains(joined)) return (this.#found = true);
    }
    if (this.#contains(chunk)) return (this.#found = true);
    const keep = marker.length - 1;
    if (chunk.length >= keep) {
      this.#tail = chunk.slice(chunk.length - keep);
    } else {
      const joined = new Uint8Array(this.#tail.length + chunk.length);
      joined.set(this.#tail);
      joined.set(chunk, this.#tail.length);
      this.#tail = joined.slice(Math.max(0, joined.length - keep));
    }
    return false;
  }

  #contains(bytes: Uint8Array): boolean {
    const marker = this.#marker;
    const first = marker[0] as number;
    let at = bytes.indexOf(first);
    while (at >= 0 && at + marker.length <= bytes.length) {
      let i = 1;
      while (i < marker.length && bytes[at + i] === marker[i]) i++;
      if (i === marker.length) return true;
      at = bytes.indexOf(first, at + 1);
    }
    return false;
  }
}
