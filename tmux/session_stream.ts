/** Owns the live stream of one session: a control client, its active pane, snapshots, viewers. */

import { ControlClient, type Reply } from "./control_client.ts";
import type { ControlEvent } from "./control_parser.ts";
import { buildSnapshot, PANE_STATE_FORMAT, parsePaneState } from "./snapshot.ts";
import { quoteArgument } from "./quote.ts";
import { INPUT_CHUNK_BYTES } from "./session_service.ts";
import { sessionTarget } from "./session_name.ts";
import type { TmuxOptions } from "./tmux_exec.ts";

/** What a viewer gets first, and again after every resync: the whole pane, ready to write. */
export interface StreamSnapshot {
  paneId: string;
  cols: number;
  rows: number;
  alternate: boolean;
  title: string;
  /** Bytes to write into a freshly reset terminal of `cols`×`rows`. */
  data: Uint8Array;
}

/** A viewer of a session stream. Called synchronously from the tmux read loop: keep them cheap. */
export interface StreamViewer {
  snapshot(snapshot: StreamSnapshot): void;
  output(data: Uint8Array): void;
  title(title: string): void;
  /** The stream ended (session killed, server gone); no further calls follow. */
  end(reason: string): void;
}

export interface SessionStreamOptions extends TmuxOptions {
  /** Seconds tmux may buffer our output before pausing the pane for us (`pause-after`). */
  pauseAfterSeconds?: number;
  /** Lines of history sent with each snapshot. */
  historyLines?: number;
  commandTimeoutMs?: number;
}

export const DEFAULT_HISTORY_LINES = 10_000;

/** The end reason when Maestro itself closed the stream (shutdown), not the session ending. */
export const STREAM_CLOSED_REASON = "closed";

/**
 * One control client attached to one session, shared by all its viewers. Implements the
 * snapshot ordering rule: a viewer waiting for a snapshot gets no output from the moment the
 * capture is sent until its `%end`; then the snapshot, then every later byte.
 */
export class SessionStream implements AsyncDisposable {
  #name: string;
  #sessionId = "";
  #paneId = "";
  #cols = 0;
  #rows = 0;
  #client!: ControlClient;
  readonly #viewers = new Set<StreamViewer>();
  readonly #awaiting = new Set<StreamViewer>();
  #captureInFlight = false;
  #captureAgain = false;
  #ended = false;
  #layoutTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #historyLines: number;
  /** Called when tmux reports the session was renamed. */
  onRenamed: ((from: string, to: string) => void) | undefined;
  /** Called once when the stream ends. */
  onEnded: ((reason: string) => void) | undefined;

  private constructor(name: string, historyLines: number) {
    this.#name = name;
    this.#historyLines = historyLines;
  }

  /** Attach to `name`; rejects if the session does not exist. */
  static async open(name: string, options: SessionStreamOptions): Promise<SessionStream> {
    const stream = new SessionStream(name, options.historyLines ?? DEFAULT_HISTORY_LINES);
    const clientOptions = {
      ...options,
      start: ["attach-session", "-t", sessionTarget(name)],
      onEvent: (event: ControlEvent) => stream.#onEvent(event),
    };
    if (options.commandTimeoutMs === undefined) delete clientOptions.commandTimeoutMs;
    stream.#client = await ControlClient.start(clientOptions);
    stream.#client.closed.then((info) => stream.#end(endReason(info.reason)));
    try {
      const pause = options.pauseAfterSeconds ?? 2;
      const [ids] = await stream.#client.sendMany(
        `display-message -p "#{session_id} #{pane_id}" ; refresh-client -f pause-after=${pause}` +
          ` ; refresh-client -B ${quoteArgument("title:%*:#{pane_title}")}`,
        3,
      );
      const [sessionId = "", paneId = ""] = (ids as Reply).lines[0]?.split(" ") ?? [];
      stream.#sessionId = sessionId;
      stream.#paneId = paneId;
    } catch (error) {
      await stream[Symbol.asyncDispose]();
      throw error;
    }
    return stream;
  }

  get name(): string {
    return this.#name;
  }

  get paneId(): string {
    return this.#paneId;
  }

  get viewerCount(): number {
    return this.#viewers.size;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Add a viewer; it receives a snapshot, then live output. With `size`, the client is resized in
   * the same batch as the capture, so the first snapshot already has the viewer's size.
   */
  add(viewer: StreamViewer, size?: { cols: number; rows: number }): void {
    if (this.#ended) {
      viewer.end("the session stream has ended");
      return;
    }
    this.#viewers.add(viewer);
    this.#awaiting.add(viewer);
    if (size && !this.#captureInFlight) {
      this.#capture(`refresh-client -C ${size.cols}x${size.rows}`);
      return;
    }
    if (size) this.resize(size.cols, size.rows).catch(() => {});
    this.#capture();
  }

  remove(viewer: StreamViewer): void {
    this.#viewers.delete(viewer);
    this.#awaiting.delete(viewer);
  }

  /** Send this viewer a fresh snapshot (after a stall, or on request). */
  resync(viewer: StreamViewer): void {
    if (!this.#viewers.has(viewer)) return;
    this.#awaiting.add(viewer);
    this.#capture();
  }

  /** Set the size of this client (tmux resizes the window asynchronously, then we resync). */
  async resize(cols: number, rows: number): Promise<void> {
    await this.#client.send(`refresh-client -C ${cols}x${rows}`);
  }

  /** Type raw bytes into the active pane (`send-keys -H`, chunked). */
  async input(bytes: Uint8Array): Promise<void> {
    const sends: Promise<Reply>[] = [];
    for (let offset = 0; offset < bytes.length; offset += INPUT_CHUNK_BYTES) {
      let line = `send-keys -H -t ${this.#paneId}`;
      for (const b of bytes.subarray(offset, offset + INPUT_CHUNK_BYTES)) {
        line += b < 16 ? " 0" + b.toString(16) : " " + b.toString(16);
      }
      sends.push(this.#client.send(line));
    }
    await Promise.all(sends);
  }

  #capture(prefix = ""): void {
    if (this.#ended) return;
    if (this.#captureInFlight) {
      this.#captureAgain = true;
      return;
    }
    this.#captureInFlight = true;
    const pane = this.#paneId;
    const commands = [
      `display-message -p -t ${pane} ${quoteArgument(PANE_STATE_FORMAT)}`,
      `capture-pane -p -e -J -S -${this.#historyLines} -E -1 -t ${pane}`,
      `capture-pane -p -e -N -t ${pane}`,
      `capture-pane -p -e -N -a -q -t ${pane}`,
    ];
    const line = (prefix ? prefix + " ; " : "") + commands.join(" ; ");
    const count = commands.length + (prefix ? 1 : 0);
    this.#client.sendMany(line, count, (result) => this.#captured(result, prefix ? 1 : 0))
      .catch(() => {});
  }

  /** Runs synchronously at the capture's `%end`: the exact switch point from snapshot to output. */
  #captured(result: Reply[] | Error, skip: number): void {
    this.#captureInFlight = false;
    if (result instanceof Error) {
      if (!this.#client.isClosed) this.#capture();
      return;
    }
    const [stateReply, history, screen, saved] = result.slice(skip);
    const state = parsePaneState(stateReply?.lines[0] ?? "");
    this.#cols = state.cols;
    this.#rows = state.rows;
    const snapshot: StreamSnapshot = {
      paneId: state.paneId,
      cols: state.cols,
      rows: state.rows,
      alternate: state.alternate,
      title: state.title,
      data: buildSnapshot({
        state,
        history: history?.raw ?? [],
        screen: screen?.raw ?? [],
        savedScreen: saved?.raw ?? [],
      }),
    };
    const targets = [...this.#awaiting];
    this.#awaiting.clear();
    for (const viewer of targets) viewer.snapshot(snapshot);
    if (this.#captureAgain) {
      this.#captureAgain = false;
      if (this.#awaiting.size > 0) this.#capture();
    }
  }

  #onEvent(event: ControlEvent): void {
    switch (event.type) {
      case "output":
        if (event.paneId !== this.#paneId) return;
        for (const viewer of this.#viewers) {
          if (!this.#awaiting.has(viewer)) viewer.output(event.data);
        }
        return;
      case "pause":
        if (event.paneId !== this.#paneId) return;
        // Output was skipped for us: continue, and repaint everyone from a fresh capture.
        for (const viewer of this.#viewers) this.#awaiting.add(viewer);
        this.#capture(`refresh-client -A ${quoteArgument(`${event.paneId}:continue`)}`);
        return;
      case "window-pane-changed":
      case "session-window-changed":
      case "layout-change":
        this.#checkPane();
        return;
      case "session-renamed":
        if (event.sessionId === this.#sessionId && event.name !== this.#name) {
          const from = this.#name;
          this.#name = event.name;
          this.onRenamed?.(from, event.name);
        }
        return;
      case "subscription-changed":
        if (event.name === "title" && event.paneId === this.#paneId) {
          for (const viewer of this.#viewers) viewer.title(event.value);
        }
        return;
      default:
        return;
    }
  }

  /** After a window/pane switch or layout change: follow the active pane, resync if it changed. */
  #checkPane(): void {
    clearTimeout(this.#layoutTimer);
    this.#layoutTimer = setTimeout(async () => {
      this.#layoutTimer = undefined;
      if (this.#ended || this.#sessionId === "") return;
      try {
        const reply = await this.#client.send(
          `display-message -p -t ${
            quoteArgument(this.#sessionId)
          } "#{pane_id} #{pane_width} #{pane_height}"`,
        );
        const [paneId = "", cols, rows] = (reply.lines[0] ?? "").split(" ");
        if (paneId !== this.#paneId || Number(cols) !== this.#cols || Number(rows) !== this.#rows) {
          this.#paneId = paneId;
          for (const viewer of this.#viewers) this.#awaiting.add(viewer);
          this.#capture();
        }
      } catch {
        // The client closed; #end reports it.
      }
    }, 20);
  }

  #end(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#layoutTimer);
    const viewers = [...this.#viewers];
    this.#viewers.clear();
    this.#awaiting.clear();
    for (const viewer of viewers) viewer.end(reason);
    this.onEnded?.(reason);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    clearTimeout(this.#layoutTimer);
    this.#layoutTimer = undefined;
    await this.#client[Symbol.asyncDispose]();
    this.#end(STREAM_CLOSED_REASON);
  }
}

/** Words a viewer can show for why the stream ended. */
function endReason(reason: string): string {
  if (/server exited|lost server|no server|error connecting/i.test(reason)) {
    return "the tmux server exited";
  }
  if (/closed by Maestro/.test(reason)) return STREAM_CLOSED_REASON;
  return "the session ended";
}
