/** Owns the page's HTTP calls: JSON in and out, API errors surfaced as `ApiError`. */

import type { SearchResult } from "../../protocol/search.ts";
import type {
  Health,
  HostDetails,
  HostInput,
  HostPatch,
  Notes,
  Session,
  SessionList,
  SessionRef,
} from "./types.ts";
import { sessionPath } from "./types.ts";
import { type PageCredential, pageCredential } from "./page_credential.ts";
import type { BroadcastResult } from "../../protocol/broadcast.ts";
import type { RestorableSession, RestoreResult } from "../../protocol/restorable.ts";

export type { BroadcastResult };

/** What a broadcast types: text, then tmux key names (`C-c`, `Escape`), then Enter. */
export interface BroadcastInput {
  text?: string;
  keys?: string[];
  enter?: boolean;
}

/** A failed API call: the server's `{error: {code, message}}`, or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export interface CreateSessionInput {
  name: string;
  host?: string;
  cwd?: string;
  command?: string;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  readonly #fetch: Fetch;
  readonly #credential: PageCredential;

  constructor(
    fetchImpl: Fetch = (input, init) => fetch(input, init),
    credential: PageCredential = pageCredential,
  ) {
    this.#fetch = fetchImpl;
    this.#credential = credential;
  }

  /** Send a request; resolves to the parsed JSON body (undefined for 204). */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    { keepalive = false, headers: extra = {} }: {
      keepalive?: boolean;
      /** Extra request headers (an upload's file name). */
      headers?: Record<string, string>;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json", ...extra };
    // A Blob (a file) goes as it is; anything else as JSON.
    const raw = body instanceof Blob;
    if (body !== undefined && !raw) headers["content-type"] = "application/json";
    const credential = this.#credential.get();
    if (credential !== null) headers.authorization = `Bearer ${credential}`;
    // No cookie is ever needed: the credential is the header.
    const init: RequestInit = { method, credentials: "omit", headers };
    // A keepalive request outlives the page (a note saved as the tab closes).
    if (keepalive) init.keepalive = true;
    if (body !== undefined) init.body = raw ? body : JSON.stringify(body);
    let response: Response;
    try {
      response = await this.#fetch(path, init);
    } catch (error) {
      throw new ApiError(0, "network", `Cannot reach Maestro: ${(error as Error).message}`);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown = undefined;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        if (!response.ok) {
          throw new ApiError(response.status, "http", `${method} ${path} failed: ${text.trim()}`);
        }
        throw new ApiError(response.status, "bad_response", `${method} ${path}: not JSON`);
      }
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = typeof error?.code === "string" ? error.code : "http";
      const message = typeof error?.message === "string"
        ? error.message
        : `${method} ${path} failed with HTTP ${response.status}`;
      throw new ApiError(response.status, code, message);
    }
    return json as T;
  }

  health(): Promise<Health> {
    return this.request("GET", "/api/health");
  }

  /** Trade the token for this page's own credential, kept in the page's storage. */
  async login(token: string): Promise<void> {
    const { credential } = await this.request<{ credential: string | null }>(
      "POST",
      "/api/login",
      { token },
    );
    this.#credential.set(credential);
  }

  /** End this page's sign-in, or every browser's (`everywhere`); the page forgets its credential. */
  async logout(everywhere = false): Promise<void> {
    try {
      await this.request("POST", "/api/logout", { everywhere });
    } finally {
      this.#credential.set(null);
    }
  }

  /** Forget a credential the server no longer accepts. */
  forgetCredential(): void {
    this.#credential.set(null);
  }

  sessions(): Promise<SessionList> {
    return this.request("GET", "/api/sessions");
  }

  createSession(input: CreateSessionInput): Promise<Session> {
    return this.request("POST", "/api/sessions", input);
  }

  renameSession(ref: SessionRef, name: string): Promise<Session> {
    return this.request("PATCH", sessionPath(ref), { name });
  }

  killSession(ref: SessionRef): Promise<void> {
    return this.request("DELETE", sessionPath(ref));
  }

  notes(ref: SessionRef): Promise<Notes> {
    return this.request("GET", `${sessionPath(ref)}/notes`);
  }

  /** Save a note; `keepalive` lets the request finish after the page is gone. */
  saveNotes(ref: SessionRef, text: string, { keepalive = false } = {}): Promise<Notes> {
    return this.request("PUT", `${sessionPath(ref)}/notes`, { text }, { keepalive });
  }

  /** Type one input into several sessions: one result per target, failed ones included. */
  async broadcast(targets: SessionRef[], input: BroadcastInput): Promise<BroadcastResult[]> {
    const targetList = targets.map(({ host, name }) => ({ host, name }));
    const body = await this.request<{ results: BroadcastResult[] }>("POST", "/api/broadcast", {
      targets: targetList,
      ...input,
    });
    return body.results;
  }

  /** Mute or unmute a session's notifications (kept on the server). */
  setMuted(ref: SessionRef, muted: boolean): Promise<SessionRef & { muted: boolean }> {
    return this.request("PUT", `${sessionPath(ref)}/mute`, { muted });
  }

  /**
   * Choose option `option` of the prompt `promptId` a session shows; the server types it only
   * while that same prompt is on screen (409 otherwise, nothing typed).
   */
  answer(ref: SessionRef, promptId: string, option: string): Promise<unknown> {
    return this.request("POST", `${sessionPath(ref)}/answer`, { promptId, option });
  }

  /** Mute or unmute several sessions at once (all or none); the muted list that results. */
  async setMutedMany(targets: SessionRef[], muted: boolean): Promise<SessionRef[]> {
    const body = await this.request<{ muted: SessionRef[] }>("PUT", "/api/mutes", {
      targets: targets.map(({ host, name }) => ({ host, name })),
      muted,
    });
    return body.muted;
  }

  /** Find `query` on every session's screen and `scrollback` lines above it, on every host. */
  search(query: string, scrollback: number): Promise<SearchResult> {
    const params = new URLSearchParams({ q: query, scrollback: String(scrollback) });
    return this.request("GET", `/api/search?${params}`);
  }

  /** The sessions of `host` that vanished without being killed through Maestro. */
  async restorable(host: string): Promise<RestorableSession[]> {
    const query = host === "local" ? "" : `?host=${encodeURIComponent(host)}`;
    const body = await this.request<{ restorable: RestorableSession[] }>(
      "GET",
      `/api/restorable${query}`,
    );
    return body.restorable;
  }

  /**
   * Bring back sessions of `host` (`names`, or every one with "all"; with `undo`, named ones
   * this page or anyone just killed): one result per name, the failed ones included (the server
   * answers 207 then).
   */
  async restore(
    host: string,
    names: string[] | "all",
    { undo = false } = {},
  ): Promise<RestoreResult[]> {
    const body = await this.request<{ results: RestoreResult[] }>("POST", "/api/restore", {
      ...(names === "all" ? { all: true } : { names }),
      ...(undo ? { undo: true } : {}),
      ...(host === "local" ? {} : { host }),
    });
    return body.results;
  }

  /** Stop offering a vanished session back; its notes and mute are dropped with it. */
  forgetRestorable(ref: SessionRef): Promise<void> {
    const query = ref.host === "local" ? "" : `?host=${encodeURIComponent(ref.host)}`;
    return this.request("DELETE", `/api/restorable/${encodeURIComponent(ref.name)}${query}`);
  }

  /** Every host with its state, URL and TLS settings (tokens are never returned). */
  async hosts(): Promise<HostDetails[]> {
    const body = await this.request<{ hosts: HostDetails[] }>("GET", "/api/hosts");
    return body.hosts;
  }

  /** Add a worker; the server tests it first (reachable, token accepted, compatible). */
  addHost(input: HostInput): Promise<HostDetails> {
    return this.request("POST", "/api/hosts", input);
  }

  updateHost(id: string, patch: HostPatch): Promise<HostDetails> {
    return this.request("PATCH", `/api/hosts/${encodeURIComponent(id)}`, patch);
  }

  removeHost(id: string): Promise<void> {
    return this.request("DELETE", `/api/hosts/${encodeURIComponent(id)}`);
  }
}
