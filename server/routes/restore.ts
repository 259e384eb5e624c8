/**
 * Owns the restore routes: `GET /restorable` lists sessions that vanished without being killed
 * through Maestro; `POST /restore {names?, all?, rerun?, undo?, host?}` rebuilds them (with
 * `undo`, the ones just killed through Maestro) and
 * `DELETE /restorable/:name` forgets one. Thin over
 * {@link SessionRestorer}; a worker's are reached through it.
 */

import { Hono } from "hono";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { HttpError, optionalString, readJsonObject } from "../http_error.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import type { SessionRestorer } from "../session_restorer.ts";
import type { SessionRecords } from "../db/session_records.ts";
import type { RestoreResult } from "../../protocol/restorable.ts";
import { proxyToHost, resolveHost } from "./sessions.ts";

export interface RestoreRoutesDeps {
  restorer: SessionRestorer;
  records: SessionRecords;
  monitor: SessionMonitor;
  hosts?: HostRegistry;
}

/** Most names one request may restore. */
export const MAX_RESTORE_NAMES = 500;

export function restoreRoutes(deps: RestoreRoutesDeps): Hono {
  const { restorer, monitor, hosts } = deps;
  const app = new Hono();

  app.get("/restorable", async (c) => {
    const host = c.req.query("host") ?? "local";
    const remote = resolveHost(hosts, host);
    if (remote) return await retagged(await proxyToHost(c, remote, "GET", "/api/restorable"), host);
    // A fresh list first: a session gone since the last one is found gone now.
    await monitor.current();
    return c.json({ restorable: restorer.list() });
  });

  // Killed by hand in tmux, say, and not wanted back: forgotten with its notes and mute.
  app.delete("/restorable/:name", async (c) => {
    const host = c.req.query("host") ?? "local";
    const name = c.req.param("name");
    const remote = resolveHost(hosts, host);
    if (remote) {
      return await proxyToHost(
        c,
        remote,
        "DELETE",
        `/api/restorable/${encodeURIComponent(name)}`,
      );
    }
    await monitor.current();
    restorer.forget(name);
    return c.body(null, 204);
  });

  app.post("/restore", async (c) => {
    const body = await readJsonObject(c);
    const host = optionalString(body, "host") ?? "local";
    const remote = resolveHost(hosts, host);
    const names = readNames(body);
    for (const flag of ["rerun", "undo"]) {
      if (body[flag] !== undefined && typeof body[flag] !== "boolean") {
        throw new HttpError(400, "invalid_input", `Field "${flag}" must be true or false`);
      }
    }
    const undo = body.undo === true;
    if (undo && names === null) {
      throw new HttpError(400, "invalid_input", 'Undoing a kill takes "names", not "all"');
    }
    if (remote) {
      const { host: _, ...rest } = body;
      await monitor.current().catch(() => {});
      const response = await retagged(
        await proxyToHost(c, remote, "POST", "/api/restore", rest),
        host,
      );
      if (response.ok) {
        const { results } = await response.clone().json() as { results: RestoreResult[] };
        for (const r of results) {
          if (r.ok && r.id !== undefined && r.created !== undefined) {
            deps.records.restoredElsewhere(
              { host, id: r.id, created: r.created, name: r.name },
              undo,
            );
          }
        }
      }
      monitor.republish();
      return response;
    }
    await monitor.current();
    const results = await restorer.restore(names, body.rerun === true, undo);
    monitor.refresh().catch(() => {});
    return c.json({ results }, results.every((r) => r.ok) ? 200 : 207);
  });

  return app;
}

/** A worker's answer with its sessions and results named by the host id the manager knows. */
async function retagged(response: Response, host: string): Promise<Response> {
  if (!response.ok) return response;
  const body = await response.json() as Record<string, unknown>;
  for (const key of ["restorable", "results"]) {
    const list = body[key];
    if (Array.isArray(list)) body[key] = list.map((entry) => ({ ...entry, host }));
  }
  return Response.json(body, { status: response.status });
}

/** `names` (a non-empty list of strings) or `all: true`, exactly one of them. */
function readNames(body: Record<string, unknown>): string[] | null {
  const { names, all } = body;
  if (all !== undefined && all !== true) {
    throw new HttpError(400, "invalid_input", 'Field "all" must be true when given');
  }
  if (all === true) {
    if (names !== undefined) {
      throw new HttpError(400, "invalid_input", 'Give either "names" or "all", not both');
    }
    return null;
  }
  if (
    !Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")
  ) {
    throw new HttpError(
      400,
      "invalid_input",
      'Field "names" must be a non-empty list of session names, or give "all": true',
    );
  }
  if (names.length > MAX_RESTORE_NAMES) {
    throw new HttpError(
      400,
      "invalid_input",
      `Cannot restore ${names.length} sessions at once: at most ${MAX_RESTORE_NAMES} names per request`,
    );
  }
  if (new Set(names).size !== names.length) {
    throw new HttpError(400, "invalid_input", 'Field "names" lists a session twice');
  }
  return names;
}
