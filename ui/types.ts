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
  /** Unix seconds of the last message from the host, or null if never heard from. */
  lastSeen: number | null;
  sessionCount: number;
  /** Why it is offline: a reason, or "connecting" / "disabled". */
  error?: string;
}

/** A host as `GET /api/hosts` shows it (never its token). */
export interface HostDetails extends Host {
  /** The worker's URL; null for this machine ("local"). */
  url: string | null;
  enabled: boolean;
  tls: boolean;
  trustsCustomCa: boolean;
}

/** `POST /api/hosts`: `ca` is the PEM text of a certificate to trust for an https:// worker. */
export interface HostInput {
  name: string;
  url: string;
  token: string;
  ca?: string;
}

/** `PATCH /api/hosts/:id`: only what changes; `ca: ""` forgets a trusted certificate. */
export interface HostPatch {
  name?: string;
  url?: string;
  token?: string;
  enabled?: boolean;
  ca?: string;
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
