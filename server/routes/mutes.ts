/** Owns the mute routes: which sessions notify nobody. Thin over the mute store. */

import { type Context, Hono } from "hono";
import { SessionNotFoundError } from "../../tmux/mod.ts";
import type { RemoteHost } from "../hosts/remote_host.ts";
import type { SessionService } from "../../tmux/mod.ts";
import type { MuteStore } from "../db/mute_store.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { HttpError, readJsonObject } from "../http_error.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { readBroadcastTargets } from "./broadcast.ts";
import { resolveHost } from "./sessions.ts";
import { localSession, remoteSession } from "./session_identity.ts";

export interface MuteRoutesDeps {
  sessions: SessionService;
  mutes: MuteStore;
  monitor: SessionMonitor;
  hosts?: HostRegistry;
}

/**
 * `GET /mutes` lists muted sessions; `PUT /mutes {targets: [{host?, name}], muted}` mutes or
 * unmutes several at once (a group, a selection); `GET|PUT /hosts/:host/sessions/:name/mute` reads
 * or sets one (`{muted: true|false}`). Mutes live on this machine (the manager), for remote
 * sessions too.
 */
export function muteRoutes(deps: MuteRoutesDeps): Hono {
  const { sessions, mutes, hosts } = deps;
  const app = new Hono();

  app.get("/mutes", async (c) => {
    // A fresh list first: its names are the sessions' names now (renames made in tmux too).
    await deps.monitor.current().catch(() => {});
    return c.json({ muted: mutes.list() });
  });

  app.put("/mutes", async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.muted !== "boolean") {
      throw new HttpError(400, "invalid_input", 'Field "muted" must be true or false');
    }
    const targets = readBroadcastTargets(body.targets);
    for (const target of targets) resolveHost(hosts, target.host);
    // Only sessions that exist can be muted (the live list, every host); any mute can be lifted.
    const { sessions: listed } = await deps.monitor.current();
    const found = targets.map((t) => ({
      target: t,
      session: listed.find((s) => s.host === t.host && s.name === t.name),
    }));
    const missing = found.find((f) => f.session === undefined);
    if (body.muted && missing !== undefined) {
      throw new HttpError(
        404,
        "session_not_found",
        `Cannot mute session "${missing.target.name}" on "${missing.target.host}": it does not exist; nothing was muted`,
      );
    }
    mutes.setMany(
      found.flatMap(({ session: s }) =>
        s ? [{ host: s.host, id: s.id, created: s.created, name: s.name }] : []
      ),
      body.muted,
    );
    if (!body.muted) {
      for (const { target } of found.filter((f) => f.session === undefined)) {
        mutes.unmuteNamed(target.host, target.name);
      }
    }
    return c.json({ muted: mutes.list() });
  });

  // A session that does not exist is not muted (reading never fails for a name alone).
  app.get("/hosts/:host/sessions/:name/mute", async (c) => {
    const { host, name } = c.req.param();
    const remote = resolveHost(hosts, host);
    const who = remote ? await remoteOrNull(c, remote, name) : await localOrNull(name);
    const muted = who !== null && !(who instanceof Response) && mutes.isMuted(who);
    return c.json({ host, name, muted });
  });

  app.put("/hosts/:host/sessions/:name/mute", async (c) => {
    const { host, name } = c.req.param();
    const remote = resolveHost(hosts, host);
    const body = await readJsonObject(c);
    if (typeof body.muted !== "boolean") {
      throw new HttpError(400, "invalid_input", 'Field "muted" must be true or false');
    }
    // Only a session that exists can be muted; a mute left by a session that is gone can always
    // be lifted.
    if (body.muted) {
      const who = remote
        ? await remoteSession(c, remote, name)
        : await localSession(sessions, name);
      if (who instanceof Response) return who;
      mutes.set(who, true);
      return c.json({ host, name, muted: true });
    }
    const who = remote ? await remoteOrNull(c, remote, name) : await localOrNull(name);
    if (who !== null && !(who instanceof Response)) mutes.set(who, false);
    mutes.unmuteNamed(host, name);
    return c.json({ host, name, muted: false });
  });

  /** A name no URL can carry ("." and "..") names no session: not muted, as locally. */
  async function remoteOrNull(c: Context, remote: RemoteHost, name: string) {
    try {
      return await remoteSession(c, remote, name);
    } catch (error) {
      if (error instanceof SessionNotFoundError) return null;
      throw error;
    }
  }

  async function localOrNull(name: string) {
    return (await sessions.exists(name))
      ? await localSession(sessions, name).catch(() => null)
      : null;
  }

  return app;
}
