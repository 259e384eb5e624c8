/** Owns building the session object the API returns (DESIGN §5) and deriving its status. Pure. */

import { groupPath } from "../protocol/session_name.ts";
import type { SessionInfo } from "../tmux/mod.ts";
import {
  detectStatus,
  type Screen,
  type StatusInput,
  type StatusVerdict,
  WORKING_WINDOW_SECONDS,
} from "./agent_status/mod.ts";
export type { HostView, SessionStatus, SessionView } from "../protocol/session.ts";
import type { SessionStatus, SessionView } from "../protocol/session.ts";

/** Seconds since the last output during which a session counts as working. */
export { WORKING_WINDOW_SECONDS };

/**
 * What detection reads about a session: its list entry, and its screen when captured. `bell` says
 * whether a bell is still pending; tmux's flag alone cannot tell (it stays set until a client
 * attaches), so only the monitor, which remembers when it saw the flag, passes true.
 */
export function statusInput(
  info: SessionInfo,
  nowSeconds: number,
  screen: Screen | null = null,
  bell = false,
): StatusInput {
  return {
    dead: info.paneDead,
    idleSeconds: Math.max(0, nowSeconds - info.activity),
    title: info.title,
    command: info.command,
    alternate: info.alternate,
    bell,
    screen,
  };
}

/** The status from the list entry alone (no screen): exited, working by recent output, or idle. */
export function sessionStatus(info: SessionInfo, nowSeconds: number): SessionStatus {
  return detectStatus(statusInput(info, nowSeconds)).status;
}

/** The API's view of a session; `verdict` comes from the monitor when it looked at the screen. */
export function toSessionView(
  host: string,
  info: SessionInfo,
  nowSeconds: number,
  verdict: StatusVerdict = detectStatus(statusInput(info, nowSeconds)),
): SessionView {
  return {
    host,
    name: info.name,
    id: info.id,
    windows: info.windows,
    created: info.created,
    activity: info.activity,
    attached: info.attached,
    cwd: info.cwd,
    command: info.command,
    title: info.title,
    status: verdict.status,
    statusRule: verdict.rule,
    group: groupPath(info.name),
    paneId: info.paneId,
    cols: info.cols,
    rows: info.rows,
  };
}
