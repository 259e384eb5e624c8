/** Owns one benchmark viewer on Maestro's terminal WebSocket: attach, type, watch the bytes. */

import {
  decodeFrame,
  encodeControl,
  encodeData,
  type ServerMessage,
} from "../protocol/terminal_protocol.ts";

/** Where a viewer connects: the server's base URL and token. */
export interface ViewerTarget {
  url: string;
  token: string;
}

/** Called for every Data frame; `snapshot` is true between snapshot-begin and snapshot-end. */
export type DataListener = (data: Uint8Array, snapshot: boolean) => void;

/**
 * A terminal WebSocket viewer that keeps no output, only counts it, so that ten of them in the
 * bench process cost little next to the server they measure.
 */
export class BenchViewer implements AsyncDisposable {
  readonly socket: WebSocket;
  /** performance.now() when the socket was created, opened, and the first snapshot ended. */
  readonly createdAt: number;
  openedAt = 0;
  firstSnapshotAt = 0;
  bytes = 0;
  snapshotBytes = 0;
  snapshots = 0;
  stale = 0;
  onData: DataListener = () => {};
  /** Called with performance.now() when a `pong` arrives. */
  onPong: (at: number) => void = () => {};
  #inSnapshot = false;
  readonly #closed: Promise<void>;
  readonly #snapshotEnded: Promise<void>;
  #failure: string | null = null;

  private constructor(
    target: ViewerTarget,
    session: string,
    cols: number,
    rows: number,
    host: string,
  ) {
    const wsUrl = `${target.url.replace(/^http/, "ws")}/api/hosts/${
      encodeURIComponent(host)
    }/sessions/${encodeURIComponent(session)}/terminal`;
    this.createdAt = performance.now();
    // Deno accepts request headers here (the browser sends the cookie instead).
    this.socket = new WebSocket(
      wsUrl,
      { headers: { authorization: `Bearer ${target.token}` } } as unknown as string[],
    );
    this.socket.binaryType = "arraybuffer";
    const { promise: snapshotEnded, resolve: endSnapshot, reject: fail } = Promise
      .withResolvers<void>();
    this.#snapshotEnded = snapshotEnded;
    snapshotEnded.catch(() => {});
    this.#closed = new Promise((resolve) => {
      this.socket.addEventListener("close", (event) => {
        this.#failure ??= `socket closed (${event.code} ${event.reason})`;
        fail(new Error(`Viewer of ${session}: ${this.#failure}`));
        resolve();
      });
    });
    this.socket.addEventListener("open", () => {
      this.openedAt = performance.now();
      this.socket.send(encodeControl({ type: "hello", cols, rows }));
    });
    this.socket.addEventListener("message", (event) => {
      const frame = new Uint8Array(event.data as ArrayBuffer);
      if (frame[0] === 0) {
        const data = frame.subarray(1);
        if (this.#inSnapshot) this.snapshotBytes += data.length;
        else this.bytes += data.length;
        this.onData(data, this.#inSnapshot);
        return;
      }
      const decoded = decodeFrame<ServerMessage>(frame);
      if (decoded.kind !== "control") return;
      const message = decoded.message;
      if (message.type === "snapshot-begin") {
        this.#inSnapshot = true;
        this.snapshots++;
      } else if (message.type === "snapshot-end") {
        this.#inSnapshot = false;
        if (this.firstSnapshotAt === 0) {
          this.firstSnapshotAt = performance.now();
          endSnapshot();
        }
      } else if (message.type === "pong") {
        this.onPong(performance.now());
      } else if (message.type === "stale") {
        this.stale++;
      } else if (message.type === "error" || message.type === "exit") {
        this.#failure = JSON.stringify(message);
      }
    });
  }

  /**
   * Connect, say hello, and wait for the first snapshot to end (at most `timeoutMs`). `host` is
   * a remote host's id on a manager (the terminal is then relayed); default `local`.
   */
  static async open(
    target: ViewerTarget,
    session: string,
    options: { cols?: number; rows?: number; timeoutMs?: number; host?: string } = {},
  ): Promise<BenchViewer> {
    const viewer = new BenchViewer(
      target,
      session,
      options.cols ?? 80,
      options.rows ?? 24,
      options.host ?? "local",
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Viewer of ${session}: no snapshot within ${options.timeoutMs} ms`)),
        options.timeoutMs ?? 10_000,
      );
    });
    try {
      await Promise.race([viewer.#snapshotEnded, timeout]);
    } catch (error) {
      await viewer[Symbol.asyncDispose]();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return viewer;
  }

  /** Milliseconds from creating the socket to the end of the first snapshot. */
  get attachMs(): number {
    return this.firstSnapshotAt - this.createdAt;
  }

  /** Send a `ping` control message (answered with `pong`). */
  ping(): void {
    this.socket.send(encodeControl({ type: "ping" }));
  }

  /** Type raw bytes (a Data frame). */
  type(bytes: Uint8Array): void {
    this.socket.send(encodeData(bytes));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (
      this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN
    ) {
      try {
        this.socket.close();
      } catch {
        // Already closing.
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#closed,
      new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
    ]);
    clearTimeout(timer);
  }
}
