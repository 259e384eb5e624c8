/** Owns the shapes of the host routes (`/api/hosts`): what a worker looks like, adding, editing. */

import type { HostView } from "./session.ts";

/** A host as `GET /api/hosts` shows it (never its token). */
export interface HostDetails extends HostView {
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
