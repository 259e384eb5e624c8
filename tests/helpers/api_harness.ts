/** Owns an in-process Maestro app (`app.request()`, no listener) over a private tmux server. */

import type { Hono } from "hono";
import { PaneStreams, ScreenCapturer, SessionService } from "../../tmux/mod.ts";
import { Access } from "../../server/access.ts";
import { createApp } from "../../server/app.ts";
import { PageSessionStore } from "../../server/db/page_session_store.ts";
import { type Database, openDatabase } from "../../server/db/database.ts";
import { MuteStore } from "../../server/db/mute_store.ts";
import { NotesStore } from "../../server/db/notes_store.ts";
import { SessionRecords } from "../../server/db/session_records.ts";
import { SessionRecorder } from "../../server/session_recorder.ts";
import { nullLogger } from "../../server/logger.ts";
import { SessionMonitor } from "../../server/session_monitor.ts";
import { StaticAssets } from "../../server/static_assets.ts";
import { VERSION } from "../../server/version.ts";
import { PrivateTmux } from "./private_tmux.ts";

/** The Host header every request sends: the address a browser would use for the default port. */
export const API_HOST = "127.0.0.1:23000";

/** Options for one {@linkcode ApiHarness.request}. */
export interface ApiRequestInit {
  method?: string;
  /** Sent as JSON (objects) or verbatim (strings, bytes). */
  body?: unknown;
  /** Replaces or removes (undefined) the default headers. */
  headers?: Record<string, string | undefined>;
}

/** An app built like server.ts builds it, with a token, a temporary home and a private tmux. */
export class ApiHarness implements AsyncDisposable {
  readonly token: string;
  readonly tmux: PrivateTmux;
  readonly home: string;
  readonly sessions: SessionService;
  readonly app: Hono;
  /** The app's credentials (sign-ins can be inspected and ended through it). */
  readonly access: Access;
  /** Records shapes in the background; `await recorder.settled()` before reading them. */
  readonly recorder: SessionRecorder;
  readonly #db: Database;
  readonly #monitor: SessionMonitor;
  readonly #streams: PaneStreams;

  private constructor(
    token: string,
    tmux: PrivateTmux,
    home: string,
    db: Database,
    assets: StaticAssets,
  ) {
    this.token = token;
    this.tmux = tmux;
    this.home = home;
    this.#db = db;
    this.access = new Access({ token, store: new PageSessionStore(db) });
    this.sessions = new SessionService(tmux.options);
    this.#streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
    const records = new SessionRecords(db);
    this.recorder = new SessionRecorder({
      records,
      readShapes: (ids) => this.sessions.layouts(ids),
      logger: nullLogger,
    });
    this.#monitor = new SessionMonitor({
      records: this.recorder,
      lister: this.sessions,
      screens: new ScreenCapturer(tmux.options),
      hostName: "test-host",
      logger: nullLogger,
    });
    this.app = createApp({
      sessions: this.sessions,
      streams: this.#streams,
      monitor: this.#monitor,
      records,
      notes: new NotesStore(db, { records }),
      mutes: new MuteStore(db, records),
      security: { access: this.access },
      assets,
      logger: nullLogger,
      info: { version: VERSION, hostName: "test-host", tmuxVersion: "tmux 3.3a" },
    });
  }

  static async start(token = "t0k"): Promise<ApiHarness> {
    const tmux = new PrivateTmux();
    const home = await Deno.makeTempDir({ prefix: "maestro-api-test-" });
    const db = openDatabase(home);
    return new ApiHarness(token, tmux, home, db, await StaticAssets.load());
  }

  /** A request with the Host header and Bearer token unless `init.headers` overrides them. */
  async request(path: string, init: ApiRequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    const wanted: Record<string, string | undefined> = {
      host: API_HOST,
      authorization: `Bearer ${this.token}`,
      ...(init.body !== undefined && typeof init.body === "object" &&
          !(init.body instanceof Uint8Array)
        ? { "content-type": "application/json" }
        : {}),
      ...init.headers,
    };
    for (const [name, value] of Object.entries(wanted)) {
      if (value !== undefined) headers[name] = value;
    }
    let body: BodyInit | undefined;
    if (typeof init.body === "string") body = init.body;
    else if (init.body instanceof Uint8Array) body = init.body as Uint8Array<ArrayBuffer>;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    return await this.app.request(path, {
      method: init.method ?? "GET",
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  /** A request whose JSON answer is returned with its status (204 gives `null`). */
  async json<T = Record<string, unknown>>(
    path: string,
    init: ApiRequestInit = {},
  ): Promise<{ status: number; body: T }> {
    const response = await this.request(path, init);
    const text = await response.text();
    return { status: response.status, body: (text === "" ? null : JSON.parse(text)) as T };
  }

  /** Session names as tmux itself reports them (not through the API). */
  async tmuxSessionNames(): Promise<string[]> {
    return (await this.sessions.list()).map((s) => s.name);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // Routes start a refresh without awaiting it; joining the poll in flight ends it before we go.
    await this.#monitor.current().catch(() => {});
    this.#monitor[Symbol.dispose]();
    await this.recorder[Symbol.asyncDispose]();
    await this.#streams[Symbol.asyncDispose]();
    this.#db.close();
    await this.tmux[Symbol.asyncDispose]();
    await Deno.remove(this.home, { recursive: true });
  }
}

/** Poll `probe` until it returns a value other than undefined; fail naming `what` if it never does. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  attempts = 100,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting for ${what}`);
}
