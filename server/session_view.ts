/** Owns the session object the API returns (DESIGN §5) and how its status is derived. Pure. */

import { groupPath, type SessionInfo } from "../tmux/mod.ts";

export type SessionStatus = "working" | "idle" | "waiting" | "exited";

/** A session as the API, the events stream and the page see it. */
export interface SessionView {
  host: string;
  name: string;
  id: string;
  windows: number;
  created: number;
  activity: number;
  attached: number;
  cwd: string;
  command: string;
  title: string;
  status: SessionStatus;
  group: string[];
  paneId: string;
  cols: number;
  rows: number;
}

/** A host as listed with the sessions. */
export interface HostView {
  id: string;
  name: string;
  status: "online" | "offline";
  lastSeen: number | null;
  sessionCount: number;
  error?: string;
}

/** Seconds since the last output during which a session counts as working. */
export const WORKING_WINDOW_SECONDS = 3;

/** `exited` when the pane is dead, `working` when it had activity recently, else `idle`. */
export function sessionStatus(info: SessionInfo, nowSeconds: number): SessionStatus {
  if (info.paneDead) return "exited";
  if (nowSeconds - info.activity < WORKING_WINDOW_SECONDS) return "working";
  return "idle";
}

export function toSessionView(host: string, info: SessionInfo, nowSeconds: number): SessionView {
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
    status: sessionStatus(info, nowSeconds),
    group: groupPath(info.name),
    paneId: info.paneId,
    cols: info.cols,
    rows: info.rows,
  };
}
