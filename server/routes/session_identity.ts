/**
 * Owns finding who a session addressed by name is: its tmux identity (id and creation time) on
 * this machine or, through the worker, on a remote host. Notes and mutes are kept by identity.
 */

import type { Context } from "hono";
import type { SessionService } from "../../tmux/mod.ts";
import type { SessionRef } from "../db/session_records.ts";
import type { RemoteHost } from "../hosts/remote_host.ts";
import { workerPath } from "./session_address.ts";
import { proxyToHost } from "./sessions.ts";

/** The live local session named exactly `name`; a SessionNotFoundError (404) if there is none. */
export async function localSession(sessions: SessionService, name: string): Promise<SessionRef> {
  const info = await sessions.get(name);
  return { host: "local", id: info.id, created: info.created, name: info.name };
}

/**
 * The live session named exactly `name` on `remote`, as its worker reports it; the worker's
 * answer (a 404, a 503…) when it cannot say.
 */
export async function remoteSession(
  c: Context,
  remote: RemoteHost,
  name: string,
): Promise<SessionRef | Response> {
  const response = await proxyToHost(c, remote, "GET", workerPath(name));
  if (!response.ok) return response;
  const view = await response.json() as { id?: unknown; created?: unknown; name?: unknown };
  if (typeof view.id !== "string" || typeof view.created !== "number") {
    return c.json({
      error: {
        code: "host_error",
        message: `Host "${remote.record.id}" described session "${name}" without its id`,
      },
    }, 502);
  }
  return {
    host: remote.record.id,
    id: view.id,
    created: view.created,
    name: typeof view.name === "string" ? view.name : name,
  };
}
