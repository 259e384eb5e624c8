/** Owns the set of live session streams: one per viewed session, closed after the last viewer. */

import { SessionNotFoundError, TmuxCommandError } from "./errors.ts";
import { SessionStream, type SessionStreamOptions, type StreamViewer } from "./session_stream.ts";

export interface PaneStreamsOptions extends SessionStreamOptions {
  /** How long a stream with no viewers stays attached, in ms (a quick reload reuses it). */
  graceMs?: number;
}

/** What a viewer holds while it watches a session. */
export interface Subscription {
  /** The session's current name (follows renames). */
  readonly sessionName: string;
  /** The pane being streamed (follows the active pane). */
  readonly paneId: string;
  /** This viewer's own size (the pane takes it while this viewer sets the size). */
  resize(cols: number, rows: number): void;
  /** Type into the pane; the typing viewer sets the pane's size from now on. */
  input(bytes: Uint8Array): Promise<void>;
  /** Set the pane's size from now on (the page's "take over"). */
  takeSize(): void;
  /** Whether someone looks at this viewer (an owner nobody looks at gives way). */
  focus(focused: boolean): void;
  resync(): void;
  /** Stop watching; the stream closes after the grace period if nobody else watches. */
  close(): void;
}

interface Entry {
  stream: Promise<SessionStream>;
  grace: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Shares one {@link SessionStream} per session between all its viewers.
 *
 * @example
 * ```ts
 * await using streams = new PaneStreams({ socket: "test" });
 * const sub = await streams.subscribe("work", viewer);
 * await sub.input(new TextEncoder().encode("ls\r"));
 * sub.close();
 * ```
 */
export class PaneStreams implements AsyncDisposable {
  readonly #options: PaneStreamsOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #all = new Set<Promise<SessionStream>>();

  constructor(options: PaneStreamsOptions) {
    this.#options = options;
  }

  /** Number of attached control clients (for tests and metrics). */
  get streamCount(): number {
    return this.#entries.size;
  }

  /** Watch a session: the viewer gets a snapshot, then output, until it closes or the stream ends. */
  async subscribe(
    name: string,
    viewer: StreamViewer,
    size?: { cols: number; rows: number },
  ): Promise<Subscription> {
    const stream = await this.#open(name);
    const entry = this.#entries.get(stream.name);
    if (entry) {
      clearTimeout(entry.grace);
      entry.grace = undefined;
    }
    stream.add(viewer, size);
    let closed = false;
    return {
      get sessionName() {
        return stream.name;
      },
      get paneId() {
        return stream.paneId;
      },
      resize: (cols, rows) => stream.resize(viewer, cols, rows),
      input: (bytes) => {
        stream.takeSize(viewer);
        return stream.input(bytes);
      },
      takeSize: () => stream.takeSize(viewer),
      focus: (focused) => stream.focusSize(viewer, focused),
      resync: () => stream.resync(viewer),
      close: () => {
        if (closed) return;
        closed = true;
        stream.remove(viewer);
        this.#release(stream);
      },
    };
  }

  async #open(name: string): Promise<SessionStream> {
    const existing = this.#entries.get(name);
    if (existing) {
      const stream = await existing.stream;
      if (!stream.ended) return stream;
    }
    const opening = SessionStream.open(name, this.#options).catch((error) => {
      this.#entries.delete(name);
      // Only tmux's own "no such session" is a 404; anything else keeps its real cause.
      if (
        error instanceof TmuxCommandError &&
        /can't find session|no sessions|no server running|error connecting/.test(error.detail)
      ) {
        throw new SessionNotFoundError(name);
      }
      throw error;
    });
    const entry: Entry = { stream: opening, grace: undefined };
    this.#entries.set(name, entry);
    this.#all.add(opening);
    const stream = await opening;
    stream.onRenamed = (from, to) => {
      if (this.#entries.get(from) === entry) {
        this.#entries.delete(from);
        this.#entries.set(to, entry);
      }
    };
    stream.onEnded = () => {
      if (this.#entries.get(stream.name) === entry) this.#entries.delete(stream.name);
      clearTimeout(entry.grace);
      this.#all.delete(opening);
      // The client is already gone; dispose reaps the process.
      stream[Symbol.asyncDispose]().catch(() => {});
    };
    return stream;
  }

  #release(stream: SessionStream): void {
    if (stream.viewerCount > 0) return;
    const entry = this.#entries.get(stream.name);
    if (!entry) return;
    clearTimeout(entry.grace);
    entry.grace = setTimeout(() => {
      entry.grace = undefined;
      if (stream.viewerCount > 0) return;
      if (this.#entries.get(stream.name) === entry) this.#entries.delete(stream.name);
      this.#all.delete(entry.stream);
      stream[Symbol.asyncDispose]().catch(() => {});
    }, this.#options.graceMs ?? 5_000);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const entry of this.#entries.values()) clearTimeout(entry.grace);
    this.#entries.clear();
    const streams = await Promise.allSettled([...this.#all]);
    this.#all.clear();
    await Promise.all(
      streams.map((s) => s.status === "fulfilled" ? s.value[Symbol.asyncDispose]() : undefined),
    );
  }
}
