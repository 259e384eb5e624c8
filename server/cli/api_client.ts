/** Owns talking to a running Maestro over its HTTP API, for the CLI. */

/** The server answered with an API error (or could not be reached). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiClientOptions {
  url: string;
  token: string | null;
}

/** A small JSON client: Bearer token, JSON bodies, API errors thrown as {@link ApiError}. */
export class ApiClient {
  readonly #url: string;
  readonly #token: string | null;

  constructor(options: ApiClientOptions) {
    this.#url = options.url.replace(/\/+$/, "");
    this.#token = options.token;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.#token !== null) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(this.#url + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ApiError(
        0,
        "unreachable",
        `Cannot reach Maestro at ${this.#url}: ${error instanceof Error ? error.message : error}` +
          " (is `maestro serve` running? use --url to point elsewhere)",
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let code = "http_" + response.status;
      let message = `${method} ${path} failed with HTTP ${response.status}`;
      try {
        const parsed = JSON.parse(text);
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // Not JSON: keep the generic message.
      }
      throw new ApiError(response.status, code, message);
    }
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}

/**
 * Path of a session's resource on a host, each part one exact segment. URLs resolve "." and ".."
 * (and "%2E") before a request leaves — `sessions/./notes` would be the session "notes" — so
 * those are refused here with the server's own words; no tmux session or host has such a name
 * (tmux turns "." in a session name into "_").
 */
export function sessionPath(host: string, name: string, rest = ""): string {
  if (host === "." || host === "..") {
    throw new ApiError(404, "host_not_found", `Host ${JSON.stringify(host)} is not known`);
  }
  if (name === "." || name === "..") {
    throw new ApiError(404, "session_not_found", `Session "${name}" does not exist`);
  }
  return `/api/hosts/${encodeURIComponent(host)}/sessions/${encodeURIComponent(name)}${rest}`;
}
