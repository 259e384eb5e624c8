/** Owns the shapes of the HTTP API's JSON as the page sees them (DESIGN §5). */

export type SessionStatus = "working" | "idle" | "waiting" | "exited";

export interface Session {
  host: string;
  name: string;
  id: string;
  windows: number;
  /** Unix seconds. */
  created: number;
  /** Unix seconds of the latest output or input. */
  activity: number;
  attached: number;
  cwd: string;
  command: string;
  title: string;
  status: SessionStatus;
  /** Sidebar path, the leaf last: `acme-web-frontend` → `["acme", "web", "frontend"]`. */
  group: string[];
  paneId: string;
  cols: number;
  rows: number;
}

export interface Host {
  id: string;
  name: string;
  status: "online" | "offline";
  lastSeen: number | null;
  sessionCount: number;
  error?: string;
}

export interface Health {
  version: string;
  host: { id: string; name: string };
  tmux: string;
}

export interface SessionList {
  sessions: Session[];
  hosts: Host[];
}

export interface Notes {
  text: string;
  updatedAt: number | string | null;
}

/** A session's identity across the page: host plus name. */
export interface SessionRef {
  host: string;
  name: string;
}

/** A stable string key for a session (`local/acme-web`). */
export function sessionKey(ref: SessionRef): string {
  return `${ref.host}/${ref.name}`;
}

/** The API path of one session. */
export function sessionPath(ref: SessionRef): string {
  return `/api/hosts/${encodeURIComponent(ref.host)}/sessions/${encodeURIComponent(ref.name)}`;
}
