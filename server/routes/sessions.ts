/** Owns the session routes: list, create, get, rename, kill, input, screen, notes. Thin. */

import { withSessionId } from "../agent_conversation/resume_command.ts";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { SessionService } from "../../tmux/mod.ts";
import type { MuteStore } from "../db/mute_store.ts";
import type { NotesStore } from "../db/notes_store.ts";
import type { SessionRecords } from "../db/session_records.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import type { RemoteHost } from "../hosts/remote_host.ts";
import { HttpError, optionalString, readJsonObject } from "../http_error.ts";
import { readSessionInput, typeInput } from "../session_input.ts";
import type { AttentionLedger } from "../attention_ledger.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { toSessionView } from "../session_view.ts";
import { requireValidName, workerPath } from "./session_address.ts";
import { localSession, remoteSession } from "./session_identity.ts";

export interface SessionRoutesDeps {
  sessions: SessionService;
  monitor: SessionMonitor;
  notes: NotesStore;
  mutes: MuteStore;
  /** Who each session is: renames and kills through Maestro update it at once. */
  records: SessionRecords;
  hosts?: HostRegistry;
  /** Told of input typed, renames and kills (so statuses know what Maestro did). */
  ledger?: AttentionLedger;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** null for this machine, the remote host otherwise; an unknown host is a clear 404. */
export function resolveHost(hosts: HostRegistry | undefined, host: string): RemoteHost | null {
  if (host === "local") return null;
  if (!hosts) {
    throw new HttpError(
      404,
      "host_not_found",
      `Host "${host}" is not known: the only host is "local"`,
    );
  }
  return hosts.get(host);
}

/**
 * Forward a request to a worker with the worker's token and answer with its status and JSON,
 * sessions re-tagged with the host id and error messages saying which host answered.
 */
export async function proxyToHost(
  c: Context,
  remote: RemoteHost,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const id = remote.record.id;
  let response: Response;
  try {
    response = await remote.request(method, path, body);
  } catch (error) {
    throw new HttpError(
      503,
      "host_offline",
      `Host "${id}" is unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (response.status === 204) {
    await response.body?.cancel();
    return c.body(null, 204);
  }
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(
      502,
      "host_error",
      `Host "${id}" answered HTTP ${response.status} without JSON`,
    );
  }
  const status = response.status as ContentfulStatusCode;
  if (!response.ok) {
    const error = json.error as { code?: string; message?: string } | undefined;
    return c.json({
      error: {
        code: error?.code ?? "host_error",
        message: `On host "${id}": ${error?.message ?? `HTTP ${response.status}`}`,
      },
    }, status);
  }
  if (typeof json.host === "string") json.host = id;
  return c.json(json, status);
}

export function sessionRoutes(deps: SessionRoutesDeps): Hono {
  const { sessions, monitor, notes, records, hosts } = deps;
  const app = new Hono();
  const host = (c: Context) => resolveHost(hosts, c.req.param("host") ?? "");

  app.get("/sessions", async (c) => c.json(await monitor.recent()));

  app.post("/sessions", async (c) => {
    const body = await readJsonObject(c);
    const hostId = optionalString(body, "host") ?? "local";
    const remote = resolveHost(hosts, hostId);
    const name = body.name;
    if (typeof name !== "string") {
      throw new HttpError(400, "invalid_name", 'Field "name" is required and must be a string');
    }
    requireValidName(name);
    const cwd = optionalString(body, "cwd");
    const command = optionalString(body, "command");
    const request = {
      name,
      ...(cwd !== undefined && cwd !== "" ? { cwd } : {}),
      ...(command !== undefined ? { command } : {}),
    };
    if (remote) {
      const response = await proxyToHost(c, remote, "POST", "/api/sessions", request);
      monitor.republish();
      return response;
    }
    if (command !== undefined && command.trim() !== "") deps.ledger?.launched(name);
    // Claude Code takes a session id at start: Maestro chooses it, so the
    // conversation can be resumed by its id after a reboot. The record keeps the line as given.
    const launched = command === undefined ? null : withSessionId(command, crypto.randomUUID());
    const info = await sessions.create(
      launched === null ? request : { ...request, command: launched },
    );
    records.saveStart(
      { host: "local", id: info.id, created: info.created, name: info.name },
      { command: command ?? "", cwd: info.cwd },
    );
    monitor.refresh().catch(() => {});
    return c.json(toSessionView(hostId, info, nowSeconds()), 201);
  });

  app.get("/hosts/:host/sessions/:name", async (c) => {
    const name = c.req.param("name");
    const remote = host(c);
    if (remote) return await proxyToHost(c, remote, "GET", workerPath(name));
    return c.json(await monitor.view(await sessions.get(name)));
  });

  app.patch("/hosts/:host/sessions/:name", async (c) => {
    const { host: hostId, name } = c.req.param();
    const remote = host(c);
    const body = await readJsonObject(c);
    const to = body.name;
    if (typeof to !== "string") {
      throw new HttpError(400, "invalid_name", 'Field "name" (the new name) must be a string');
    }
    // Notes and mutes follow the session's identity; its record learns the new name now (the
    // next list would tell it too).
    if (remote) {
      requireValidName(to);
      const response = await proxyToHost(c, remote, "PATCH", workerPath(name), { name: to });
      if (response.ok) {
        const view = await response.clone().json() as { id?: unknown; created?: unknown };
        if (typeof view.id === "string" && typeof view.created === "number") {
          records.rename({ host: hostId, id: view.id, created: view.created }, to);
        }
      }
      return response;
    }
    const info = await sessions.rename(name, to);
    deps.ledger?.renamed(name, to);
    records.rename({ host: hostId, id: info.id, created: info.created }, info.name);
    monitor.refresh().catch(() => {});
    return c.json(toSessionView(hostId, info, nowSeconds()));
  });

  app.delete("/hosts/:host/sessions/:name", async (c) => {
    const { name } = c.req.param();
    const remote = host(c);
    // Killed on purpose: never offered for restoring, and, once the undo window is over,
    // forgotten with its notes and mute, so nothing passes to the next session given its name.
    if (remote) {
      const who = await remoteSession(c, remote, name);
      if (who instanceof Response) return who;
      const response = await proxyToHost(c, remote, "DELETE", workerPath(name));
      if (response.ok) records.kill(who);
      return response;
    }
    const who = await localSession(sessions, name);
    await sessions.kill(name);
    deps.ledger?.ended(name);
    records.kill(who);
    monitor.refresh().catch(() => {});
    return c.body(null, 204);
  });

  app.post("/hosts/:host/sessions/:name/input", async (c) => {
    const name = c.req.param("name");
    const remote = host(c);
    const input = readSessionInput(await readJsonObject(c));
    if (remote) return await proxyToHost(c, remote, "POST", workerPath(name, "/input"), input);
    await typeInput(
      sessions,
      name,
      input,
      (typed, interrupt) => interrupt ? deps.ledger?.interrupted(typed) : deps.ledger?.input(typed),
    );
    return c.body(null, 204);
  });

  app.get("/hosts/:host/sessions/:name/screen", async (c) => {
    const name = c.req.param("name");
    const remote = host(c);
    const ansi = c.req.query("ansi") === "1";
    if (remote) {
      return await proxyToHost(
        c,
        remote,
        "GET",
        workerPath(name, ansi ? "/screen?ansi=1" : "/screen"),
      );
    }
    return c.json(await sessions.capture(name, { ansi }));
  });

  // Notes live on this machine (the manager), for local and remote sessions alike, under the
  // session's identity, found by the name it has now (whatever it is: made outside Maestro, it
  // need not follow the name rule). A session that does not exist has no notes: a 404.
  app.get("/hosts/:host/sessions/:name/notes", async (c) => {
    const who = await identify(c);
    return who instanceof Response ? who : c.json(notes.get(who));
  });

  app.put("/hosts/:host/sessions/:name/notes", async (c) => {
    host(c);
    const body = await readJsonObject(c);
    if (typeof body.text !== "string") {
      throw new HttpError(400, "invalid_input", 'Field "text" must be a string');
    }
    const who = await identify(c);
    return who instanceof Response ? who : c.json(notes.put(who, body.text));
  });

  /** The addressed session's identity, or the worker's answer when it cannot give one. */
  async function identify(c: Context) {
    const remote = host(c);
    const name = c.req.param("name") ?? "";
    return remote ? await remoteSession(c, remote, name) : await localSession(sessions, name);
  }

  return app;
}
