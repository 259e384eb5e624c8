/**
 * Owns which viewer of a session sets its pane's size (pure): the one that most recently typed,
 * or took over; at first the first to come. The others keep their own size and are told who
 * sizes the pane, so a phone that opens a session never squeezes the desktop's `top`. Focus
 * (a person looks at that viewer) counts too: an owner nobody looks at gives way to a viewer
 * someone does, and takes the size back only by being looked at again while the other is not,
 * or by typing.
 */

export interface Size {
  cols: number;
  rows: number;
}

/** What a change asks of the stream: the size to give the pane, if it changes. */
export interface SizeDecision {
  apply: Size | null;
  /** Whether the owner changed (every viewer is then told). */
  ownerChanged: boolean;
}

const NOTHING: SizeDecision = { apply: null, ownerChanged: false };

export class SizeOwner<V> {
  /** Each viewer's own size, in the order they came. */
  readonly #sizes = new Map<V, Size>();
  /** When each viewer last typed or took over (a counter, not a clock). */
  readonly #typed = new Map<V, number>();
  /** When each viewer someone looks at got focus (absent: nobody looks at it). */
  readonly #focused = new Map<V, number>();
  #clock = 0;
  #owner: V | null = null;

  get owner(): V | null {
    return this.#owner;
  }

  /** The size the owner wants (the pane's size once tmux applied it). */
  get size(): Size | null {
    return this.#owner === null ? null : this.#sizes.get(this.#owner) ?? null;
  }

  isOwner(viewer: V): boolean {
    return this.#owner === viewer;
  }

  /** A viewer came with its size: it sets the pane's size only when nobody else does. */
  join(viewer: V, size: Size): SizeDecision {
    this.#sizes.set(viewer, size);
    if (this.#owner !== null && this.#owner !== viewer) return NOTHING;
    this.#owner = viewer;
    return { apply: size, ownerChanged: true };
  }

  /** A viewer's own size changed (its window, its font). */
  resize(viewer: V, size: Size): SizeDecision {
    if (!this.#sizes.has(viewer)) return this.join(viewer, size);
    this.#sizes.set(viewer, size);
    return this.#owner === viewer ? { apply: size, ownerChanged: false } : NOTHING;
  }

  /** A viewer typed or asked to take over: it sets the size from now on. */
  take(viewer: V): SizeDecision {
    const size = this.#sizes.get(viewer);
    if (size === undefined) return NOTHING;
    this.#typed.set(viewer, ++this.#clock);
    if (this.#owner === viewer) return NOTHING;
    this.#owner = viewer;
    return { apply: size, ownerChanged: true };
  }

  /**
   * Someone looks at `viewer` now, or no longer. Looked at while nobody looks at the owner, it
   * takes the size; the owner no longer looked at hands it to a viewer someone looks at.
   */
  focus(viewer: V, focused: boolean): SizeDecision {
    if (!this.#sizes.has(viewer)) return NOTHING;
    if (!focused) {
      this.#focused.delete(viewer);
      if (this.#owner !== viewer || this.#focused.size === 0) return NOTHING;
      return this.#handOver();
    }
    if (!this.#focused.has(viewer)) this.#focused.set(viewer, ++this.#clock);
    if (this.#owner === viewer) return NOTHING;
    if (this.#owner !== null && this.#focused.has(this.#owner)) return NOTHING;
    this.#owner = viewer;
    return { apply: this.#sizes.get(viewer) ?? null, ownerChanged: true };
  }

  /** A viewer left: if it set the size, the next one does (see {@link #handOver}). */
  leave(viewer: V): SizeDecision {
    this.#sizes.delete(viewer);
    this.#typed.delete(viewer);
    this.#focused.delete(viewer);
    if (this.#owner !== viewer) return NOTHING;
    this.#owner = null;
    return this.#handOver();
  }

  /**
   * Give the size to the viewer someone looks at that typed most recently (or was looked at most
   * recently); with none looked at, to the one that typed most recently, or came last.
   */
  #handOver(): SizeDecision {
    const current = this.#owner;
    let next: V | null = null;
    let best: [number, number, number] = [-1, -1, -1];
    for (const candidate of this.#sizes.keys()) {
      if (candidate === current) continue;
      const rank: [number, number, number] = [
        this.#focused.has(candidate) ? 1 : 0,
        this.#typed.get(candidate) ?? 0,
        this.#focused.get(candidate) ?? 0,
      ];
      if (compare(rank, best) >= 0) {
        best = rank;
        next = candidate;
      }
    }
    if (next === null) return NOTHING;
    this.#owner = next;
    return { apply: this.#sizes.get(next) ?? null, ownerChanged: true };
  }
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
