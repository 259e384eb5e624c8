/**
 * Owns session-level operations on a tmux server: list, create, rename, kill, input, capture.
 * Over 400 lines because every operation shares one lookup by exact name and one mapping of
 * tmux's errors, kept beside them.
 */

import { resolve } from "node:path";
import {
  COMMAND_EXIT_LINES,
  CommandExitedError,
  InvalidInputError,
  SessionExistsError,
  SessionNotFoundError,
  TmuxCommandError,
} from "./errors.ts";
import { escapeFormat } from "./format_escape.ts";
import { PaneProcessCache, PROCESS_REFRESH_MS } from "./pane_process_cache.ts";
import { SESSION_NAME_RULE, sessionNameProblem } from "./session_name.ts";
import { listDelimiters } from "./list_format.ts";
import { isSessionId, lookupSessionId } from "./session_lookup.ts";
import {
  byName,
  parseSessionList,
  parseSessionRows,
  parseSessionShape,
  type SessionInfo,
  sessionListFormat,
  sessionRowsFormat,
  sessionShape,
  sessionShapeFormat,
} from "./session_list.ts";
import { inputCommands, packCommands } from "./send_keys_args.ts";
import { readLayouts, type WindowShape } from "./session_layout.ts";
import { type RestoredSession, type RestorePlan, restoreSession } from "./session_restore.ts";
import { untilDrawn } from "./prompt_wait.ts";
import { execTmux, type TmuxOptions, type TmuxRun } from "./tmux_exec.ts";
import { runOver, watchSession } from "./session_watch.ts";
import { isNoServer, isNoSession } from "./tmux_stderr.ts";
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

/** Lines of scrollback a session Maestro creates keeps (tmux's own default is 2000). */
export const DEFAULT_HISTORY_LIMIT = 50_000;
/**
 * How long `create` watches a new session's command for exiting at once (`exit 3`, `exec false`):
 * long enough for the shell to read and run the line it was typed, short enough not to slow
 * creating. A command that ends later ends its session as any command does.
 */
export const EXIT_WATCH_MS = 400;

/**
 * Once a pane is dead, how long to wait for tmux to record its status. tmux 3.3a sometimes misses
 * the SIGCHLD of a pane's process (about 1 in 10 quick exits here: the shell stays a zombie and
 * `#{pane_dead_status}` empty until some other child of the server exits), so while it waits it
 * makes tmux run a child of its own (`run-shell true`) every {@link REAP_NUDGE_MS}: that child's
 * SIGCHLD makes tmux reap every exited child, the pane's too.
 */
const DEAD_STATUS_WAIT_MS = 5000;
const REAP_NUDGE_MS = 100;

/** What {@link SessionService.sendInput} types: `text`, then `keys`, then Enter if `enter`. */
export interface SessionInput {
  text?: string;
  keys?: readonly string[];
  enter?: boolean;
}

/** How {@link SessionService.sendInput} types (`server/session_input.ts` says why). */
export interface TypingOptions {
  /** Pause before Enter after text or keys, ms: agents take a burst with Enter for a paste. */
  enterDelayMs?: number;
}

/** Characters of text per `set-buffer` call: tmux's client carries at most 16 KiB of arguments. */
const PASTE_CHUNK_CHARS = 4096;

/**
 * Session operations over one-shot tmux commands (they work with no server running, where a
 * control client could not attach).
 *
 * Only names Maestro gives (creating, renaming to) must follow the name rule; an existing session
 * may have any name tmux allows (made in a terminal: spaces, `#`, `$0`, `%1`, `;`…). Each
 * operation on one looks its name up in the session list and targets the id found there (see
 * session_lookup.ts), so a name never reaches tmux as a target, never matches another session
 * or a client, and what one operation does lands on one session even if it is renamed meanwhile.
 */
export class SessionService {
  readonly #options: TmuxOptions;
  readonly #processes: PaneProcessCache;

  /**
   * `processRefreshMs`: how often {@link list} reads every pane's foreground process again even
   * if nothing was printed (see {@link PaneProcessCache}).
   */
  /** `historyLimit`: the `history-limit` of every session {@link create} makes. */
  readonly #historyLimit: number;

  constructor(
    options: TmuxOptions,
    { processRefreshMs = PROCESS_REFRESH_MS, historyLimit = DEFAULT_HISTORY_LIMIT } = {},
  ) {
    this.#options = options;
    this.#processes = new PaneProcessCache(processRefreshMs);
    this.#historyLimit = historyLimit;
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

  /**
   * {@link sessionShape} of the sessions tmux has now, from one cheap `list-sessions` (a few fields
   * a session, no process read): equal to the shape of what {@link list} would return.
   */
  async shape(): Promise<string> {
    const delimiters = listDelimiters();
    const result = await execTmux(this.#options, [
      "list-sessions",
      "-F",
      sessionShapeFormat(delimiters),
    ]);
    if (result.code !== 0) {
      if (!isNoServer(result.stderr)) throw new TmuxCommandError("list-sessions", result.stderr);
      return sessionShape([]);
    }
    return sessionShape(parseSessionShape(new TextDecoder().decode(result.stdout), delimiters));
  }

  /** One session, or SessionNotFoundError. */
  async get(name: string): Promise<SessionInfo> {
    return await this.#info(await this.#find(name), name);
  }

  /** The session with id `id` (`name` is what the caller called it, for the error). */
  async #info(id: string, name: string): Promise<SessionInfo> {
    const delimiters = listDelimiters();
    const result = await execTmux(this.#options, [
      "list-panes",
      "-s",
      "-t",
      sessionIdTarget(id),
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

  /** Whether a session is named exactly `name`. */
  async exists(name: string): Promise<boolean> {
    return (await lookupSessionId(this.#options, name)) !== null;
  }

  /** The id of the session named exactly `name`, or SessionNotFoundError. */
  async #find(name: string): Promise<string> {
    const id = await lookupSessionId(this.#options, name);
    if (id === null) throw new SessionNotFoundError(name);
    return id;
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
    // tmux format-expands -s and -c (and runs `#(…)` in them); -e it takes as given. -P prints
    // the new session's id: from here on it is addressed by that.
    const args = ["new-session", "-d", "-P", "-F", "#{session_id}", "-s", escapeFormat(name)];
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
    // A pane takes its history-limit when it is made, from its session's option, which the new
    // session's first pane cannot have yet: the global value is raised around new-session and put
    // back, in one tmux invocation (atomic; with no server running, tmux reads its config first).
    // A larger limit the user chose is kept. No session option is set: `#{history-limit}` would
    // then read that of whichever session tmux takes as current, not the global one.
    const limit = String(this.#historyLimit);
    const saved = "@maestro-history-limit";
    const result = await execTmux(this.#options, [
      ...["set-option", "-gF", saved, "#{history-limit}", ";"],
      "set-option",
      "-gF",
      "history-limit",
      `#{?#{e|>:#{history-limit},${limit}},#{history-limit},${limit}}`,
      ";",
      ...args,
      ...[";", "set-option", "-gF", "history-limit", `#{${saved}}`],
      ...[";", "set-option", "-gu", saved],
    ]);
    if (result.code !== 0) {
      if (/duplicate session/.test(result.stderr)) throw new SessionExistsError(name);
      throw new TmuxCommandError("new-session", result.stderr);
    }
    const id = new TextDecoder().decode(result.stdout).trim();
    if (!isSessionId(id)) {
      throw new TmuxCommandError("new-session", `printed ${JSON.stringify(id)}, not a session id`);
    }
    if (options.command !== undefined && options.command.trim() !== "") {
      // The pane stays when its command exits (remain-on-exit), so that its status and its last
      // output can be read: without it the session would just be gone.
      await this.#checked(
        ["set-option", "-w", "-t", sessionIdTarget(id), "remain-on-exit", "on"],
        name,
      );
      // The waits below are tens of short reads: over one control client (session_watch.ts).
      await using watch = await watchSession(this.#options, id);
      const run = runOver(this.#options, watch);
      // Typed before the shell has drawn its prompt, the command's echo comes first and the prompt
      // after it: a silent command would then leave the cursor after "$ ", which reads as a shell
      // at its prompt (docs/STATUS.md).
      await untilDrawn(run, sessionIdTarget(id));
      const bytes = new TextEncoder().encode(options.command);
      await this.#type(id, name, appendByte(bytes, 0x0d), []);
      await this.#unlessExited(id, name, run);
    }
    const info = await this.#info(id, name);
    // Until its shell has started, tmux may not know the pane's directory yet: it is the one asked.
    return info.cwd === "" && cwd !== undefined ? { ...info, cwd } : info;
  }

  /**
   * Watches a new session's pane for {@link EXIT_WATCH_MS}: if its command exited, reads its
   * status and last lines, kills the session and throws CommandExitedError; otherwise puts
   * remain-on-exit back to what the session inherits.
   */
  async #unlessExited(id: string, name: string, run: TmuxRun): Promise<void> {
    const deadline = Date.now() + EXIT_WATCH_MS;
    for (;;) {
      const state = await this.#paneDeath(id, run);
      if (state === "gone") throw new SessionNotFoundError(name);
      if (state !== null) return await this.#reportExit(id, name, state, run);
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const unset = await execTmux(this.#options, [
      "set-option",
      "-w",
      "-u",
      "-t",
      sessionIdTarget(id),
      "remain-on-exit",
    ]);
    if (unset.code === 0) {
      // Died between the last look and the unset: tmux keeps a pane that is already dead.
      const state = await this.#paneDeath(id, run);
      if (state !== null && state !== "gone") await this.#reportExit(id, name, state, run);
    }
  }

  /** null while the pane lives; its status once dead (waiting briefly for tmux to record it). */
  async #paneDeath(
    id: string,
    run: TmuxRun,
  ): Promise<{ status: number | null; signal: number | null } | "gone" | null> {
    const deadline = Date.now() + DEAD_STATUS_WAIT_MS;
    for (;;) {
      const result = await run([
        "display-message",
        "-p",
        "-t",
        sessionIdTarget(id),
        "#{pane_dead},#{pane_dead_status},#{pane_dead_signal}",
      ]);
      if (result.code !== 0) {
        if (isNoServer(result.stderr) || isNoSession(result.stderr)) return "gone";
        throw new TmuxCommandError("display-message", result.stderr);
      }
      const [dead, status = "", signal = ""] = new TextDecoder().decode(result.stdout).trim()
        .split(",");
      if (dead !== "1") return null;
      if (status !== "" || signal !== "" || Date.now() >= deadline) {
        return {
          status: status === "" ? null : Number(status),
          signal: signal === "" ? null : Number(signal),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, REAP_NUDGE_MS));
      await run(["run-shell", "true"]);
    }
  }

  async #reportExit(
    id: string,
    name: string,
    death: { status: number | null; signal: number | null },
    run: TmuxRun,
  ): Promise<never> {
    const captured = await run([
      "capture-pane",
      "-p",
      "-J",
      "-S",
      "-200",
      "-t",
      sessionIdTarget(id),
    ]);
    await execTmux(this.#options, ["kill-session", "-t", id]);
    const lines = new TextDecoder().decode(captured.stdout).split("\n")
      .map((line) => line.trimEnd()).filter((line) => line !== "");
    throw new CommandExitedError(
      name,
      death.status,
      death.signal,
      lines.slice(-COMMAND_EXIT_LINES).join("\n"),
    );
  }

  /** Sessions' windows and panes, keyed `id@created`: these ids', or all (session_layout.ts). */
  async layouts(ids?: readonly string[]): Promise<Map<string, WindowShape[]>> {
    return await readLayouts(this.#options, ids);
  }

  /** Rebuild a recorded session (see session_restore.ts). */
  async restore(plan: RestorePlan): Promise<RestoredSession> {
    return await restoreSession(this.#options, plan);
  }

  /** Rename the session named `from` (any name) to `to` (which must follow the name rule). */
  async rename(from: string, to: string): Promise<SessionInfo> {
    validateName(to, "name");
    const id = await this.#find(from);
    if (from === to) return await this.#info(id, from);
    if (await this.exists(to)) {
      throw new SessionExistsError(to, `rename "${from}" to`);
    }
    // rename-session format-expands the new name (the rule leaves no "#" in it; escaped anyway).
    try {
      await this.#checked(["rename-session", "-t", id, escapeFormat(to)], from);
    } catch (error) {
      // Another client took the name between the check and the rename.
      if (error instanceof TmuxCommandError && /duplicate session/.test(error.detail)) {
        throw new SessionExistsError(to, `rename "${from}" to`);
      }
      throw error;
    }
    return await this.#info(id, to);
  }

  async kill(name: string): Promise<void> {
    await this.#checked(["kill-session", "-t", await this.#find(name)], name);
  }

  /** Type text (any bytes, as UTF-8) into the session's active pane, optionally then Enter. */
  async sendText(name: string, text: string, enter = false): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    await this.sendBytes(name, enter ? appendByte(bytes, 0x0d) : bytes);
  }

  /** Send raw bytes (escape sequences included) with `send-keys -H`, chunked. */
  async sendBytes(name: string, bytes: Uint8Array): Promise<void> {
    checkInputSize(name, bytes);
    if (bytes.length === 0) return;
    await this.#type(await this.#find(name), name, bytes, []);
  }

  /**
   * Paste `text` into the session's active pane the way a terminal pastes: tmux wraps it in the
   * bracketed-paste markers when the program asked for them (agents' composers and shells do),
   * so a multi-line text arrives as one paste, not line by line as if each line were submitted.
   */
  async pasteText(name: string, text: string): Promise<void> {
    checkInputSize(name, new TextEncoder().encode(text));
    if (text === "") return;
    await this.#paste(await this.#find(name), name, text);
  }

  async #paste(id: string, name: string, text: string): Promise<void> {
    const buffer = `maestro-paste-${crypto.randomUUID()}`;
    // set-buffer takes its data literally (no format is expanded), appended chunk by chunk (-a)
    // to stay under what one tmux call carries. Without -r, paste-buffer sends a carriage return
    // for each line feed, as a terminal's own paste does.
    const chars = [...text];
    try {
      for (let at = 0; at < chars.length; at += PASTE_CHUNK_CHARS) {
        const chunk = chars.slice(at, at + PASTE_CHUNK_CHARS).join("");
        await this.#checked(
          ["set-buffer", ...(at > 0 ? ["-a"] : []), "-b", buffer, "--", chunk],
          name,
        );
      }
      await this.#checked(
        ["paste-buffer", "-p", "-d", "-b", buffer, "-t", sessionIdTarget(id)],
        name,
      );
    } catch (error) {
      await execTmux(this.#options, ["delete-buffer", "-b", buffer]).catch(() => {});
      throw error;
    }
  }

  /** Send named keys (`Enter`, `C-c`, `Up`, `Escape`…). */
  async sendKeys(name: string, keys: readonly string[]): Promise<void> {
    checkKeys(name, keys);
    if (keys.length === 0) return;
    await this.#type(await this.#find(name), name, new Uint8Array(), keys);
  }

  /**
   * Type `text`, then `keys`, then Enter into the session's active pane: all checked first, then
   * sent to the one session found by that name (it cannot go on at another one half-way). Text
   * with a line break is pasted ({@link pasteText}); Enter comes `enterDelayMs` after the rest.
   */
  async sendInput(name: string, input: SessionInput, typing: TypingOptions = {}): Promise<void> {
    const text = input.text ?? "";
    const bytes = new TextEncoder().encode(text);
    const keys = input.keys ?? [];
    checkInputSize(name, bytes);
    checkKeys(name, [...keys, ...(input.enter ? ["Enter"] : [])]);
    const id = await this.#find(name);
    if (/[\r\n]/.test(text)) await this.#paste(id, name, text);
    else if (bytes.length > 0) await this.#type(id, name, bytes, []);
    if (keys.length > 0) await this.#type(id, name, new Uint8Array(), keys);
    if (!input.enter) return;
    const delay = typing.enterDelayMs ?? 0;
    if (delay > 0 && (bytes.length > 0 || keys.length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    await this.#type(id, name, new Uint8Array(), ["Enter"]);
  }

  /**
   * Type checked `bytes`, then `keys`, into session `id`'s active pane: as many tmux invocations
   * as its client can carry (a large paste takes several), one after the other, so in order.
   */
  async #type(id: string, name: string, bytes: Uint8Array, keys: readonly string[]): Promise<void> {
    for (const args of packCommands(inputCommands(sessionIdTarget(id), bytes, keys))) {
      await this.#checked(args, name);
    }
  }

  /** The active pane's screen (and optionally history) as text. */
  async capture(name: string, options: CaptureOptions = {}): Promise<Capture> {
    return await this.captureSession({ id: await this.#find(name), name }, options);
  }

  /**
   * Like {@link capture}, for a session already listed: addressed by its `id` (no lookup), the
   * `name` only for errors. A session gone since the list is a SessionNotFoundError.
   */
  async captureSession(
    session: Pick<SessionInfo, "id" | "name">,
    options: CaptureOptions = {},
  ): Promise<Capture> {
    const { id, name } = session;
    if (!isSessionId(id)) throw new SessionNotFoundError(name);
    const target = sessionIdTarget(id);
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

function appendByte(bytes: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = byte;
  return out;
}

/**
 * The target of session `id`'s current window (and so its active pane): commands that take a
 * window or pane target read a bare id the same way, the ":" only says what is meant.
 */
function sessionIdTarget(id: string): string {
  return `${id}:`;
}

function checkInputSize(name: string, bytes: Uint8Array): void {
  if (bytes.length > INPUT_MAX_BYTES) {
    throw new InvalidInputError(
      `Cannot send input to "${name}": ${bytes.length} bytes is over the ${INPUT_MAX_BYTES} byte limit`,
      "text",
    );
  }
}

function checkKeys(name: string, keys: readonly string[]): void {
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
}

/** Names Maestro gives must follow the rule; tmux must never see one that does not. */
function validateName(name: unknown, field: string): asserts name is string {
  const problem = sessionNameProblem(name);
  if (problem !== null) {
    throw new InvalidInputError(
      `Invalid session name ${JSON.stringify(name)}: ${problem} (${SESSION_NAME_RULE})`,
      field,
    );
  }
}
