/** Owns the stranger benchmark's attacker process: start it, read its reports, stop it. */

import type { FloodOptions, FloodReport } from "./stranger_flood.ts";

const FLOOD = new URL("./stranger_flood.ts", import.meta.url).pathname;

/**
 * A {@linkcode StrangerFlood} in its own `deno run` process, so the viewer being measured shares
 * neither its event loop nor its descriptors with the attacker, and the attacker's CPU time is
 * its own. `stop()` ends the attack and returns its last report; `await using` kills it if not.
 */
export class StrangerFloodProcess implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reading: Promise<void>;
  readonly #stderr: Promise<string>;
  #latest: FloodReport;
  #final: FloodReport | null = null;

  private constructor(
    child: Deno.ChildProcess,
    lines: ReadableStreamDefaultReader<string>,
    first: FloodReport,
    stderr: Promise<string>,
  ) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#latest = first;
    this.#stderr = stderr;
    this.#reading = (async () => {
      for (;;) {
        const { value, done } = await lines.read();
        if (done) return;
        const report: FloodReport = JSON.parse(value);
        this.#latest = report;
        if (report.final) this.#final = report;
      }
    })();
  }

  /** Spawn the attacker and wait for its first report (every connection has been started). */
  static async start(options: FloodOptions): Promise<StrangerFloodProcess> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        FLOOD,
        options.url,
        ...[options.connections, options.peers, options.slowByteMs, options.reconnectMs].map(
          String,
        ),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines())
      .getReader();
    const first = await lines.read();
    if (first.done) {
      const { code } = await child.status;
      throw new Error(`Cannot start the attacker: it exited ${code}:\n${await stderr}`);
    }
    return new StrangerFloodProcess(child, lines, JSON.parse(first.value), stderr);
  }

  /** The attacker's process id (for its CPU time). */
  get pid(): number {
    return this.#child.pid;
  }

  /** Its latest report (at most 250 ms old). */
  get report(): FloodReport {
    return this.#latest;
  }

  /** End the attack: every socket closed, the process gone; resolves with its last report. */
  async stop(): Promise<FloodReport> {
    await this.#stdin.close().catch(() => {});
    const [{ code }] = await Promise.all([this.#child.status, this.#reading]);
    const stderr = await this.#stderr;
    if (code !== 0 || this.#final === null) {
      throw new Error(`The attacker exited ${code} without a last report:\n${stderr}`);
    }
    return this.#final;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    await this.#stdin.close().catch(() => {});
    await Promise.all([this.#child.status, this.#reading.catch(() => {}), this.#stderr]);
  }
}

/** A stream of text split into lines (without their "\n"). */
function splitLines(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, controller) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) if (line !== "") controller.enqueue(line);
    },
    flush(controller) {
      if (rest !== "") controller.enqueue(rest);
    },
  });
}
