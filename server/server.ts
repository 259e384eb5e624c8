/** Owns starting and stopping one Maestro server: tmux check, token, database, HTTP listener. */

import { isIP } from "node:net";
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
import { Access } from "./access.ts";
import { AttentionLedger } from "./attention_ledger.ts";
import { openDatabase } from "./db/database.ts";
import { PageSessionStore } from "./db/page_session_store.ts";
import { secureHome } from "./home_dir.ts";
import { MuteStore } from "./db/mute_store.ts";
import { NotesStore } from "./db/notes_store.ts";
import { SessionRecords } from "./db/session_records.ts";
import { SessionRecorder } from "./session_recorder.ts";
import { readPaneAgent } from "./agent_conversation/process_reader.ts";
import { HostRegistry } from "./hosts/host_registry.ts";
import { HostStore } from "./hosts/host_store.ts";
import { DEFAULT_CONNECTION_LIMITS, limitsForOpenFiles } from "./listener/connection_policy.ts";
import { GuardedListener } from "./listener/guarded_listener.ts";
import { raiseOpenFileLimit } from "./listener/open_file_limit.ts";
import type { Logger } from "./logger.ts";
import { MemoryRelease } from "./memory_release.ts";
import { OverviewService } from "./overview/overview_service.ts";
import { SessionMonitor, UNWATCHED_POLL_MS } from "./session_monitor.ts";
import { StaticAssets } from "./static_assets.ts";
import { loadOrCreateToken } from "./token_store.ts";
import { TokenWatch } from "./token_watch.ts";
import { COMMIT, VERSION } from "./version.ts";

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

/**
 * The names this machine is reached by besides its addresses: its host name and, for a dotted
 * one, its first label (`mini.lan` is often typed `mini`). A DNS-rebinding page cannot use them:
 * they resolve through the user's own network, not through the attacker's DNS.
 */
export function ownHostnames(hostName: string): string[] {
  const name = hostName.trim().toLowerCase();
  if (name === "" || isIP(name) !== 0) return [];
  const first = name.split(".")[0] ?? "";
  return first !== "" && first !== name ? [name, first] : [name];
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
  const home = await secureHome(config.home);
  if (home.tightenedFrom !== null) {
    logger.warn(
      `Maestro's home was open to others (mode ${home.tightenedFrom.toString(8)}); it is now 700`,
      { home: config.home },
    );
  }
  const [tmuxVersion, loaded, assets] = await Promise.all([
    checkTmuxVersion(tmuxOptions),
    config.noAuth ? Promise.resolve(null) : loadOrCreateToken(config.home),
    StaticAssets.load(),
  ]);
  if (loaded?.repairedMode) {
    logger.warn("The token file was readable by others; its mode is now 600");
  }
  const token = config.noAuth ? null : config.token ?? loaded?.token ?? null;
  const db = openDatabase(config.home);
  const access = new Access({ token, store: new PageSessionStore(db) });
  // A token given with --token is not the file's: rotating the file does not change it.
  const tokenWatch = token !== null && config.token === undefined
    ? new TokenWatch(config.home, (next) => {
      if (access.setToken(next)) logger.info("The token changed: every page must sign in again");
    }, (error) => logger.warn("Cannot read the rotated token", { error: String(error) }))
    : null;
  const sessions = new SessionService(
    tmuxOptions,
    config.historyLimit !== undefined ? { historyLimit: config.historyLimit } : {},
  );
  const streams = new PaneStreams(tmuxOptions);
  const hostName = hostname();
  // The registry's changes feed the monitor, which is created right after it.
  let monitor: SessionMonitor | null = null;
  const hosts = new HostRegistry({
    store: new HostStore(db),
    logger,
    onChange: () => monitor?.republish(),
    ...(config.hostPingMs !== undefined ? { link: { pingMs: config.hostPingMs } } : {}),
  });
  const screens = new ScreenCapturer(tmuxOptions);
  const ledger = new AttentionLedger();
  const records = new SessionRecords(db);
  const recorder = new SessionRecorder({
    records,
    readShapes: (ids) => sessions.layouts(ids),
    readAgent: (pid) => readPaneAgent(pid),
    logger,
  });
  monitor = new SessionMonitor({
    records: recorder,
    unwatchedIntervalMs: UNWATCHED_POLL_MS,
    lister: sessions,
    screens,
    ledger,
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
    ledger,
    records,
    notes: new NotesStore(db, { records }),
    mutes: new MuteStore(db, records),
    security: { access, allowedHostnames: [...ownHostnames(hostName), ...config.allowHosts] },
    assets,
    logger,
    info: { version: VERSION, commit: COMMIT, hostName, tmuxVersion },
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
  const memory = new MemoryRelease({ logger });
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
      await recorder[Symbol.asyncDispose]();
      await hosts[Symbol.asyncDispose]();
      tokenWatch?.[Symbol.dispose]();
      const stopped = listener[Symbol.asyncDispose]();
      await streams[Symbol.asyncDispose]();
      await stopped;
      memory[Symbol.dispose]();
      db.close();
    },
  };
}
