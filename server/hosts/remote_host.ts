/**
 * Owns the live link to one worker: its event stream, its state, requests made to it, and telling
 * whatever else it relays (terminals) when that link is lost.
 */

import type { Logger } from "../logger.ts";
import type { SessionView } from "../session_view.ts";
import type { HostRecord } from "./host_store.ts";
import { WsClient } from "./ws_client.ts";

/** How often a manager pings each worker by default, ms. */
export const DEFAULT_HOST_PING_MS = 2000;

export type HostStatus = "online" | "offline" | "connecting" | "disabled";

/** What the manager knows of a worker right now. */
export interface RemoteHostState {
  status: HostStatus;
  /** Why it is offline. */
  error: string | null;
  /** Unix seconds of the last message from the worker. */
  lastSeen: number | null;
  /** The worker's sessions, tagged with this host's id (kept, greyed, while offline). */
  sessions: SessionView[];
}

export interface RemoteHostOptions {
  logger: Logger;
  /** Called whenever the state changes. */
  onChange: () => void;
  /** Ping interval while connected, ms; the link is dropped after 3 silent intervals. */
  pingMs?: number;
  /** Reconnect back-off bounds, ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** A body {@link RemoteHost.request} sends as it is (an upload), with its own headers. */
export class RawBody {
  constructor(
    readonly bytes: Uint8Array<ArrayBuffer>,
    readonly headers: Record<string, string>,
    /** Bytes take longer than a JSON call: up to this many ms. */
    readonly timeoutMs = 120_000,
  ) {}
}

/**
 * Keeps a WebSocket to the worker's `/api/events` open (with the worker's token), re-tags its
 * sessions with this host's id, and reconnects with exponential back-off while it is down.
 */
export class RemoteHost implements AsyncDisposable {
  readonly record: HostRecord;
  readonly #options: RemoteHostOptions;
  readonly #lostListeners = new Set<(reason: string) => void>();
  #state: RemoteHostState;
  #client: WsClient | null = null;
  #loop: Promise<void> | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;
  readonly #httpClient: Deno.HttpClient | null;

  constructor(record: HostRecord, options: RemoteHostOptions) {
    this.record = record;
    this.#options = options;
    this.#state = {
      status: record.enabled ? "connecting" : "disabled",
      error: null,
      lastSeen: null,
      sessions: [],
    };
    this.#httpClient = record.caCert ? Deno.createHttpClient({ caCerts: [record.caCert] }) : null;
  }

  get state(): RemoteHostState {
    return this.#state;
  }

  /**
   * Call `listener` with the reason each time the link goes from online to down — a worker that
   * stopped answering pings included — and when this host is stopped (removed, edited, manager
   * closing). Relays end on it, so they learn of a silent worker as soon as the host does.
   * Returns the unsubscribe.
   */
  onLinkLost(listener: (reason: string) => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  /** Start the event link (no-op when disabled). */
  start(): void {
    if (!this.record.enabled || this.#loop) return;
    this.#loop = this.#run();
  }

  /**
   * Make a request to the worker's API with the worker's token (never the manager's); `signal`
   * may end it sooner than the 10 s limit.
   */
  async request(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.record.token}` };
    if (body instanceof RawBody) {
      Object.assign(headers, body.headers);
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
    }
    const timeoutMs = body instanceof RawBody ? body.timeoutMs : 10_000;
    return await fetch(new URL(path, this.record.url), {
      method,
      headers,
      ...(body instanceof RawBody
        ? { body: body.bytes }
        : body !== undefined
        ? { body: JSON.stringify(body) }
        : {}),
      ...(this.#httpClient ? { client: this.#httpClient } : {}),
      signal: signal
        ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal])
        : AbortSignal.timeout(timeoutMs),
    });
  }

  /** Open a WebSocket to a path on the worker (ws:// or wss:// following the host's URL). */
  async connect(path: string): Promise<WsClient> {
    const url = new URL(path, this.record.url);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return await WsClient.connect(url.href, {
      headers: { authorization: `Bearer ${this.record.token}` },
      ...(this.record.caCert ? { caCerts: [this.record.caCert] } : {}),
    });
  }

  #set(patch: Partial<RemoteHostState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#options.onChange();
  }

  async #run(): Promise<void> {
    const minBackoff = this.#options.minBackoffMs ?? 500;
    const maxBackoff = this.#options.maxBackoffMs ?? 30_000;
    let backoff = minBackoff;
    while (!this.#stopped) {
      let reason = "";
      try {
        const client = await this.connect("/api/events");
        this.#client = client;
        backoff = minBackoff;
        reason = await this.#readEvents(client);
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      } finally {
        this.#client = null;
      }
      if (this.#stopped) break;
      this.#options.logger.debug("Host link down", { host: this.record.id, reason });
      const wasOnline = this.#state.status === "online";
      this.#set({
        status: "offline",
        error: reason,
        sessions: this.#state.sessions.map((s) => ({ ...s })),
      });
      if (wasOnline) this.#linkLost(reason);
      await this.#sleep(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  #linkLost(reason: string): void {
    for (const listener of [...this.#lostListeners]) {
      try {
        listener(reason);
      } catch (error) {
        this.#options.logger.warn("A host link listener failed", {
          host: this.record.id,
          error: String(error),
        });
      }
    }
  }

  /** Read events until the link drops; returns why it dropped. */
  async #readEvents(client: WsClient): Promise<string> {
    const pingMs = this.#options.pingMs ?? DEFAULT_HOST_PING_MS;
    const silenceMs = pingMs * 3;
    let silent = false;
    const pinger = setInterval(() => {
      if (Date.now() - client.lastReceived > silenceMs) {
        // No FIN ever comes from a machine that vanished: only the missing pongs tell.
        silent = true;
        client.close(1001, "no answer to pings").catch(() => {});
      } else {
        client.ping();
      }
    }, pingMs);
    try {
      while (true) {
        const message = await client.next();
        if (!message) {
          if (silent) return `no answer to pings for ${silenceMs} ms`;
          return client.closeReason ||
            (client.closeCode
              ? `the worker closed the link (${client.closeCode})`
              : "the worker went away");
        }
        if (message.binary) continue;
        const event = JSON.parse(new TextDecoder().decode(message.data));
        if (event?.type !== "sessions" || !Array.isArray(event.sessions)) continue;
        const sessions = (event.sessions as SessionView[]).map((s) => ({
          ...s,
          host: this.record.id,
        }));
        this.#set({
          status: "online",
          error: null,
          lastSeen: Math.floor(Date.now() / 1000),
          sessions,
        });
      }
    } finally {
      clearInterval(pinger);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    this.#linkLost("the manager closed its link to the host");
    this.#lostListeners.clear();
    this.#wake?.();
    await this.#client?.close(1001, "manager closing");
    await this.#loop;
    this.#httpClient?.close();
  }
}
