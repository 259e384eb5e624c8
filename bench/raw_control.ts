/**
 * Owns a minimal `tmux -C` client: the floor every Maestro figure is compared with. It splits
 * stdout into lines, hands `%output` payloads on still escaped (the bench only looks for ASCII
 * markers, which tmux never escapes) and counts reply blocks. Nothing from tmux/ is used, so
 * Maestro's own code is never part of the baseline.
 */

import type { BenchTmux } from "./bench_tmux.ts";

const encoder = new TextEncoder();
const OUTPUT = encoder.encode("%output %");
const BEGIN = encoder.encode("%begin ");
const END = encoder.encode("%end ");
const ERROR = encoder.encode("%error ");

function startsWith(line: Uint8Array, prefix: Uint8Array): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false;
  return true;
}

/** Called with a pane's id (`%3`) and its `%output` payload, escaped as tmux sent it. */
export type OutputListener = (paneId: string, payload: Uint8Array) => void;

/** A `tmux -C attach -t =session` process; `await using` detaches and reaps it. */
export class RawControlClient implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reading: Promise<void>;
  /** Reply blocks still expected, in FIFO order; the first answers the attach itself. */
  readonly #waiting: Array<(lines: Uint8Array[]) => void> = [];
  /** The lines of the reply block being read, or null between blocks. */
  #block: Uint8Array[] | null = null;
  #buffer = new Uint8Array(0);
  onOutput: OutputListener = () => {};

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#reading = this.#read();
  }

  /** Attach to `session` and wait for tmux to answer the attach. */
  static async attach(
    tmux: Pick<BenchTmux, "command">,
    session: string,
  ): Promise<RawControlClient> {
    const child = tmux.command(["-C", "attach-session", "-t", `=${session}`], {
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const client = new RawControlClient(child);
    const attached = new Promise<void>((resolve) => client.#waiting.push(() => resolve()));
    const timeout = setTimeout(() => client.#waiting.shift()?.([]), 10_000);
    await attached;
    clearTimeout(timeout);
    return client;
  }

  /**
   * Write one command line; resolves when the reply blocks of its `count` commands have ended,
   * with their lines (escaped as tmux sent them).
   */
  command(line: string, count = 1): Promise<Uint8Array[][]> {
    const replies: Promise<Uint8Array[]>[] = [];
    for (let i = 0; i < count; i++) {
      replies.push(new Promise((resolve) => this.#waiting.push(resolve)));
    }
    this.write(line);
    return Promise.all(replies);
  }

  /** Write one command line without waiting for its reply. */
  write(line: string): void {
    this.#writer.write(encoder.encode(line + "\n")).catch(() => {});
  }

  async #read(): Promise<void> {
    try {
      for await (const chunk of this.#child.stdout) this.#push(chunk);
    } catch {
      // The process went away; dispose reaps it.
    }
    for (const resolve of this.#waiting.splice(0)) resolve([]);
  }

  #push(chunk: Uint8Array): void {
    let data = chunk;
    if (this.#buffer.length > 0) {
      data = new Uint8Array(this.#buffer.length + chunk.length);
      data.set(this.#buffer);
      data.set(chunk, this.#buffer.length);
    }
    let start = 0;
    while (true) {
      const end = data.indexOf(0x0a, start);
      if (end < 0) break;
      this.#line(data.subarray(start, end));
      start = end + 1;
    }
    this.#buffer = data.slice(start);
  }

  #line(line: Uint8Array): void {
    if (this.#block !== null) {
      if (startsWith(line, END) || startsWith(line, ERROR)) {
        const lines = this.#block;
        this.#block = null;
        this.#waiting.shift()?.(lines);
      } else {
        this.#block.push(line);
      }
      return;
    }
    if (startsWith(line, OUTPUT)) {
      const space = line.indexOf(0x20, OUTPUT.length);
      if (space < 0) return;
      const paneId = String.fromCharCode(...line.subarray(OUTPUT.length - 1, space));
      this.onOutput(paneId, line.subarray(space + 1));
      return;
    }
    if (startsWith(line, BEGIN)) this.#block = [];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#writer.close().catch(() => {});
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // Already exited.
      }
    }, 2000);
    await this.#child.status;
    clearTimeout(timer);
    await this.#reading;
  }
}
