/** Owns `GET /api/search`: find text on the screens (and scrollback) of every session. Thin. */

import { Hono } from "hono";
import type { SessionService } from "../../tmux/mod.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { readSearchRequest } from "../search/search_request.ts";
import { SessionSearch } from "../search/session_search.ts";

export interface SearchRoutesDeps {
  sessions: SessionService;
  /** A manager's remote hosts, searched too unless `?local=1`. */
  hosts?: HostRegistry;
}

export function searchRoutes(deps: SearchRoutesDeps): Hono {
  const search = new SessionSearch({
    sessions: deps.sessions,
    ...(deps.hosts ? { hosts: deps.hosts } : {}),
  });
  const app = new Hono();
  app.get(
    "/search",
    async (c) => c.json(await search.search(readSearchRequest((name) => c.req.query(name)))),
  );
  return app;
}
