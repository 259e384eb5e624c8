/**
 * Owns which viewer of a session sets its pane's size (pure): the one that most recently typed,
 * or took over; at first the first to come. The others keep their own size and are told who
 * sizes the pane, so a phone that opens a session never squeezes the desktop's `top`.
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

  /** A viewer left: if it set the size, the one that typed most recently (or came last) does. */
  leave(viewer: V): SizeDecision {
    this.#sizes.delete(viewer);
    this.#typed.delete(viewer);
    if (this.#owner !== viewer) return NOTHING;
    let next: V | null = null;
    let best = -1;
    for (const candidate of this.#sizes.keys()) {
      const typed = this.#typed.get(candidate) ?? 0;
      if (typed >= best) {
        best = typed;
        next = candidate;
      }
    }
    this.#owner = next;
    const size = next === null ? null : this.#sizes.get(next) ?? null;
    return { apply: size, ownerChanged: next !== null };
  }
}
