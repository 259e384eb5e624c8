/** Owns reading what tmux's stderr says went wrong: no server, or no such session. Pure. */

const NO_SERVER =
  /no server running|error connecting to|No such file or directory|server exited|lost server/;
// "no current target": the session is being destroyed (seen when racing kill-session).
const NO_SESSION =
  /can't find session|session not found|can't find (window|pane)|no current target/;

/** Whether tmux's stderr says no server runs (or it went away). */
export function isNoServer(stderr: string): boolean {
  return NO_SERVER.test(stderr);
}

/** Whether tmux's stderr says the session (or its window or pane) it was given is not there. */
export function isNoSession(stderr: string): boolean {
  return NO_SESSION.test(stderr);
}
