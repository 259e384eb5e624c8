/**
 * Owns the `/api/overview` message format shared by the server, a manager reading a worker's
 * overview, the page and the tests, and the mirror that applies those messages. Pure: no I/O, no
 * DOM. See docs/PROTOCOL.md ("Overview WebSocket").
 */

/** One session's visible screen, scaled down by the page into a thumbnail. */
export interface Thumbnail {
  host: string;
  name: string;
  /** The pane's size (after the server's bounds: at most the sent area). */
  cols: number;
  rows: number;
  /** The visible screen, lines separated by "\n", colours and attributes as SGR escapes. */
  screen: string;
}

/** A session by host and name. */
export interface ThumbnailRef {
  host: string;
  name: string;
}

/**
 * The one message the server sends (JSON text frames). The first message after connecting has
 * `reset`: the receiver marks everything it holds as unconfirmed. The message that completes the
 * current state has `synced`: unconfirmed thumbnails that were not sent again are gone. Both may be
 * on one message. Later messages carry only changes.
 */
export interface OverviewMessage {
  type: "overview";
  thumbnails: Thumbnail[];
  removed: ThumbnailRef[];
  /** Sessions without a thumbnail because of the server's session limit. */
  omitted: number;
  reset?: true;
  synced?: true;
}

/** A stable key of a session: host, a separator no name or host id contains, name. */
export function thumbnailKey(ref: ThumbnailRef): string {
  return `${ref.host}/${ref.name}`;
}

function isThumbnail(value: unknown): value is Thumbnail {
  const t = value as Partial<Thumbnail> | null;
  return typeof t === "object" && t !== null && typeof t.host === "string" &&
    typeof t.name === "string" && typeof t.screen === "string" &&
    Number.isInteger(t.cols) && Number.isInteger(t.rows);
}

function isRef(value: unknown): value is ThumbnailRef {
  const r = value as Partial<ThumbnailRef> | null;
  return typeof r === "object" && r !== null && typeof r.host === "string" &&
    typeof r.name === "string";
}

/** Parse one text frame; null when it is not a well-formed overview message. */
export function parseOverviewMessage(text: string): OverviewMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const m = value as Partial<OverviewMessage> | null;
  if (
    typeof m !== "object" || m === null || m.type !== "overview" ||
    !Array.isArray(m.thumbnails) || !Array.isArray(m.removed)
  ) {
    return null;
  }
  return {
    type: "overview",
    thumbnails: m.thumbnails.filter(isThumbnail),
    removed: m.removed.filter(isRef),
    omitted: typeof m.omitted === "number" && m.omitted >= 0 ? m.omitted : 0,
    ...(m.reset === true ? { reset: true } : {}),
    ...(m.synced === true ? { synced: true } : {}),
  };
}

/** What applying one message changed. */
export interface MirrorChange {
  updated: Thumbnail[];
  removed: ThumbnailRef[];
}

/**
 * The receiving end's copy of a sender's thumbnails. Across a reconnect it keeps showing what it
 * had until the new state is complete (`synced`), then drops what the sender no longer has, so
 * nothing flickers.
 */
export class OverviewMirror {
  readonly #thumbnails = new Map<string, Thumbnail>();
  #unconfirmed: Set<string> | null = null;
  omitted = 0;

  get size(): number {
    return this.#thumbnails.size;
  }

  get(ref: ThumbnailRef): Thumbnail | undefined {
    return this.#thumbnails.get(thumbnailKey(ref));
  }

  all(): Thumbnail[] {
    return [...this.#thumbnails.values()];
  }

  /** Apply one message; `retag` rewrites each session's host (a manager reading a worker). */
  apply(message: OverviewMessage, retag?: string): MirrorChange {
    const change: MirrorChange = { updated: [], removed: [] };
    const host = (ref: ThumbnailRef) => retag ?? ref.host;
    if (message.reset) this.#unconfirmed = new Set(this.#thumbnails.keys());
    for (const ref of message.removed) {
      const key = thumbnailKey({ host: host(ref), name: ref.name });
      this.#unconfirmed?.delete(key);
      const had = this.#thumbnails.get(key);
      if (had === undefined) continue;
      this.#thumbnails.delete(key);
      change.removed.push({ host: had.host, name: had.name });
    }
    for (const thumbnail of message.thumbnails) {
      const tagged = retag === undefined ? thumbnail : { ...thumbnail, host: retag };
      const key = thumbnailKey(tagged);
      this.#unconfirmed?.delete(key);
      this.#thumbnails.set(key, tagged);
      change.updated.push(tagged);
    }
    if (message.synced && this.#unconfirmed !== null) {
      for (const key of this.#unconfirmed) {
        const had = this.#thumbnails.get(key);
        if (had === undefined) continue;
        this.#thumbnails.delete(key);
        change.removed.push({ host: had.host, name: had.name });
      }
      this.#unconfirmed = null;
    }
    this.omitted = message.omitted;
    return change;
  }

  /** Forget everything (returns what was there). */
  clear(): ThumbnailRef[] {
    const removed = this.all().map(({ host, name }) => ({ host, name }));
    this.#thumbnails.clear();
    this.#unconfirmed = null;
    return removed;
  }
}
