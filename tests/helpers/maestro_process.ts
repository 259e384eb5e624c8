/** Owns running main.ts as a real process: one-shot CLI runs and `maestro serve` servers. */

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** The URL line `maestro serve` prints first. */
export const URL_LINE = /^Maestro \S+ is running: open (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)$/;

/**
 * The environment for a Maestro process: this one's, minus anything that would point it at the
 * user's own Maestro or tmux, with `sh` as the sessions' shell (root's bash is slow to start).
 */
export function maestroEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (const name of Object.keys(env)) {
    if (name.startsWith("MAESTRO_") || name === "TMUX" || name === "TMUX_PANE") delete env[name];
  }
  return { ...env, SHELL: "/bin/sh", PS1: "$ ", ENV: "", NO_COLOR: "1", ...extra };
}

/** What a finished Maestro process printed. */
export interface MaestroResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@linkcode runMaestro}. */
export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string;
}

/** Run `deno run -A main.ts ...args` to completion. */
export async function runMaestro(args: string[], options: RunOptions = {}): Promise<MaestroResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd: ROOT,
    env: options.env ?? maestroEnv(),
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Options for {@linkcode MaestroServer.start}. */
export interface ServerOptions {
  home: string;
  /** tmux socket name (`-L`). */
  socket: string;
  /** More `serve` flags, e.g. `["--log-level", "debug"]`. */
  args?: string[];
  /** More environment variables (e.g. `HTTP_PROXY`). */
  env?: Record<string, string>;
  /** `worker` instead of `serve`. */
  command?: "serve" | "worker";
  /** The working directory (default: the repository). */
  cwd?: string;
  /** A command that runs Deno, as argv, e.g. `["/usr/bin/prlimit", "--nofile=128:128", "--"]`. */
  launcher?: readonly string[];
}

/** A `maestro serve --port 0` process; `await using` stops it (SIGTERM) if it still runs. */
export class MaestroServer implements AsyncDisposable {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly token: string;
  /** The whole first line of standard output. */
  readonly urlLine: string;
  readonly #child: Deno.ChildProcess;
  readonly #status: Promise<Deno.CommandStatus>;
  readonly #readers: Promise<void>;
  readonly #output: { stdout: () => string; stderr: () => string };
  #exited = false;

  private constructor(
    child: Deno.ChildProcess,
    urlLine: string,
    readers: Promise<void>,
    output: { stdout: () => string; stderr: () => string },
  ) {
    this.#child = child;
    this.urlLine = urlLine;
    const match = URL_LINE.exec(urlLine);
    this.url = match?.[1] ?? "";
    this.token = match?.[2] ?? "";
    this.#status = child.status.then((status) => {
      this.#exited = true;
      return status;
    });
    this.#readers = readers;
    this.#output = output;
  }

  /** Start a server; resolves once it printed its URL line (throws with its stderr if it died). */
  static async start(options: ServerOptions): Promise<MaestroServer> {
    const [command, ...launcherArgs] = [...(options.launcher ?? []), Deno.execPath()];
    const child = new Deno.Command(command ?? Deno.execPath(), {
      args: [
        ...launcherArgs,
        "run",
        "-A",
        MAIN,
        options.command ?? "serve",
        "--port",
        "0",
        "--home",
        options.home,
        "--tmux-socket",
        options.socket,
        "--tmux-config",
        "/dev/null",
        ...(options.args ?? []),
      ],
      cwd: options.cwd ?? ROOT,
      env: maestroEnv(options.env),
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();

    let stdout = "";
    let stderr = "";
    const { promise: firstLine, resolve: gotFirstLine } = Promise.withResolvers<string | null>();
    const readStdout = (async () => {
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        stdout += chunk;
        const newline = stdout.indexOf("\n");
        if (newline >= 0) gotFirstLine(stdout.slice(0, newline));
      }
      gotFirstLine(null);
    })();
    const readStderr = (async () => {
      for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) stderr += chunk;
    })();
    const readers = Promise.all([readStdout, readStderr]).then(() => {});
    const line = await firstLine;
    if (line === null || !URL_LINE.test(line)) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      const status = await child.status;
      await readers;
      throw new Error(
        `maestro serve did not print its URL (exit ${status.code}): first line ${
          JSON.stringify(line)
        }, stderr:\n${stderr}`,
      );
    }
    return new MaestroServer(child, line, readers, { stdout: () => stdout, stderr: () => stderr });
  }

  /** Everything the server wrote to stderr so far (its log). */
  get stderr(): string {
    return this.#output.stderr();
  }

  get stdout(): string {
    return this.#output.stdout();
  }

  get pid(): number {
    return this.#child.pid;
  }

  /** True once the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  /** A request with the Bearer token (unless `init.headers` carries its own authorization). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${this.token}`);
    return await fetch(this.url + path, { ...init, headers });
  }

  /** JSON request and answer; 204 answers give null. */
  async json<T = Record<string, unknown>>(
    path: string,
    method = "GET",
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await this.fetch(path, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text === "" ? null : JSON.parse(text)) as T };
  }

  /** Send `signal` and wait until the process is gone and its output is read. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<Deno.CommandStatus> {
    if (!this.#exited) {
      try {
        this.#child.kill(signal);
      } catch {
        // It exited between the check and the kill.
      }
    }
    const status = await this.#status;
    await this.#readers;
    return status;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop("SIGTERM");
  }
}
