/** Owns starting and stopping one Maestro server: tmux check, token, database, HTTP listener. */

import { hostname } from "node:os";
import {
  checkTmuxVersion,
  PaneStreams,
  ScreenCapturer,
  SessionService,
  type TmuxOptions,
} from "../tmux/mod.ts";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { MuteStore } from "./db/mute_store.ts";
import { NotesStore } from "./db/notes_store.ts";
import { HostRegistry } from "./hosts/host_registry.ts";
import { HostStore } from "./hosts/host_store.ts";
import { DEFAULT_CONNECTION_LIMITS, limitsForOpenFiles } from "./listener/connection_policy.ts";
import { GuardedListener } from "./listener/guarded_listener.ts";
import { raiseOpenFileLimit } from "./listener/open_file_limit.ts";
import type { Logger } from "./logger.ts";
import { OverviewService } from "./overview/overview_service.ts";
import { SessionMonitor } from "./session_monitor.ts";
import { StaticAssets } from "./static_assets.ts";
import { loadOrCreateToken } from "./token_store.ts";
import { VERSION } from "./version.ts";

export interface RunningServer extends AsyncDisposable {
  /** Base URL, e.g. http://127.0.0.1:23000 */
  readonly url: string;
  readonly port: number;
  /** The token (null with --no-auth). */
  readonly token: string | null;
  /** The URL to open in a browser (with the token). */
  readonly dashboardUrl: string;
  readonly finished: Promise<void>;
}

/** The tmux options a config describes (environment passed in, read once by main.ts). */
export function tmuxOptionsFrom(config: Config, env: Record<string, string>): TmuxOptions {
  return {
    env,
    ...(config.tmuxSocket !== undefined ? { socket: config.tmuxSocket } : {}),
    ...(config.tmuxConfig !== undefined ? { configFile: config.tmuxConfig } : {}),
  };
}

/** Start serving; resolves once the listener is up. Throws a clear error if tmux is unusable. */
export async function startServer(
  config: Config,
  env: Record<string, string>,
  logger: Logger,
): Promise<RunningServer> {
  // First, so everything opened below counts against the raised limit.
  const openFiles = raiseOpenFileLimit(logger);
  const tmuxOptions = tmuxOptionsFrom(config, env);
  const [tmuxVersion, loaded, assets] = await Promise.all([
    checkTmuxVersion(tmuxOptions),
    config.noAuth ? Promise.resolve(null) : loadOrCreateToken(config.home),
    StaticAssets.load(),
  ]);
  if (loaded?.repairedMode) {
    logger.warn("The token file was readable by others; its mode is now 600");
  }
  const token = config.noAuth ? null : config.token ?? loaded?.token ?? null;
  if (config.noAuth) await Deno.mkdir(config.home, { recursive: true, mode: 0o700 });
  const db = openDatabase(config.home);
  const sessions = new SessionService(tmuxOptions);
  const streams = new PaneStreams(tmuxOptions);
  const hostName = hostname();
  // The registry's changes feed the monitor, which is created right after it.
  let monitor: SessionMonitor | null = null;
  const hosts = new HostRegistry({
    store: new HostStore(db),
    logger,
    onChange: () => monitor?.republish(),
  });
  const screens = new ScreenCapturer(tmuxOptions);
  monitor = new SessionMonitor({
    lister: sessions,
    screens,
    hostName,
    logger,
    remotes: {
      sessions: () => hosts.list().flatMap((host) => host.state.sessions),
      hosts: () => hosts.list().map((host) => hosts.details(host)),
    },
  });
  const overview = new OverviewService({
    sessions: monitor,
    screens,
    openRemote: (hostId) => hosts.get(hostId).connect("/api/overview"),
    logger,
  });
  const app = createApp({
    overview,
    hosts,
    sessions,
    streams,
    monitor,
    notes: new NotesStore(db),
    mutes: new MuteStore(db),
    security: { token },
    assets,
    logger,
    info: { version: VERSION, hostName, tmuxVersion },
  });

  const tls = config.tlsCert !== undefined && config.tlsKey !== undefined
    ? { cert: await Deno.readTextFile(config.tlsCert), key: await Deno.readTextFile(config.tlsKey) }
    : null;
  const limits = limitsForOpenFiles(
    { ...DEFAULT_CONNECTION_LIMITS, ...config.connectionLimits },
    openFiles?.soft ?? null,
  );
  logger.debug("Connection limits", { ...limits, openFiles: openFiles?.soft ?? "unknown" });
  const listener = GuardedListener.listen({
    hostname: config.host,
    port: config.port,
    tls,
    limits,
    logger,
    handler: (request, env) => app.fetch(request, env),
  });
  const addr = listener.addr;
  const shownHost = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://${shownHost === "0.0.0.0" ? "127.0.0.1" : shownHost}:${addr.port}`;
  hosts.start();
  let disposed = false;
  return {
    url,
    port: addr.port,
    token,
    dashboardUrl: token === null ? `${url}/` : `${url}/?token=${token}`,
    finished: listener.finished,
    async [Symbol.asyncDispose]() {
      if (disposed) return;
      disposed = true;
      await overview[Symbol.asyncDispose]();
      monitor?.[Symbol.dispose]();
      await hosts[Symbol.asyncDispose]();
      const stopped = listener[Symbol.asyncDispose]();
      await streams[Symbol.asyncDispose]();
      await stopped;
      db.close();
    },
  };
}
