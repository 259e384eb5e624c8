/** Owns talking to a running Maestro over its HTTP API, for the CLI. */

import { sessionPath as protocolSessionPath, UnaddressableError } from "../protocol/api_paths.ts";

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

/** {@linkcode protocolSessionPath}, its refusals thrown as the API errors they would be. */
export function sessionPath(host: string, name: string, rest = ""): string {
  try {
    return protocolSessionPath(host, name, rest);
  } catch (error) {
    if (!(error instanceof UnaddressableError)) throw error;
    throw new ApiError(error.status, error.code, error.message);
  }
}
