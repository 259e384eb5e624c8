/** Owns composing the Hono app from its parts: security, routes, static page, error mapping. */

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { PaneStreams, SessionService } from "../tmux/mod.ts";
import type { MuteStore } from "./db/mute_store.ts";
import type { NotesStore } from "./db/notes_store.ts";
import type { SessionRecords } from "./db/session_records.ts";
import { errorHandler, HttpError } from "./http_error.ts";
import type { Logger } from "./logger.ts";
import { broadcastRoutes } from "./routes/broadcast.ts";
import { eventsHandler } from "./routes/events.ts";
import { answerRoutes } from "./routes/answer.ts";
import { muteRoutes } from "./routes/mutes.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { restoreRoutes } from "./routes/restore.ts";
import { SessionRestorer } from "./session_restorer.ts";
import { searchRoutes } from "./routes/search.ts";
import { hostRoutes } from "./routes/hosts.ts";
import type { OverviewService } from "./overview/overview_service.ts";
import { overviewHandler } from "./routes/overview.ts";
import type { HostRegistry } from "./hosts/host_registry.ts";
import { PROTOCOL_VERSION } from "../protocol/terminal_protocol.ts";
import { terminalHandler } from "./routes/terminal.ts";
import {
  authCheck,
  hostCheck,
  legacyCookieSweep,
  loginHandler,
  logoutHandler,
  originCheck,
  type SecurityOptions,
} from "./security.ts";
import type { AttentionLedger } from "./attention_ledger.ts";
import type { SessionMonitor } from "./session_monitor.ts";
import type { StaticAssets } from "./static_assets.ts";
export { MAX_BODY_BYTES } from "../protocol/limits.ts";
import { MAX_BODY_BYTES } from "../protocol/limits.ts";
import { fileRoutes } from "./routes/files.ts";

export interface AppInfo {
  version: string;
  /** The commit it was built from ("dev" from a checkout). */
  commit?: string;
  hostName: string;
  tmuxVersion: string;
}

export interface AppDeps {
  sessions: SessionService;
  streams: PaneStreams;
  monitor: SessionMonitor;
  /** What Maestro did to each session (input, its own redraws, who looks); statuses read it. */
  ledger?: AttentionLedger;
  notes: NotesStore;
  mutes: MuteStore;
  /** The durable record of every session seen, by identity (notes and mutes hang off it). */
  records: SessionRecords;
  security: SecurityOptions;
  assets: StaticAssets;
  logger: Logger;
  info: AppInfo;
  /** Remote hosts (a manager); absent means this machine only. */
  hosts?: HostRegistry;
  maxViewersPerSession?: number;
  /** Live thumbnails of every session (`WS /api/overview`); absent means no such route. */
  overview?: OverviewService;
  maxOverviewSockets?: number;
}

/** Build the whole app; every dependency is passed in, so tests can use `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { logger } = deps;
  app.onError(errorHandler(logger));
  app.notFound((c) =>
    c.json(
      { error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } },
      404,
    )
  );

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(async (c, next) => {
    await next();
    // The page's address may carry the token (the printed URL): never send it on as a referrer.
    c.res.headers.set("referrer-policy", "no-referrer");
  });
  app.use(legacyCookieSweep(logger));
  app.use(hostCheck(deps.security));
  app.use(originCheck());
  app.use(authCheck(deps.security));
  // Before the API's body limit: an upload has its own (UPLOAD_MAX_BYTES).
  app.route("/api", fileRoutes(deps));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(
          413,
          "too_large",
          `Request body is over the ${MAX_BODY_BYTES} byte limit`,
        );
      },
    }),
  );

  app.post("/api/login", loginHandler(deps.security));
  app.post("/api/logout", logoutHandler(deps.security));

  app.get("/api/health", (c) =>
    c.json({
      version: deps.info.version,
      ...(deps.info.commit !== undefined ? { commit: deps.info.commit } : {}),
      host: { id: "local", name: deps.info.hostName },
      tmux: deps.info.tmuxVersion,
      protocol: PROTOCOL_VERSION,
    }));

  app.get("/api/events", eventsHandler(deps.monitor, deps.mutes));
  if (deps.overview) {
    app.get(
      "/api/overview",
      overviewHandler({
        overview: deps.overview,
        ...(deps.maxOverviewSockets ? { maxSockets: deps.maxOverviewSockets } : {}),
      }),
    );
  }
  app.get(
    "/api/hosts/:host/sessions/:name/terminal",
    terminalHandler({
      streams: deps.streams,
      logger,
      ...(deps.ledger ? { ledger: deps.ledger } : {}),
      ...(deps.hosts ? { hosts: deps.hosts } : {}),
      ...(deps.maxViewersPerSession ? { maxViewersPerSession: deps.maxViewersPerSession } : {}),
    }),
  );
  app.route("/api", sessionRoutes(deps));
  app.route("/api", broadcastRoutes(deps));
  app.route("/api", muteRoutes(deps));
  app.route("/api", answerRoutes(deps));
  app.route(
    "/api",
    restoreRoutes({
      monitor: deps.monitor,
      records: deps.records,
      restorer: new SessionRestorer(deps),
      ...(deps.hosts ? { hosts: deps.hosts } : {}),
    }),
  );
  app.route("/api", searchRoutes(deps));
  app.route(
    "/api",
    hostRoutes({ monitor: deps.monitor, ...(deps.hosts ? { hosts: deps.hosts } : {}) }),
  );

  app.get("/*", async (c) => {
    if (c.req.path.startsWith("/api/")) {
      throw new HttpError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`);
    }
    const name = c.req.path === "/" ? "index.html" : c.req.path.slice(1);
    const served = await deps.assets.serve(c, name);
    if (served) return served;
    if (name === "index.html") {
      return c.text("The dashboard is not built: run `deno task bundle`, then reload.", 503);
    }
    throw new HttpError(404, "not_found", `No file ${c.req.path}`);
  });
  return app;
}
