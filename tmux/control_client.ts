/** Owns one `tmux -C` process: FIFO command replies, continuous stdout draining, clean shutdown. */

import { type ControlEvent, ControlParser, type ReplyEvent } from "./control_parser.ts";
import { TmuxClosedError, TmuxCommandError, TmuxMissingError, TmuxTimeoutError } from "./errors.ts";
import { commandLine } from "./quote.ts";
import { concat } from "./snapshot.ts";
import { type ExecResult, tmuxCommand, type TmuxOptions } from "./tmux_exec.ts";

export interface ControlClientOptions extends TmuxOptions {
  /** The command the client starts with, e.g. `["attach-session", "-t", "=name"]`. */
  start: readonly string[];
  /** Milliseconds a command may wait for its reply before it rejects; default 10 000. */
  commandTimeoutMs?: number;
  /** Called for every notification and pane output, synchronously, in arrival order. */
  onEvent?: (event: ControlEvent) => void;
}

/** A command's answer: tmux's reply lines as raw bytes and as text. */
export class Reply {
  constructor(readonly raw: Uint8Array[]) {}
  /** The lines decoded as UTF-8. */
  get lines(): string[] {
    const decoder = new TextDecoder();
    return this.raw.map((line) => decoder.decode(line));
  }
}

/** Why a client ended. */
export interface CloseInfo {
  /** "exit" (tmux sent %exit), "process" (the process ended), "disposed" (we closed it). */
  kind: "exit" | "process" | "disposed";
  reason: string;
}

/** The commands written on one line, settled together. */
interface Group {
  /** The line written (for error messages). */
  command: string;
  replies: Reply[];
  remaining: number;
  failed: Error | null;
  /** performance.now() after which the group times out. */
  deadline: number;
  settled: boolean;
  settle: (result: Reply[] | Error) => void;
}

interface Pending {
  command: string;
  group: Group;
  /** Timed out: its reply, should it come, is consumed and dropped to keep the FIFO aligned. */
  abandoned: boolean;
}

const encoder = new TextEncoder();
const NEWLINE = new Uint8Array([0x0a]);
/** Size of the one buffer stdout is read into. */
const READ_BYTES = 64 * 1024;
/** How much of tmux's stderr is kept for the close reason (it says why tmux could not start). */
const STDERR_KEEP_BYTES = 4096;

/**
 * One control-mode client. Commands are written one per line and answered in FIFO order; stdout
 * is read without pause so tmux is never blocked on us.
 *
 * @example
 * ```ts
 * await using client = await ControlClient.start({ socket: "test", start: ["attach", "-t", "=a"] });
 * const reply = await client.run(["display-message", "-p", "#{pane_id}"]);
 * ```
 */
export class ControlClient implements AsyncDisposable {
  readonly #process: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #parser = new ControlParser({ coalesceOutput: true });
  readonly #pending: Pending[] = [];
  readonly #timeoutMs: number;
  readonly #onEvent: ((event: ControlEvent) => void) | undefined;
  readonly #readLoop: Promise<void>;
  readonly #stderr: Promise<string>;
  #closeInfo: CloseInfo | null = null;
  /** Checks for timed-out commands while any is pending (one timer, not one per command). */
  #watchdog: ReturnType<typeof setTimeout> | undefined;
  #resolveClosed!: (info: CloseInfo) => void;
  #ready!: { resolve: () => void; reject: (error: Error) => void; settled: boolean };
  /** Resolves once when the client has ended, with the reason. */
  readonly closed: Promise<CloseInfo>;
  readonly #readyPromise: Promise<void>;

  private constructor(options: ControlClientOptions) {
    this.#timeoutMs = options.commandTimeoutMs ?? 10_000;
    this.#onEvent = options.onEvent;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#readyPromise = new Promise((resolve, reject) => {
      this.#ready = { resolve, reject, settled: false };
    });
    this.#process = tmuxCommand(options, ["-C", ...options.start], {
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#stdin = this.#process.stdin.getWriter();
    this.#stderr = readTail(this.#process.stderr, STDERR_KEEP_BYTES);
    this.#readLoop = this.#read();
  }

  /** Spawn tmux in control mode and wait until its start command has been answered. */
  static async start(options: ControlClientOptions): Promise<ControlClient> {
    let client: ControlClient;
    try {
      client = new ControlClient(options);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new TmuxMissingError(options.tmuxPath ?? "tmux");
      }
      throw error;
    }
    try {
      await client.#readyPromise;
    } catch (error) {
      await client[Symbol.asyncDispose]();
      throw error;
    }
    return client;
  }

  /** The process id of the tmux client process. */
  get pid(): number {
    return this.#process.pid;
  }

  /** Whether the client has ended. */
  get isClosed(): boolean {
    return this.#closeInfo !== null;
  }

  /** Run a command given as argv (arguments are quoted for tmux's parser). */
  run(argv: readonly string[]): Promise<Reply> {
    return this.send(commandLine(argv));
  }

  /**
   * {@link run}, answered as `execTmux` answers: the reply's lines each ended by "\n" as stdout,
   * or tmux's error as exit code 1 and its message. A closed client still throws.
   */
  async exec(argv: readonly string[]): Promise<ExecResult> {
    try {
      const { raw } = await this.run(argv);
      return { code: 0, stdout: concat(raw.flatMap((line) => [line, NEWLINE])), stderr: "" };
    } catch (error) {
      if (!(error instanceof TmuxCommandError)) throw error;
      return { code: 1, stdout: new Uint8Array(0), stderr: error.detail };
    }
  }

  /**
   * Write one raw command line. Several commands joined with " ; " on one line run back to back
   * inside tmux (nothing else happens in between) and produce one reply each: pass `count`.
   */
  send(line: string): Promise<Reply> {
    return this.sendMany(line, 1).then((replies) => replies[0] as Reply);
  }

  /**
   * Write one line holding `count` commands; resolves with their replies in order.
   *
   * `onSettled`, when given, runs synchronously inside the read loop as soon as the last reply is
   * parsed — before any later output is dispatched — so a caller can switch state at exactly that
   * point in the stream (the snapshot/output ordering rule depends on it).
   */
  sendMany(
    line: string,
    count: number,
    onSettled?: (result: Reply[] | Error) => void,
  ): Promise<Reply[]> {
    if (this.#closeInfo) {
      const error = new TmuxClosedError(this.#closeInfo.reason);
      onSettled?.(error);
      return Promise.reject(error);
    }
    if (line.includes("\n") || count < 1) {
      const error = new TypeError("A tmux command line must be one line holding 1+ commands");
      onSettled?.(error);
      return Promise.reject(error);
    }
    return new Promise<Reply[]>((resolve, reject) => {
      const group: Group = {
        command: line,
        replies: [],
        remaining: count,
        failed: null,
        deadline: performance.now() + this.#timeoutMs,
        settled: false,
        settle: (result) => {
          if (group.settled) return;
          group.settled = true;
          onSettled?.(result);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      for (let i = 0; i < count; i++) {
        this.#pending.push({ command: line, group, abandoned: false });
      }
      this.#armWatchdog();
      this.#stdin.write(encoder.encode(line + "\n")).catch(() => {
        // The process is gone; the read loop ends and rejects everything pending.
      });
    });
  }

  /**
   * Replies come in FIFO order, so only the oldest pending command can be the first to time out.
   * The watchdog ticks at most every quarter of the timeout while commands are pending, and stops
   * once none is: a burst of keystrokes costs no timer each.
   */
  #armWatchdog(): void {
    if (this.#watchdog !== undefined || this.#closeInfo) return;
    const tick = Math.max(10, Math.min(1000, this.#timeoutMs / 4));
    this.#watchdog = setTimeout(() => {
      this.#watchdog = undefined;
      const now = performance.now();
      for (const pending of this.#pending) {
        if (pending.abandoned) continue;
        // Deadlines grow in FIFO order: once one is ahead, all later ones are too.
        if (pending.group.deadline > now) break;
        this.#timeOut(pending.group);
      }
      if (this.#pending.some((pending) => !pending.abandoned)) this.#armWatchdog();
    }, tick);
  }

  /** Give up on a group; its replies, should they come, are consumed and dropped. */
  #timeOut(group: Group): void {
    for (const pending of this.#pending) if (pending.group === group) pending.abandoned = true;
    group.settle(new TmuxTimeoutError(group.command, this.#timeoutMs));
  }

  async #read(): Promise<void> {
    // One buffer for every read (a default reader allocates 64 KiB per read): the parser copies
    // what it keeps, so the buffer is free again once the chunk's events are dispatched.
    const reader = this.#process.stdout.getReader({ mode: "byob" });
    let buffer = new ArrayBuffer(READ_BYTES);
    try {
      while (true) {
        const { value, done } = await reader.read(new Uint8Array(buffer));
        if (done || value === undefined) break;
        for (const event of this.#parser.push(value)) this.#dispatch(event);
        buffer = value.buffer as ArrayBuffer;
      }
    } catch {
      // stdout broke: handled as process end below.
    } finally {
      reader.releaseLock();
    }
    const status = await this.#process.status;
    const stderr = (await this.#stderr).trim();
    const reason = stderr || `tmux exited with code ${status.code}`;
    this.#finish({ kind: "process", reason });
  }

  #dispatch(event: ControlEvent): void {
    if (event.type === "reply") {
      this.#reply(event);
      return;
    }
    if (event.type === "exit") {
      this.#finish({ kind: "exit", reason: event.reason || "tmux detached the client" });
    }
    try {
      this.#onEvent?.(event);
    } catch {
      // A listener's bug must not stop the drain loop (tmux would stall).
    }
  }

  #reply(event: ReplyEvent): void {
    if (event.flags === 0 || !this.#ready.settled) {
      // The start command's own block (flags 0) comes first.
      if (!this.#ready.settled) {
        this.#ready.settled = true;
        if (event.ok) this.#ready.resolve();
        else this.#ready.reject(new TmuxCommandError("-C start", decodeLines(event.lines)));
      }
      return;
    }
    const pending = this.#pending.shift();
    if (!pending || pending.abandoned) return;
    const { group } = pending;
    if (event.ok) group.replies.push(new Reply(event.lines));
    else group.failed ??= new TmuxCommandError(pending.command, decodeLines(event.lines));
    if (--group.remaining > 0) return;
    group.settle(group.failed ?? group.replies);
  }

  #finish(info: CloseInfo): void {
    if (this.#closeInfo) return;
    this.#closeInfo = info;
    if (!this.#ready.settled) {
      this.#ready.settled = true;
      this.#ready.reject(new TmuxCommandError("-C start", info.reason));
    }
    const groups = new Set<Group>();
    for (const pending of this.#pending.splice(0)) {
      if (!pending.abandoned) groups.add(pending.group);
    }
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    for (const group of groups) group.settle(new TmuxClosedError(info.reason));
    this.#resolveClosed(info);
  }

  /** Detach (closing stdin makes tmux -C exit), then make sure the process is gone. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#finish({ kind: "disposed", reason: "closed by Maestro" });
    await this.#stdin.close().catch(() => {});
    const exited = await Promise.race([
      this.#process.status.then(() => true),
      new Promise<false>((resolve) => {
        const timer = setTimeout(() => resolve(false), 1000);
        this.#process.status.finally(() => clearTimeout(timer));
      }),
    ]);
    if (!exited) {
      try {
        this.#process.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await this.#readLoop;
  }
}

/** Read `stream` to its end into one small reused buffer; resolves with its last `keep` bytes. */
async function readTail(stream: ReadableStream<Uint8Array>, keep: number): Promise<string> {
  const reader = stream.getReader({ mode: "byob" });
  let buffer = new ArrayBuffer(512);
  let kept = new Uint8Array(0);
  try {
    while (true) {
      const { value, done } = await reader.read(new Uint8Array(buffer));
      if (done || value === undefined) break;
      const joined = new Uint8Array(kept.length + value.length);
      joined.set(kept);
      joined.set(value, kept.length);
      kept = joined.length > keep ? joined.slice(joined.length - keep) : joined;
      buffer = value.buffer as ArrayBuffer;
    }
  } catch {
    // The pipe broke: what was read is all there is.
  } finally {
    reader.releaseLock();
  }
  return new TextDecoder().decode(kept);
}

function decodeLines(lines: Uint8Array[]): string {
  const decoder = new TextDecoder();
  return lines.map((line) => decoder.decode(line)).join("\n").trim();
}
