/** Owns a private tmux server for one test: its own `-L` socket, no config, killed at the end. */

import { execTmux, type TmuxOptions } from "../../tmux/tmux_exec.ts";

let counter = 0;

/**
 * A socket name no other test shares: `deno test --parallel` runs test files side by side in one
 * process (one pid, a counter of their own each), so two of them starting in the same millisecond
 * would otherwise drive one tmux server.
 */
function socketName(): string {
  const random = crypto.randomUUID().slice(0, 8);
  return `maestro-test-${Deno.pid}-${Date.now().toString(36)}-${counter++}-${random}`;
}

/** A private tmux server; `await using` kills it (and every session on it) at the end. */
export class PrivateTmux implements AsyncDisposable {
  readonly options: TmuxOptions;

  constructor() {
    const socket = socketName();
    this.options = {
      socket,
      configFile: "/dev/null",
      // A plain sh keeps sessions cheap and prompts predictable ("$ ").
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: Deno.env.get("HOME") ?? "/tmp",
        SHELL: "/bin/sh",
        LANG: "C.UTF-8",
        TERM: "xterm-256color",
        PS1: "$ ",
        ENV: "",
      },
    };
  }

  /** Run a tmux command on this server (as a user's own terminal would). */
  async tmux(...args: string[]): Promise<string> {
    const result = await execTmux(this.options, args);
    if (result.code !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${result.stderr}`);
    return new TextDecoder().decode(result.stdout);
  }

  /** Start a detached session running `sh`, sized 80x24. */
  async newSession(name: string, ...command: string[]): Promise<void> {
    await this.tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", ...command);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await execTmux(this.options, ["kill-server"]);
    // tmux leaves its socket file behind; remove it so test runs leave nothing.
    await Deno.remove(`/tmp/tmux-${Deno.uid()}/${this.options.socket}`).catch(() => {});
  }
}
