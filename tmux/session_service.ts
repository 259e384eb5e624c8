/** Owns session-level operations on a tmux server: list, create, rename, kill, input, capture. */

import { resolve } from "node:path";
import {
  InvalidInputError,
  SessionExistsError,
  SessionNotFoundError,
  TmuxCommandError,
} from "./errors.ts";
import { escapeFormat } from "./format_escape.ts";
import { PaneProcessCache, PROCESS_REFRESH_MS } from "./pane_process_cache.ts";
import { SESSION_NAME_RULE, sessionNameProblem, sessionTarget } from "./session_name.ts";
import { listDelimiters } from "./list_format.ts";
import {
  byName,
  parseSessionList,
  parseSessionRows,
  type SessionInfo,
  sessionListFormat,
  sessionRowsFormat,
} from "./session_list.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";
export { parseSessionList, type SessionInfo, sessionListFormat } from "./session_list.ts";
export { INPUT_MAX_BYTES } from "../protocol/limits.ts";
import { INPUT_MAX_BYTES } from "../protocol/limits.ts";

export interface CreateSessionOptions {
  name: string;
  /** Working directory; must exist. Default: tmux's default (the server's cwd or $HOME). */
  cwd?: string;
  /** Typed into the session's shell once it starts, so the shell stays when the program exits. */
  command?: string;
  /** Extra environment variables for the session. */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
}

export interface CaptureOptions {
  /** Keep colours and attributes as escape sequences. */
  ansi?: boolean;
  /** Lines of history above the screen to include (0 = the visible screen only). */
  history?: number;
  /** Capture the normal screen saved while the alternate screen is on. */
  alternate?: boolean;
}

export interface Capture {
  text: string;
  cursorX: number;
  cursorY: number;
  cols: number;
  rows: number;
  alternate: boolean;
  /** Lines of history the pane holds (the capture includes min(history, historySize) of them). */
  historySize: number;
}

/** Named keys accepted by {@link SessionService.sendKeys} (tmux key names such as C-c, Enter). */
const KEY_NAME =
  /^(?:[CMS]-)*(?:[A-Za-z0-9]|F[0-9]{1,2}|[A-Z][A-Za-z]+|BSpace|BTab|DC|IC|NPage|PPage|PgUp|PgDn|KP[A-Za-z0-9]+)$/;

/** Whether `key` is a tmux key name {@link SessionService.sendKeys} accepts. */
export function isKeyName(key: unknown): key is string {
  return typeof key === "string" && KEY_NAME.test(key);
}

/**
 * How long `create` gives a new pane's shell to draw its prompt before typing the command anyway (a
 * shell with an empty prompt draws nothing).
 */
const PROMPT_WAIT_MS = 3000;

/** Bytes per `send-keys -H` command: 3 characters each keeps a command line under ~800 chars. */
export const INPUT_CHUNK_BYTES = 256;

/**
 * Session operations over one-shot tmux commands (they work with no server running, where a
 * control client could not attach). Every target is an exact `=name` match.
 */
export class SessionService {
  readonly #options: TmuxOptions;
  readonly #processes: PaneProcessCache;

  /**
   * `processRefreshMs`: how often {@link list} reads every pane's foreground process again even
   * if nothing was printed (see {@link PaneProcessCache}).
   */
  constructor(options: TmuxOptions, { processRefreshMs = PROCESS_REFRESH_MS } = {}) {
    this.#options = options;
    this.#processes = new PaneProcessCache(processRefreshMs);
  }

  /** Every session, in name order; an empty list when no tmux server is running. */
  async list(): Promise<SessionInfo[]> {
    // null: a pane became active without printing anything, so nothing is known of its process.
    const sessions = (await this.#listRows(false)) ?? (await this.#listRows(true));
    if (sessions === null) {
      throw new TmuxCommandError("list-sessions", "tmux left out a pane's foreground process");
    }
    return sessions.sort(byName);
  }

  /** One `list-sessions`, completed from the process cache; null if that cannot be done. */
  async #listRows(everyPane: boolean): Promise<SessionInfo[] | null> {
    const started = Date.now();
    const since = everyPane ? 0 : this.#processes.since(started);
    const delimiters = listDelimiters();
    const result = await execTmux(this.#options, [
      "list-sessions",
      "-F",
      sessionRowsFormat(since, delimiters),
    ]);
    if (result.code !== 0) {
      if (!isNoServer(result.stderr)) throw new TmuxCommandError("list-sessions", result.stderr);
      this.#processes.clear();
      return [];
    }
    const rows = parseSessionRows(new TextDecoder().decode(result.stdout), delimiters);
    return this.#processes.resolve(rows, since, started);
  }

  /** One session, or SessionNotFoundError. */
  async get(name: string): Promise<SessionInfo> {
    validateName(name, "name");
    const delimiters = listDelimiters();
    const result = await execTmux(this.#options, [
      "list-panes",
      "-s",
      "-t",
      // list-panes takes a window target: a bare "=name" that matches no session falls back to a
      // prefix match ("=bas" finds "base"); the trailing ":" keeps the match exact.
      `${sessionTarget(name)}:`,
      "-F",
      sessionListFormat(delimiters),
    ]);
    if (result.code !== 0) {
      if (isNoServer(result.stderr) || isNoSession(result.stderr)) {
        throw new SessionNotFoundError(name);
      }
      throw new TmuxCommandError("list-panes", result.stderr);
    }
    const [session] = parseSessionList(new TextDecoder().decode(result.stdout), delimiters);
    if (!session) throw new SessionNotFoundError(name);
    return session;
  }

  async exists(name: string): Promise<boolean> {
    validateName(name, "name");
    const result = await execTmux(this.#options, ["has-session", "-t", sessionTarget(name)]);
    return result.code === 0;
  }

  /** Create a detached session; validates everything before tmux sees it. */
  async create(options: CreateSessionOptions): Promise<SessionInfo> {
    const { name } = options;
    validateName(name, "name");
    const cwd = options.cwd === undefined ? undefined : await this.#directory(options.cwd);
    if (options.command !== undefined && /[\n\r]/.test(options.command)) {
      throw new InvalidInputError(
        `Cannot create session "${name}": the command must be one line`,
        "command",
      );
    }
    // tmux format-expands -s and -c (and runs `#(…)` in them); -e it takes as given.
    const args = ["new-session", "-d", "-s", escapeFormat(name)];
    if (cwd !== undefined) args.push("-c", escapeFormat(cwd));
    if (options.cols !== undefined) args.push("-x", String(options.cols));
    if (options.rows !== undefined) args.push("-y", String(options.rows));
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        throw new InvalidInputError(
          `Cannot create session "${name}": environment variable name "${key}" is not valid`,
          "env",
        );
      }
      args.push("-e", `${key}=${value}`);
    }
    const result = await execTmux(this.#options, args);
    if (result.code !== 0) {
      if (/duplicate session/.test(result.stderr)) throw new SessionExistsError(name);
      throw new TmuxCommandError("new-session", result.stderr);
    }
    if (options.command !== undefined && options.command.trim() !== "") {
      // Typed before the shell has drawn its prompt, the command's echo comes first and the prompt
      // after it: a silent command would then leave the cursor after "$ ", which reads as a shell
      // at its prompt (a `waiting` session, docs/STATUS.md).
      await this.#untilDrawn(name);
      await this.sendText(name, options.command, true);
    }
    return await this.get(name);
  }

  /** Wait until a new session's pane has printed something (its prompt), at most a few seconds. */
  async #untilDrawn(name: string): Promise<void> {
    const deadline = Date.now() + PROMPT_WAIT_MS;
    for (;;) {
      const result = await execTmux(this.#options, [
        "display-message",
        "-p",
        "-t",
        `${sessionTarget(name)}:`,
        "#{cursor_x},#{cursor_y}",
      ]);
      const cursor = new TextDecoder().decode(result.stdout).trim();
      if (result.code !== 0 || cursor !== "0,0" || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async rename(from: string, to: string): Promise<SessionInfo> {
    validateName(from, "name");
    validateName(to, "name");
    if (from === to) return await this.get(from);
    if (!(await this.exists(from))) throw new SessionNotFoundError(from);
    if (await this.exists(to)) {
      throw new SessionExistsError(to, `rename "${from}" to`);
    }
    await this.#checked(["rename-session", "-t", sessionTarget(from), escapeFormat(to)], from);
    return await this.get(to);
  }

  async kill(name: string): Promise<void> {
    validateName(name, "name");
    await this.#checked(["kill-session", "-t", sessionTarget(name)], name);
  }

  /** Type text (any bytes, as UTF-8) into the session's active pane, optionally then Enter. */
  async sendText(name: string, text: string, enter = false): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    await this.sendBytes(name, enter ? appendByte(bytes, 0x0d) : bytes);
  }

  /** Send raw bytes (escape sequences included) with `send-keys -H`, chunked. */
  async sendBytes(name: string, bytes: Uint8Array): Promise<void> {
    validateName(name, "name");
    if (bytes.length > INPUT_MAX_BYTES) {
      throw new InvalidInputError(
        `Cannot send input to "${name}": ${bytes.length} bytes is over the ${INPUT_MAX_BYTES} byte limit`,
        "text",
      );
    }
    if (bytes.length === 0) return;
    await this.#checked(sendKeysHexArgs(`${sessionTarget(name)}:`, bytes), name);
  }

  /**
   * Paste `text` into the session's active pane the way a terminal pastes: tmux wraps it in the
   * bracketed-paste markers when the program asked for them (agents' composers and shells do),
   * so a multi-line text arrives as one paste, not line by line as if each line were submitted.
   */
  async pasteText(name: string, text: string): Promise<void> {
    validateName(name, "name");
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > INPUT_MAX_BYTES) {
      throw new InvalidInputError(
        `Cannot paste into "${name}": ${bytes} bytes is over the ${INPUT_MAX_BYTES} byte limit`,
        "text",
      );
    }
    if (bytes === 0) return;
    const buffer = `maestro-paste-${crypto.randomUUID()}`;
    // set-buffer takes its data literally (no format is expanded). Without -r, paste-buffer sends
    // a carriage return for each line feed, as a terminal's own paste does.
    await this.#checked(["set-buffer", "-b", buffer, "--", text], name);
    await this.#checked(
      ["paste-buffer", "-p", "-d", "-b", buffer, "-t", `${sessionTarget(name)}:`],
      name,
    );
  }

  /** Send named keys (`Enter`, `C-c`, `Up`, `Escape`…). */
  async sendKeys(name: string, keys: readonly string[]): Promise<void> {
    validateName(name, "name");
    for (const key of keys) {
      if (!isKeyName(key)) {
        throw new InvalidInputError(
          `Cannot send key ${
            JSON.stringify(key)
          } to "${name}": not a tmux key name (e.g. Enter, C-c, Escape, Up, F1)`,
          "keys",
        );
      }
    }
    if (keys.length === 0) return;
    await this.#checked(["send-keys", "-t", `${sessionTarget(name)}:`, ...keys], name);
  }

  /** The active pane's screen (and optionally history) as text. */
  async capture(name: string, options: CaptureOptions = {}): Promise<Capture> {
    validateName(name, "name");
    const target = `${sessionTarget(name)}:`;
    const capture = ["capture-pane", "-p", "-t", target];
    if (options.ansi) capture.push("-e");
    if (options.history && options.history > 0) capture.push("-S", String(-options.history));
    if (options.alternate) capture.push("-a", "-q");
    const format =
      "#{cursor_x} #{cursor_y} #{pane_width} #{pane_height} #{alternate_on} #{history_size}";
    const out = await this.#checked(
      ["display-message", "-p", "-t", target, format, ";", ...capture],
      name,
    );
    const text = new TextDecoder().decode(out);
    const newline = text.indexOf("\n");
    const [x, y, cols, rows, alt, historySize] = text.slice(0, newline).split(" ").map(Number);
    return {
      text: text.slice(newline + 1).replace(/\n+$/, "\n"),
      cursorX: x ?? 0,
      cursorY: y ?? 0,
      cols: cols ?? 0,
      rows: rows ?? 0,
      alternate: alt === 1,
      historySize: historySize ?? 0,
    };
  }

  /**
   * The directory a new session starts in, checked: "~" and "~/…" mean the home directory (tmux
   * itself does not expand them in -c), and a relative path is made absolute here, where it was
   * checked (the tmux server has a working directory of its own).
   */
  async #directory(cwd: string): Promise<string> {
    if (typeof cwd !== "string" || cwd === "" || cwd.includes("\0")) {
      throw new InvalidInputError(`Invalid working directory ${JSON.stringify(cwd)}`, "cwd");
    }
    const home = this.#options.env?.HOME;
    const path = home !== undefined && (cwd === "~" || cwd.startsWith("~/"))
      ? resolve(home + cwd.slice(1))
      : resolve(cwd);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      throw new InvalidInputError(`Working directory "${cwd}" does not exist`, "cwd");
    }
    if (!info.isDirectory) {
      throw new InvalidInputError(`Working directory "${cwd}" is not a directory`, "cwd");
    }
    return path;
  }

  async #checked(args: string[], session: string): Promise<Uint8Array> {
    const result = await execTmux(this.#options, args);
    if (result.code !== 0) {
      if (isNoServer(result.stderr) || isNoSession(result.stderr)) {
        throw new SessionNotFoundError(session);
      }
      throw new TmuxCommandError(args[0] ?? "tmux", result.stderr);
    }
    return result.stdout;
  }
}

/** argv for `send-keys -H`, split into commands of {@link INPUT_CHUNK_BYTES} joined by ";". */
export function sendKeysHexArgs(target: string, bytes: Uint8Array): string[] {
  const args: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += INPUT_CHUNK_BYTES) {
    if (offset > 0) args.push(";");
    args.push("send-keys", "-H", "-t", target);
    for (const b of bytes.subarray(offset, offset + INPUT_CHUNK_BYTES)) {
      args.push(b.toString(16).padStart(2, "0"));
    }
  }
  return args;
}

function appendByte(bytes: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = byte;
  return out;
}

function validateName(name: unknown, field: string): asserts name is string {
  const problem = sessionNameProblem(name);
  if (problem !== null) {
    throw new InvalidInputError(
      `Invalid session name ${JSON.stringify(name)}: ${problem} (${SESSION_NAME_RULE})`,
      field,
    );
  }
}

const NO_SERVER =
  /no server running|error connecting to|No such file or directory|server exited|lost server/;
// "no current target": the session is being destroyed (seen when racing kill-session).
const NO_SESSION =
  /can't find session|session not found|can't find (window|pane)|no current target/;

/** Whether tmux's stderr says no server runs (or it went away). */
export function isNoServer(stderr: string): boolean {
  return NO_SERVER.test(stderr);
}

function isNoSession(stderr: string): boolean {
  return NO_SESSION.test(stderr);
}
