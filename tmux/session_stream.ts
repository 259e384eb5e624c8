/**
 * Owns the live stream of one session: a control client, its active pane, snapshots, viewers.
 * Over 400 lines because attaching, snapshot ordering and flood mode all act on one control
 * client's position in the stream; apart, their ordering rules would be spread over files.
 */

import { type CloseInfo, ControlClient, type Reply } from "./control_client.ts";
import type { ControlEvent } from "./control_parser.ts";
import { buildSnapshot, PANE_STATE_FORMAT, parsePaneState } from "./snapshot.ts";
import { quoteArgument } from "./quote.ts";
import { INPUT_CHUNK_BYTES } from "./send_keys_args.ts";
import { SessionNotFoundError } from "./errors.ts";
import { lookupSessionId } from "./session_lookup.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";
import { isNoServer } from "./tmux_stderr.ts";
import { type Size, type SizeDecision, SizeOwner } from "./size_owner.ts";

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
  /**
   * Who sets the pane's size (size_owner.ts): this viewer (`owner`), or another one, whose size
   * `size` is. Told on joining and whenever the owner changes.
   */
  sizing?(owner: boolean, size: Size): void;
}

export interface SessionStreamOptions extends TmuxOptions {
  /** Seconds tmux may buffer our output before pausing the pane for us (`pause-after`). */
  pauseAfterSeconds?: number;
  /** Lines of history sent with each snapshot; default: all the pane keeps. */
  historyLines?: number;
  commandTimeoutMs?: number;
  /** When the active pane floods; see {@link FloodLimits}. */
  flood?: Partial<FloodLimits>;
}

/**
 * Flood mode (DESIGN §4): past `bytes` of output within `windowMs`, the pane is paused for our
 * control client (tmux then skips the work of sending it and is never held back by us) and
 * viewers get a keyframe of the screen every `keyframeMs` (tmux keeps the paused pane's screen
 * up to date). When two keyframes in a row are the same, or every `probeMs` anyway, a probe
 * continues the pane in the same atomic batch as its keyframe's capture; if the pane then prints
 * less than `calmBytes` within `windowMs`, the flood is over: a full snapshot (with history)
 * follows and output flows byte for byte again. Below the threshold every byte reaches viewers.
 */
export interface FloodLimits {
  bytes: number;
  windowMs: number;
  calmBytes: number;
  keyframeMs: number;
  probeMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  bytes: 256 * 1024,
  windowMs: 100,
  calmBytes: 32 * 1024,
  keyframeMs: 100,
  probeMs: 1000,
};

/** Every line of history the pane keeps (its history-limit decides how many). */
export const DEFAULT_HISTORY_LINES = Infinity;

/**
 * Where flood mode is: `off` (every byte flows, output rate measured), `pausing` (the pause is
 * on its way; output before its reply still flows), `paused` (tmux sends nothing; keyframes),
 * `probing` (continued with a keyframe; measuring whether the flood goes on).
 */
type FloodState = "off" | "pausing" | "paused" | "probing";

/** The end reason when Maestro itself closed the stream (shutdown), not the session ending. */
export const STREAM_CLOSED_REASON = "closed";

/**
 * One control client attached to one session, shared by all its viewers. Implements the
 * snapshot ordering rule: a viewer waiting for a snapshot gets no output from the moment the
 * capture is sent until its `%end`; then the snapshot, then every later byte. Implements flood
 * mode too (see {@link FloodLimits}): keyframes instead of bytes while the pane floods.
 */
export class SessionStream implements AsyncDisposable {
  #name: string;
  #sessionId = "";
  #paneId = "";
  #cols = 0;
  #rows = 0;
  #client!: ControlClient;
  readonly #viewers = new Set<StreamViewer>();
  /** Viewers waiting for a snapshot: they get no output until it comes. */
  readonly #awaiting = new Set<StreamViewer>();
  /** Of those, the ones whose snapshot must carry history (a keyframe does not do for them). */
  readonly #needHistory = new Set<StreamViewer>();
  readonly #sizes = new SizeOwner<StreamViewer>();
  #captureInFlight = false;
  #captureAgain = false;
  #ended = false;
  #layoutTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #historyLines: number;
  readonly #limits: FloodLimits;
  #flood: FloodState = "off";
  /** The pane flood mode paused (it may stop being the active pane meanwhile). */
  #floodPane = "";
  #floodTimer: ReturnType<typeof setTimeout> | undefined;
  /** Paused: the next capture continues the pane (a probe). */
  #probeDue = false;
  /** performance.now() of the last probe, and the last keyframe's bytes (to spot calm). */
  #lastProbe = 0;
  #lastKeyframe: Uint8Array | null = null;
  /** Start (performance.now()) and bytes of the current measuring window. */
  #windowStart = 0;
  #windowBytes = 0;
  /** Floods so far and keyframes sent (for tests and metrics). */
  #floods = 0;
  #keyframes = 0;
  /** Called when tmux reports the session was renamed. */
  onRenamed: ((from: string, to: string) => void) | undefined;
  /** Called once when the stream ends. */
  onEnded: ((reason: string) => void) | undefined;

  private constructor(name: string, historyLines: number, limits: FloodLimits) {
    this.#name = name;
    this.#historyLines = historyLines;
    this.#limits = limits;
  }

  /**
   * Attach to the session named exactly `name` (any name tmux allows), by the id the session
   * list gives it (see session_lookup.ts); SessionNotFoundError if there is none.
   */
  static async open(name: string, options: SessionStreamOptions): Promise<SessionStream> {
    const id = await lookupSessionId(options, name);
    if (id === null) throw new SessionNotFoundError(name);
    const stream = new SessionStream(
      name,
      options.historyLines ?? DEFAULT_HISTORY_LINES,
      { ...DEFAULT_FLOOD_LIMITS, ...options.flood },
    );
    const clientOptions = {
      ...options,
      start: ["attach-session", "-t", id],
      onEvent: (event: ControlEvent) => stream.#onEvent(event),
    };
    if (options.commandTimeoutMs === undefined) delete clientOptions.commandTimeoutMs;
    delete clientOptions.flood;
    stream.#client = await ControlClient.start(clientOptions);
    stream.#client.closed.then(async (info) => stream.#end(await endReason(info, options)));
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

  /** How many times the pane flooded, and keyframes sent meanwhile (for tests and metrics). */
  get floodStats(): { floods: number; keyframes: number; flooding: boolean } {
    return { floods: this.#floods, keyframes: this.#keyframes, flooding: this.#flood !== "off" };
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
    this.#needHistory.add(viewer);
    const decision = size ? this.#sizes.join(viewer, size) : null;
    const apply = decision?.apply ?? null;
    if (apply !== null && !this.#captureInFlight) {
      this.#capture([`refresh-client -C ${apply.cols}x${apply.rows}`]);
    } else {
      if (apply !== null) this.#applySize(apply);
      this.#capture();
    }
    if (decision?.ownerChanged) this.#tellSizing();
    else if (size) this.#tellSizing(viewer);
  }

  remove(viewer: StreamViewer): void {
    this.#viewers.delete(viewer);
    this.#awaiting.delete(viewer);
    this.#needHistory.delete(viewer);
    this.#decided(this.#sizes.leave(viewer));
  }

  /** Someone looks at `viewer` now, or no longer (the sizing policy counts it). */
  focusSize(viewer: StreamViewer, focused: boolean): void {
    if (this.#viewers.has(viewer)) this.#decided(this.#sizes.focus(viewer, focused));
  }

  /** A viewer typed, or asked to: from now on its size is the pane's. */
  takeSize(viewer: StreamViewer): void {
    if (this.#viewers.has(viewer)) this.#decided(this.#sizes.take(viewer));
  }

  #decided(decision: SizeDecision): void {
    if (decision.apply !== null) this.#applySize(decision.apply);
    if (decision.ownerChanged) this.#tellSizing();
  }

  #applySize(size: Size): void {
    if (this.#ended) return;
    this.#client.send(`refresh-client -C ${size.cols}x${size.rows}`).catch(() => {});
  }

  /** Tell `only` (or every viewer) who sets the pane's size. */
  #tellSizing(only?: StreamViewer): void {
    const owner = this.#sizes.owner;
    const size = this.#sizes.size;
    if (size === null) return;
    for (const viewer of only ? [only] : this.#viewers) viewer.sizing?.(viewer === owner, size);
  }

  /** Send this viewer a fresh snapshot (after a stall, or on request). */
  resync(viewer: StreamViewer): void {
    if (!this.#viewers.has(viewer)) return;
    this.#awaiting.add(viewer);
    this.#needHistory.add(viewer);
    this.#capture();
  }

  /**
   * A viewer's own size changed. The pane takes it if this viewer sets the size (tmux resizes
   * the window asynchronously, then we resync); the others are told the owner's new size.
   */
  resize(viewer: StreamViewer, cols: number, rows: number): void {
    const decision = this.#sizes.resize(viewer, { cols, rows });
    if (decision.apply === null) return;
    this.#applySize(decision.apply);
    for (const other of this.#viewers) {
      if (other !== viewer) other.sizing?.(false, decision.apply);
    }
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

  /**
   * Capture the pane for the viewers in `#awaiting`: with history if any of them needs it, else
   * the screen alone (a keyframe). `prefix` commands run first in the same atomic batch. While
   * flood mode has the pane paused, the batch also continues it (and the flood is probed).
   */
  #capture(prefix: readonly string[] = []): void {
    if (this.#ended) return;
    if (this.#captureInFlight) {
      this.#captureAgain = true;
      return;
    }
    this.#captureInFlight = true;
    const pane = this.#paneId;
    const before = [...prefix];
    const continuing = this.#flood === "paused" && this.#probeDue;
    if (continuing) {
      // Everyone missed what the pane printed while paused: all get this capture.
      for (const viewer of this.#viewers) this.#awaiting.add(viewer);
      clearTimeout(this.#floodTimer);
      this.#floodTimer = undefined;
      before.push(`refresh-client -A ${quoteArgument(`${this.#floodPane}:continue`)}`);
    }
    const history = this.#needHistory.size > 0;
    const commands = [
      `display-message -p -t ${pane} ${quoteArgument(PANE_STATE_FORMAT)}`,
      ...(history ? [`capture-pane -p -e -J -S ${this.#historyStart()} -E -1 -t ${pane}`] : []),
      `capture-pane -p -e -N -t ${pane}`,
      `capture-pane -p -e -N -a -q -t ${pane}`,
    ];
    const line = [...before, ...commands].join(" ; ");
    this.#client.sendMany(
      line,
      before.length + commands.length,
      (result) => this.#captured(result, before.length, history, continuing),
    ).catch(() => {});
  }

  /** capture-pane's `-S`: `-` is the start of the pane's history. */
  #historyStart(): string {
    return Number.isFinite(this.#historyLines) ? `-${this.#historyLines}` : "-";
  }

  /** Runs synchronously at the capture's `%end`: the exact switch point from snapshot to output. */
  #captured(result: Reply[] | Error, skip: number, history: boolean, continued: boolean): void {
    this.#captureInFlight = false;
    if (continued && this.#flood === "paused") {
      this.#probeDue = false;
      if (result instanceof Error) this.#flood = "off";
      else this.#probe();
    }
    if (result instanceof Error) {
      if (!this.#client.isClosed) this.#capture();
      return;
    }
    const replies = result.slice(skip);
    const stateReply = replies[0];
    const historyReply = history ? replies[1] : undefined;
    const [screen, saved] = replies.slice(history ? 2 : 1);
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
        history: historyReply?.raw ?? [],
        screen: screen?.raw ?? [],
        savedScreen: saved?.raw ?? [],
      }),
    };
    const targets: StreamViewer[] = [];
    for (const viewer of this.#awaiting) {
      if (history || !this.#needHistory.has(viewer)) targets.push(viewer);
    }
    for (const viewer of targets) {
      this.#awaiting.delete(viewer);
      this.#needHistory.delete(viewer);
    }
    // While paused, a keyframe showing what the last one showed is not sent again (nothing
    // moved); it hints that the flood is over.
    const paused = this.#flood === "paused";
    const repeat = paused && !history && this.#lastKeyframe !== null &&
      equalBytes(this.#lastKeyframe, snapshot.data);
    this.#lastKeyframe = paused && !history ? snapshot.data : null;
    if (!repeat) {
      if (!history) this.#keyframes++;
      for (const viewer of targets) viewer.snapshot(snapshot);
    }
    if (paused) this.#nextKeyframe(repeat);
    if (this.#captureAgain || this.#awaiting.size > 0) {
      this.#captureAgain = false;
      if (this.#awaiting.size > 0) this.#capture();
    }
  }

  // --- Flood mode -------------------------------------------------------------------------

  /** Count live output of the active pane; switch to flood mode past the limit. */
  #measure(bytes: number): void {
    const now = performance.now();
    if (now - this.#windowStart > this.#limits.windowMs) {
      this.#windowStart = now;
      this.#windowBytes = 0;
    }
    this.#windowBytes += bytes;
    const limit = this.#flood === "probing" ? this.#limits.calmBytes : this.#limits.bytes;
    if (this.#windowBytes > limit) this.#pause();
  }

  /** Pause the active pane for this client (tmux drops its output for us until `continue`). */
  #pause(): void {
    if (this.#flood === "off") {
      this.#floods++;
      this.#lastProbe = performance.now();
      this.#lastKeyframe = null;
    }
    clearTimeout(this.#floodTimer);
    this.#floodTimer = undefined;
    this.#flood = "pausing";
    const pane = this.#floodPane = this.#paneId;
    this.#client.sendMany(`refresh-client -A ${quoteArgument(`${pane}:pause`)}`, 1, (result) => {
      if (this.#flood !== "pausing" || this.#floodPane !== pane) return;
      if (result instanceof Error) {
        // (The pane is gone; a layout change follows.) Measure afresh rather than retry at once.
        this.#flood = "off";
        this.#windowBytes = 0;
        return;
      }
      this.#flood = "paused";
      this.#probeDue = false;
      this.#floodTimer = setTimeout(() => this.#keyframe(), this.#limits.keyframeMs);
    }).catch(() => {});
  }

  /** While paused: every viewer gets a fresh screen (a probe's capture also continues). */
  #keyframe(): void {
    this.#floodTimer = undefined;
    if (this.#flood !== "paused" || this.#ended) return;
    for (const viewer of this.#viewers) this.#awaiting.add(viewer);
    this.#capture();
  }

  /**
   * After a capture taken while paused: a repeated screen suggests the flood is over, and a flood
   * that keeps changing the screen is probed now and then anyway (a busy spinner after a flood
   * must not keep the pane in keyframes) — else the next keyframe in `keyframeMs`.
   */
  #nextKeyframe(repeat: boolean): void {
    clearTimeout(this.#floodTimer);
    if (repeat || performance.now() - this.#lastProbe >= this.#limits.probeMs) {
      this.#probeDue = true;
      this.#keyframe();
      return;
    }
    this.#floodTimer = setTimeout(() => this.#keyframe(), this.#limits.keyframeMs);
  }

  /** Just continued (at the keyframe's `%end`): measure whether the pane still floods. */
  #probe(): void {
    this.#flood = "probing";
    this.#lastProbe = this.#windowStart = performance.now();
    this.#windowBytes = 0;
    this.#lastKeyframe = null;
    clearTimeout(this.#floodTimer);
    this.#floodTimer = setTimeout(() => {
      this.#floodTimer = undefined;
      if (this.#flood !== "probing") return;
      // Calm again: output flows byte for byte; a full snapshot brings back the history the
      // keyframes left out.
      this.#flood = "off";
      for (const viewer of this.#viewers) {
        this.#awaiting.add(viewer);
        this.#needHistory.add(viewer);
      }
      this.#capture();
    }, this.#limits.windowMs);
  }

  /** Leave flood mode at once (the active pane changed, or tmux paused the pane itself). */
  #stopFlood(): void {
    clearTimeout(this.#floodTimer);
    this.#floodTimer = undefined;
    const paused = this.#flood === "pausing" || this.#flood === "paused";
    this.#flood = "off";
    // What the old pane printed says nothing about the new one.
    this.#windowBytes = 0;
    if (paused && !this.#client.isClosed) {
      this.#client.send(`refresh-client -A ${quoteArgument(`${this.#floodPane}:continue`)}`)
        .catch(() => {});
    }
  }

  #onEvent(event: ControlEvent): void {
    switch (event.type) {
      case "output":
        if (event.paneId !== this.#paneId) return;
        if (this.#flood === "off" || this.#flood === "probing") this.#measure(event.data.length);
        for (const viewer of this.#viewers) {
          if (!this.#awaiting.has(viewer)) viewer.output(event.data);
        }
        return;
      case "pause":
        // tmux paused the pane itself (pause-after: we fell behind). In flood mode a keyframe
        // that continues it is already due; otherwise continue now and repaint everyone.
        if (event.paneId !== this.#paneId) return;
        if (this.#flood === "pausing" || this.#flood === "paused") return;
        this.#stopFlood();
        for (const viewer of this.#viewers) {
          this.#awaiting.add(viewer);
          this.#needHistory.add(viewer);
        }
        this.#capture([`refresh-client -A ${quoteArgument(`${event.paneId}:continue`)}`]);
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
          if (paneId !== this.#paneId) this.#stopFlood();
          this.#paneId = paneId;
          for (const viewer of this.#viewers) {
            this.#awaiting.add(viewer);
            this.#needHistory.add(viewer);
          }
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
    clearTimeout(this.#floodTimer);
    this.#floodTimer = undefined;
    const viewers = [...this.#viewers];
    this.#viewers.clear();
    this.#awaiting.clear();
    this.#needHistory.clear();
    for (const viewer of viewers) viewer.end(reason);
    this.onEnded?.(reason);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    clearTimeout(this.#layoutTimer);
    this.#layoutTimer = undefined;
    clearTimeout(this.#floodTimer);
    this.#floodTimer = undefined;
    await this.#client[Symbol.asyncDispose]();
    this.#end(STREAM_CLOSED_REASON);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What viewers are told when the tmux server went away: `tmux kill-server`, a crash, or its last
 * session ending (tmux exits with it; a control client hears the same `%exit` either way).
 */
export const SERVER_EXITED_REASON = "the tmux server exited";
/** What viewers are told when their session went away (killed, or its last pane exited). */
export const SESSION_ENDED_REASON = "the session ended";

/**
 * Words a viewer can show for why the stream ended. tmux tells a control client only `%exit`,
 * the same whether its session or the whole server went: asking the server tells them apart. A
 * server that still answers with no session left is on its way out when `exit-empty` is on (the
 * default): tmux exits with its last session, but only once every client is gone — the probe
 * itself and other streams' clients included — so without this the answer would depend on who
 * left first.
 */
async function endReason(info: CloseInfo, options: TmuxOptions): Promise<string> {
  if (/server exited|lost server|no server|error connecting/i.test(info.reason)) {
    return SERVER_EXITED_REASON;
  }
  if (info.kind === "disposed" || /closed by Maestro/.test(info.reason)) {
    return STREAM_CLOSED_REASON;
  }
  try {
    const probe = await execTmux(options, [
      "show-options",
      "-gv",
      "exit-empty",
      ";",
      "list-sessions",
      "-F",
      ".",
    ]);
    if (probe.code !== 0 && isNoServer(probe.stderr)) return SERVER_EXITED_REASON;
    // "on" and no session: exiting; another line for each session left.
    if (probe.code === 0 && new TextDecoder().decode(probe.stdout) === "on\n") {
      return SERVER_EXITED_REASON;
    }
  } catch {
    // tmux cannot even be started: say what is certain.
  }
  return SESSION_ENDED_REASON;
}
