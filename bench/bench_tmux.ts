/** Owns one private tmux server for a benchmark phase: its socket, its sessions, its end. */

let counter = 0;

/** Options every pane of a bench tmux server runs with: plain `sh`, no user config. */
export function benchTmuxEnv(): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    // Root's bash is slow to start here; sh keeps 500 sessions cheap and prompts predictable.
    SHELL: "/bin/sh",
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    PS1: "$ ",
    ENV: "",
  };
}

/** A new session: its name and the shell command line its only pane runs. */
export interface SessionSpec {
  name: string;
  /** Run by `sh -c` in the pane; default: a plain `sh`. */
  command?: string;
}

/**
 * A tmux server on its own `-L` socket with its own config (enough history for the 10,000-line
 * snapshot, `exit-empty off` so it runs with no session). `await using` kills it and removes the
 * socket file.
 */
export class BenchTmux implements AsyncDisposable {
  readonly socket: string;
  readonly #configFile: string;
  readonly #env = benchTmuxEnv();
  #disposed = false;

  private constructor(socket: string, configFile: string) {
    this.socket = socket;
    this.#configFile = configFile;
  }

  /** Start an empty server; `dir` holds its config file. */
  static async start(dir: string, historyLimit = 12_000): Promise<BenchTmux> {
    const socket = `maestro-bench-${Deno.pid}-${counter++}`;
    const configFile = `${dir}/tmux-${socket}.conf`;
    await Deno.writeTextFile(
      configFile,
      `set -g exit-empty off\nset -g history-limit ${historyLimit}\n`,
    );
    const tmux = new BenchTmux(socket, configFile);
    try {
      await tmux.run("start-server");
    } catch (error) {
      await tmux[Symbol.asyncDispose]();
      throw error;
    }
    return tmux;
  }

  /** The argv to run tmux against this server (for spawning it directly). */
  argv(args: readonly string[]): string[] {
    return ["-L", this.socket, "-f", this.#configFile, "-u", ...args];
  }

  /** A `Deno.Command` for tmux against this server with the bench environment. */
  command(
    args: readonly string[],
    stdio: Pick<Deno.CommandOptions, "stdin" | "stdout" | "stderr">,
  ): Deno.Command {
    return new Deno.Command("tmux", {
      args: this.argv(args),
      env: this.#env,
      clearEnv: true,
      ...stdio,
    });
  }

  /** Run one tmux command line; returns its stdout; throws with its stderr on failure. */
  async run(...args: string[]): Promise<string> {
    const output = await this.command(args, { stdin: "null", stdout: "piped", stderr: "piped" })
      .output();
    const decoder = new TextDecoder();
    if (!output.success) {
      throw new Error(`tmux ${args.join(" ")} failed: ${decoder.decode(output.stderr).trim()}`);
    }
    return decoder.decode(output.stdout);
  }

  /**
   * Create sessions (80x24, detached), `batch` per tmux invocation joined with `;`, and return
   * their pane ids in order.
   */
  async newSessions(specs: readonly SessionSpec[], batch = 100): Promise<string[]> {
    const panes: string[] = [];
    for (let start = 0; start < specs.length; start += batch) {
      const args: string[] = [];
      for (const spec of specs.slice(start, start + batch)) {
        if (args.length > 0) args.push(";");
        args.push("new-session", "-d", "-P", "-F", "#{pane_id}", "-s", spec.name);
        args.push("-x", "80", "-y", "24");
        if (spec.command !== undefined) args.push("sh", "-c", spec.command);
      }
      panes.push(...(await this.run(...args)).trim().split("\n"));
    }
    return panes;
  }

  async killSession(name: string): Promise<void> {
    await this.run("kill-session", "-t", `=${name}`).catch(() => {});
  }

  /** The tmux server's process id. */
  async pid(): Promise<number> {
    return Number((await this.run("display-message", "-p", "#{pid}")).trim());
  }

  /** Wake a `tmux wait-for channel` (or let the next one pass at once). */
  async signal(channel: string): Promise<void> {
    await this.run("wait-for", "-S", channel);
  }

  /** Start waiting for `channel`; resolves when it is signalled. */
  waitFor(channel: string): { done: Promise<void>; cancel: () => void } {
    const child = this.command(["wait-for", channel], {
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    return {
      done: child.status.then(() => {}),
      cancel: () => {
        try {
          child.kill("SIGKILL");
        } catch {
          // Already exited.
        }
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.command(["kill-server"], { stdin: "null", stdout: "null", stderr: "null" })
      .output().catch(() => {});
    await Deno.remove(`/tmp/tmux-${Deno.uid()}/${this.socket}`).catch(() => {});
    await Deno.remove(this.#configFile).catch(() => {});
  }
}
