/** Owns the fake server the page's store tests talk to: an ApiClient whose every call is kept. */

import { ApiClient } from "./api_client.ts";
import { PageCredential } from "./page_credential.ts";

/**
 * An ApiClient without a network: `respond` answers each call (its body parsed from JSON), and
 * `calls` holds each as "METHOD /path {body}".
 */
export function fakeApi(
  respond: (method: string, path: string, body: unknown) => Response,
): { api: ApiClient; calls: string[] } {
  const calls: string[] = [];
  const credential = new PageCredential(() => ({
    getItem: () => null,
    setItem: () => {},
    removeItem: () => {},
  }));
  const api = new ApiClient((path, init) => {
    const body = init?.body === undefined ? undefined : JSON.parse(String(init.body));
    calls.push(`${init?.method} ${path}${body === undefined ? "" : ` ${JSON.stringify(body)}`}`);
    return Promise.resolve(respond(init?.method ?? "GET", path, body));
  }, credential);
  return { api, calls };
}
