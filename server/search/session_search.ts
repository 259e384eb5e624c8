/**
 * Owns running one search across sessions: capturing this machine's panes through the
 * SessionService with bounded concurrency, asking each remote host in parallel with a time limit,
 * and joining the answers. A host that fails is reported in `errors`; the search goes on.
 */

import {
  type Capture,
  type SessionInfo,
  SessionNotFoundError,
  type SessionService,
} from "../../tmux/mod.ts";
import { errorDetail } from "../hosts/host_registry.ts";
import {
  findInPane,
  type FoundMatches,
  mergeFound,
  paneText,
  type SearchMatch,
} from "./text_search.ts";
import { MAX_PER_SESSION, type SearchRequest } from "./search_request.ts";
export type { SearchError, SearchResult } from "../../protocol/search.ts";
import type { SearchError, SearchResult } from "../../protocol/search.ts";

/** What the search needs of a remote host (a {@link RemoteHost} has it). */
export interface SearchableHost {
  readonly record: { readonly id: string; readonly enabled: boolean };
  readonly state: { readonly status: string; readonly error: string | null };
  request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response>;
}

export interface SessionSearchOptions {
  sessions: Pick<SessionService, "list" | "captureSession">;
  /** A manager's remote hosts; absent on a machine that relays none. */
  hosts?: { list(): readonly SearchableHost[] };
  /** Captures running at once on this machine. Default 4. */
  concurrency?: number;
  /** How long a remote host may take to answer. Default 5000 ms. */
  remoteTimeoutMs?: number;
}

export const DEFAULT_SEARCH_CONCURRENCY = 4;
export const DEFAULT_REMOTE_TIMEOUT_MS = 5000;

const NOTHING: FoundMatches = { matches: [], truncated: false };

/** Searches the visible screens (and optionally scrollback) of every session it can reach. */
export class SessionSearch {
  readonly #options: SessionSearchOptions;

  constructor(options: SessionSearchOptions) {
    this.#options = options;
  }

  /** This machine's sessions first (in name order), then each remote host's, in host order. */
  async search(request: SearchRequest): Promise<SearchResult> {
    const remotes = request.localOnly ? [] : (this.#options.hosts?.list() ?? []);
    const [local, ...remote] = await Promise.all([
      this.#searchLocal(request),
      ...remotes.filter((host) => host.record.enabled).map((host) =>
        this.#searchRemote(host, request)
      ),
    ]);
    const parts = [local, ...remote].filter((part) => part !== undefined);
    const found = mergeFound(parts.map((part) => part.found), request.limit);
    return {
      query: request.query,
      matches: found.matches,
      truncated: found.truncated,
      errors: parts.flatMap((part) => part.errors),
    };
  }

  async #searchLocal(request: SearchRequest): Promise<HostAnswer> {
    const { sessions } = this.#options;
    let list: SessionInfo[];
    try {
      list = await sessions.list();
    } catch (error) {
      return failed("local", `Cannot list the sessions: ${errorDetail(error)}`);
    }
    const errors: SearchError[] = [];
    let found = 0;
    const parts = await mapLimited(
      list,
      this.#options.concurrency ?? DEFAULT_SEARCH_CONCURRENCY,
      // Sessions start in order, so once the finished ones hold more than the limit, every
      // later session would be cut anyway: skip capturing them.
      () => found > request.limit,
      async (info) => {
        let capture: Capture;
        try {
          capture = await sessions.captureSession(info, { history: request.scrollback });
        } catch (error) {
          // Killed since the list was read: nothing to search.
          if (!(error instanceof SessionNotFoundError)) {
            errors.push({
              host: "local",
              error: `Cannot capture session "${info.name}": ${errorDetail(error)}`,
            });
          }
          return NOTHING;
        }
        const history = Math.min(request.scrollback, capture.historySize);
        const pane = paneText("local", info.name, capture.text, history);
        const part = findInPane(pane, request.query, MAX_PER_SESSION);
        found += part.matches.length;
        return part;
      },
    );
    const skipped = parts.some((part) => part === undefined);
    const merged = mergeFound(parts.map((part) => part ?? NOTHING), request.limit);
    return { found: skipped ? { ...merged, truncated: true } : merged, errors };
  }

  async #searchRemote(host: SearchableHost, request: SearchRequest): Promise<HostAnswer> {
    const id = host.record.id;
    if (host.state.status === "offline") {
      return failed(id, `Host "${id}" is offline: ${host.state.error ?? "not connected"}`);
    }
    const params = new URLSearchParams({
      q: request.query,
      scrollback: String(request.scrollback),
      limit: String(request.limit),
      local: "1",
    });
    const timeoutMs = this.#options.remoteTimeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await host.request(
        "GET",
        `/api/search?${params}`,
        undefined,
        controller.signal,
      );
      const text = await response.text();
      return parseHostAnswer(id, response.status, text);
    } catch (error) {
      if (controller.signal.aborted) {
        return failed(id, `Host "${id}" did not answer within ${timeoutMs} ms`);
      }
      return failed(id, `Host "${id}" is unreachable: ${errorDetail(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface HostAnswer {
  found: FoundMatches;
  errors: SearchError[];
}

function failed(host: string, error: string): HostAnswer {
  return { found: NOTHING, errors: [{ host, error }] };
}

/**
 * Read a worker's answer: its matches re-tagged with the host's id, its own errors named after
 * the host. Anything malformed is an error for that host, never a failed search.
 */
export function parseHostAnswer(id: string, status: number, text: string): HostAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed(id, `Host "${id}" answered HTTP ${status} without JSON`);
  }
  const body = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  if (status < 200 || status > 299) {
    const error = body.error as { message?: unknown } | undefined;
    const message = typeof error?.message === "string" ? error.message : `HTTP ${status}`;
    return failed(id, `On host "${id}": ${message}`);
  }
  if (!Array.isArray(body.matches)) {
    return failed(id, `Host "${id}" answered without a list of matches`);
  }
  const matches: SearchMatch[] = [];
  for (const item of body.matches as unknown[]) {
    const m = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    if (
      typeof m.name === "string" && Number.isInteger(m.line) && Number.isInteger(m.column) &&
      typeof m.text === "string"
    ) {
      matches.push({
        host: id,
        name: m.name,
        line: m.line as number,
        column: m.column as number,
        text: m.text,
      });
    }
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).flatMap((e) => {
      const error = (e as { error?: unknown } | null)?.error;
      return typeof error === "string" ? [{ host: id, error: `On host "${id}": ${error}` }] : [];
    })
    : [];
  return { found: { matches, truncated: body.truncated === true }, errors };
}

/**
 * Run `task` over `items` with at most `limit` at once, results in the items' order. Before each
 * item starts, `stop()` may say the rest are not needed: their results are `undefined`.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  stop: () => boolean,
  task: (item: T) => Promise<R>,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
