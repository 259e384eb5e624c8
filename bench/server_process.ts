/** Owns one `maestro serve` child process for the benchmarks: start, requests, stop. */

const ROOT = new URL("../", import.meta.url).pathname;
const MAIN = new URL("../main.ts", import.meta.url).pathname;
const URL_LINE = /^Maestro \S+ is running: open (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)$/;

/** How to start a server. */
export interface ServerProcessOptions {
  /** `$MAESTRO_HOME` (token, database); reuse it and the token stays the same. */
  home: string;
  /** The bench tmux server's socket name (`--tmux-socket`). */
  socket: string;
  /** Flags for `deno run` itself, e.g. `["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]`. */
  denoFlags?: readonly string[];
  /** Give up if the URL line has not appeared after this many ms. */
  startTimeoutMs?: number;
  /** Run the Maestro checkout in this directory instead of this one (A/B comparisons). */
  root?: string;
}

/** The environment of a server: ours, minus anything pointing at the user's Maestro or tmux. */
function serverEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  for (const name of Object.keys(env)) {
    if (name.startsWith("MAESTRO_") || name === "TMUX" || name === "TMUX_PANE") delete env[name];
  }
  return { ...env, SHELL: "/bin/sh", PS1: "$ ", ENV: "", NO_COLOR: "1" };
}

/**
 * `deno run -A main.ts serve --port 0 …` in its own process, so its CPU time and memory are the
 * server's alone. `await using` stops it (SIGTERM, then SIGKILL after 5 s).
 */
export class ServerProcess implements AsyncDisposable {
  readonly url: string;
  readonly token: string;
  readonly #child: Deno.ChildProcess;
  readonly #drained: Promise<void>;
  readonly #stderrTail: () => string;
  #exited = false;

  private constructor(
    child: Deno.ChildProcess,
    url: string,
    token: string,
    drained: Promise<void>,
    stderrTail: () => string,
  ) {
    this.#child = child;
    this.url = url;
    this.token = token;
    this.#drained = drained;
    this.#stderrTail = stderrTail;
    child.status.then(() => (this.#exited = true));
  }

  /** Spawn a server and wait until it prints its URL line. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        ...(options.denoFlags ?? []),
        options.root === undefined ? MAIN : `${options.root}/main.ts`,
        "serve",
        "--port",
        "0",
        "--home",
        options.home,
        "--tmux-socket",
        options.socket,
        "--tmux-config",
        "/dev/null",
        "--log-level",
        "warn",
      ],
      cwd: options.root ?? ROOT,
      env: serverEnv(),
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();

    let stderr = "";
    const { promise: firstLine, resolve: gotLine } = Promise.withResolvers<string | null>();
    const readStdout = (async () => {
      let stdout = "";
      for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
        if (stdout.length < 4096) stdout += text;
        const newline = stdout.indexOf("\n");
        if (newline >= 0) gotLine(stdout.slice(0, newline));
      }
      gotLine(null);
    })();
    const readStderr = (async () => {
      for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
        stderr = (stderr + text).slice(-8192);
      }
    })();
    const drained = Promise.all([readStdout, readStderr]).then(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const line = await Promise.race([
      firstLine,
      new Promise<null>((
        resolve,
      ) => (timer = setTimeout(() => resolve(null), options.startTimeoutMs ?? 30_000))),
    ]);
    clearTimeout(timer);
    const match = line === null ? null : URL_LINE.exec(line);
    if (match === null) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await child.status;
      await drained;
      throw new Error(
        `maestro serve did not start: first line ${JSON.stringify(line)}, stderr:\n${stderr}`,
      );
    }
    return new ServerProcess(child, match[1] as string, match[2] as string, drained, () => stderr);
  }

  get pid(): number {
    return this.#child.pid;
  }

  /** True once the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  /** The last few KiB of the server's log (for error messages). */
  get stderr(): string {
    return this.#stderrTail();
  }

  /** A request with the token; the body is read (and returned as text) so nothing leaks. */
  async get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(this.url + path, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return { status: response.status, text: await response.text() };
  }

  /** A JSON POST with the token; returns the status and the body as text. */
  async post(path: string, body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(this.url + path, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  /** SIGTERM (the server disposes its streams and exits), SIGKILL if it has not after 5 s. */
  async stop(): Promise<void> {
    if (!this.#exited) {
      try {
        this.#child.kill("SIGTERM");
      } catch {
        // Exited meanwhile.
      }
    }
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // Exited meanwhile.
      }
    }, 5000);
    await this.#child.status;
    clearTimeout(timer);
    await this.#drained;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
