/** Owns how tmux processes are spawned: argv only, `-u`, TMUX unset, optional `-L` and `-f`. */

import { TmuxCommandError, TmuxMissingError, TmuxVersionError } from "./errors.ts";
import { argvArgument } from "./quote.ts";

/** Which tmux to run and against which server. Built once from config and passed down. */
export interface TmuxOptions {
  /** tmux binary; default "tmux" from PATH. */
  tmuxPath?: string;
  /** Private server socket name (`tmux -L`); default: the user's default server. */
  socket?: string;
  /** Config file (`tmux -f`); tests pass "/dev/null". */
  configFile?: string;
  /** Environment for tmux and the sessions it starts; TMUX is always removed. */
  env?: Record<string, string>;
}

export const MIN_TMUX_VERSION = "3.2";

/**
 * The whole argv of a tmux invocation: the flags every invocation shares, then `args`. An
 * argument that is exactly ";" separates two commands (`["kill-session", "-t", "$1", ";", …]`);
 * every other argument reaches tmux as given, a trailing ";" included (see {@link argvArgument}).
 */
export function tmuxArgs(options: TmuxOptions, args: readonly string[]): string[] {
  const out: string[] = [];
  if (options.socket !== undefined) out.push("-L", options.socket);
  if (options.configFile !== undefined) out.push("-f", options.configFile);
  out.push("-u");
  for (const arg of args) out.push(arg === ";" ? arg : argvArgument(arg));
  return out;
}

/** A `Deno.Command` for tmux with a clean environment (no TMUX, so nesting never confuses it). */
export function tmuxCommand(
  options: TmuxOptions,
  args: readonly string[],
  stdio: Pick<Deno.CommandOptions, "stdin" | "stdout" | "stderr">,
): Deno.Command {
  const env = { ...(options.env ?? {}) };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return new Deno.Command(options.tmuxPath ?? "tmux", {
    args: tmuxArgs(options, args),
    env,
    clearEnv: options.env !== undefined,
    ...stdio,
  });
}

export interface ExecResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

/**
 * Runs one tmux command to completion and answers as {@link execTmux} does, whether spawned or
 * written to an attached control client (`ControlClient.exec`).
 */
export type TmuxRun = (args: readonly string[]) => Promise<ExecResult>;

/** Run one tmux command to completion (used where no control client is attached yet). */
export async function execTmux(options: TmuxOptions, args: readonly string[]): Promise<ExecResult> {
  let output: Deno.CommandOutput;
  try {
    output = await tmuxCommand(options, args, { stdin: "null", stdout: "piped", stderr: "piped" })
      .output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new TmuxMissingError(options.tmuxPath ?? "tmux");
    }
    throw error;
  }
  return {
    code: output.code,
    stdout: output.stdout,
    stderr: new TextDecoder().decode(output.stderr).trim(),
  };
}

/** Like {@link execTmux} but throws {@link TmuxCommandError} on a non-zero exit. */
export async function execTmuxChecked(
  options: TmuxOptions,
  args: readonly string[],
): Promise<Uint8Array> {
  const result = await execTmux(options, args);
  if (result.code !== 0) throw new TmuxCommandError(args.join(" "), result.stderr);
  return result.stdout;
}

/** Parse `tmux -V` output ("tmux 3.3a", "tmux next-3.5") into [major, minor]. */
export function parseTmuxVersion(text: string): [number, number] | null {
  const match = /(\d+)\.(\d+)/.exec(text);
  if (!match) return null;
  return [Number(match[1]), Number(match[2])];
}

/** Check tmux is installed and new enough; returns its version string ("tmux 3.3a"). */
export async function checkTmuxVersion(options: TmuxOptions): Promise<string> {
  const { code, stdout, stderr } = await execTmux(options, ["-V"]);
  const text = new TextDecoder().decode(stdout).trim();
  const version = parseTmuxVersion(text);
  if (code !== 0 || version === null) {
    throw new TmuxVersionError(text || stderr || "an unknown tmux", MIN_TMUX_VERSION);
  }
  const [major, minor] = version;
  const [needMajor, needMinor] = parseTmuxVersion(MIN_TMUX_VERSION) as [number, number];
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    throw new TmuxVersionError(text, MIN_TMUX_VERSION);
  }
  return text;
}
