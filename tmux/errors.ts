/** Owns the typed errors tmux/ raises; the server maps them to HTTP in one place. */

/** tmux is not installed, or not where it was configured. */
export class TmuxMissingError extends Error {
  constructor(readonly path: string) {
    super(`Cannot start tmux "${path}": it was not found; install tmux 3.2 or newer`);
    this.name = "TmuxMissingError";
  }
}

/** tmux is older than Maestro supports. */
export class TmuxVersionError extends Error {
  constructor(readonly found: string, readonly required: string) {
    super(`Cannot use ${found}: Maestro needs tmux ${required} or newer`);
    this.name = "TmuxVersionError";
  }
}

/** tmux answered a command with an error (`%error` block or a non-zero exit). */
export class TmuxCommandError extends Error {
  constructor(readonly command: string, readonly detail: string) {
    super(`tmux command "${command}" failed: ${detail || "no message"}`);
    this.name = "TmuxCommandError";
  }
}

/** A command got no answer in time. */
export class TmuxTimeoutError extends Error {
  constructor(readonly command: string, readonly timeoutMs: number) {
    super(`tmux command "${command}" got no answer within ${timeoutMs} ms`);
    this.name = "TmuxTimeoutError";
  }
}

/** The control client ended (server killed, session gone, process exited) before answering. */
export class TmuxClosedError extends Error {
  constructor(readonly reason: string) {
    super(`tmux control client closed: ${reason}`);
    this.name = "TmuxClosedError";
  }
}

/** The named session does not exist. */
export class SessionNotFoundError extends Error {
  constructor(readonly session: string) {
    super(`Session "${session}" does not exist`);
    this.name = "SessionNotFoundError";
  }
}

/** A session with that name already exists. */
export class SessionExistsError extends Error {
  constructor(readonly session: string, action = "create session") {
    super(`Cannot ${action} "${session}": a session with that name already exists`);
    this.name = "SessionExistsError";
  }
}

/** Input to the session service broke a rule (bad name, missing directory…); nothing was run. */
export class InvalidInputError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/**
 * A new session's command exited at once, taking the session with it; what it printed last is
 * kept, so the person sees why.
 */
export class CommandExitedError extends Error {
  constructor(
    readonly session: string,
    /** Its exit status, or null when a signal ended it. */
    readonly status: number | null,
    readonly signal: number | null,
    /** Its last lines of output (at most {@link COMMAND_EXIT_LINES}). */
    readonly output: string,
  ) {
    const how = status !== null
      ? `exited with status ${status}`
      : signal !== null
      ? `was ended by signal ${signal}`
      : "exited (tmux did not say with which status)";
    super(`The command ${how}${output === "" ? "" : `: ${output}`}`);
    this.name = "CommandExitedError";
  }
}

/** How many of its last lines a {@link CommandExitedError} carries. */
export const COMMAND_EXIT_LINES = 5;
