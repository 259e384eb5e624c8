/** Owns the mute routes: which sessions notify nobody. Thin over the mute store. */

import { type Context, Hono } from "hono";
import type { SessionService } from "../../tmux/mod.ts";
import type { MuteStore } from "../db/mute_store.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { HttpError, readJsonObject } from "../http_error.ts";
import { workerPath } from "./session_address.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { readBroadcastTargets } from "./broadcast.ts";
import { proxyToHost, resolveHost } from "./sessions.ts";

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
  const answer = (c: Context, host: string, name: string) =>
    c.json({ host, name, muted: mutes.isMuted(host, name) });

  app.get("/mutes", (c) => c.json({ muted: mutes.list() }));

  app.put("/mutes", async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.muted !== "boolean") {
      throw new HttpError(400, "invalid_input", 'Field "muted" must be true or false');
    }
    const targets = readBroadcastTargets(body.targets);
    for (const target of targets) resolveHost(hosts, target.host);
    // Only sessions that exist can be muted (the live list, every host); any mute can be lifted.
    if (body.muted) {
      const { sessions: listed } = await deps.monitor.current();
      const missing = targets.find((t) =>
        !listed.some((s) => s.host === t.host && s.name === t.name)
      );
      if (missing !== undefined) {
        throw new HttpError(
          404,
          "session_not_found",
          `Cannot mute session "${missing.name}" on "${missing.host}": it does not exist; nothing was muted`,
        );
      }
    }
    mutes.setMany(targets, body.muted);
    return c.json({ muted: mutes.list() });
  });

  app.get("/hosts/:host/sessions/:name/mute", (c) => {
    const { host, name } = c.req.param();
    resolveHost(hosts, host);
    return answer(c, host, name);
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
      if (remote) {
        const check = await proxyToHost(c, remote, "GET", workerPath(name));
        if (!check.ok) return check;
      } else if (!(await sessions.exists(name))) {
        await sessions.get(name); // throws the 404
      }
    }
    mutes.set(host, name, body.muted);
    return answer(c, host, name);
  });

  return app;
}
