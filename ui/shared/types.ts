/** Owns the shapes of the HTTP API's JSON as the page sees them (DESIGN §5). */

// The server's own shapes (type-only: nothing of server/ ends up in the bundle), so the two
// ends cannot drift.
export type {
  HostView as Host,
  SessionStatus,
  SessionView as Session,
} from "../../server/session_view.ts";
import type { HostView as Host, SessionView as Session } from "../../server/session_view.ts";

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
