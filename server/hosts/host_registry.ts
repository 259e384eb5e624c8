/** Owns the manager's remote hosts: add (tested first), edit, remove, enable/disable, live links. */

import { compareNames } from "../../protocol/name_order.ts";
import { HttpError } from "../http_error.ts";
import type { Logger } from "../logger.ts";
import type { HostView } from "../session_view.ts";
import { PROTOCOL_VERSION } from "../../protocol/terminal_protocol.ts";
import type { HostRecord, HostStore } from "./host_store.ts";
import { RemoteHost, type RemoteHostOptions } from "./remote_host.ts";

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export interface HostInput {
  name: string;
  url: string;
  token: string;
  caCert?: string | null;
}

export interface HostPatch {
  name?: string;
  url?: string;
  token?: string;
  enabled?: boolean;
  caCert?: string | null;
}

/** A host as the API shows it: never its token. */
export interface HostDetails extends HostView {
  url: string;
  enabled: boolean;
  tls: boolean;
  trustsCustomCa: boolean;
}

export interface HostRegistryOptions {
  store: HostStore;
  logger: Logger;
  /** Called whenever any host's state or the list changes. */
  onChange: () => void;
  link?: Omit<RemoteHostOptions, "logger" | "onChange">;
}

/**
 * The remote hosts a manager relays. A host is tested before it is stored: reachable, token
 * accepted, protocol compatible — and the error says which of those failed.
 */
export class HostRegistry implements AsyncDisposable {
  readonly #options: HostRegistryOptions;
  readonly #hosts = new Map<string, RemoteHost>();

  constructor(options: HostRegistryOptions) {
    this.#options = options;
  }

  /** Open links to every stored, enabled host. */
  start(): void {
    for (const record of this.#options.store.list()) this.#startHost(record);
  }

  /** Every remote host, in name order. */
  list(): RemoteHost[] {
    return [...this.#hosts.values()].sort((a, b) => compareNames(a.record.name, b.record.name));
  }

  /** The host with this id, or a 404 naming the known hosts. */
  get(id: string): RemoteHost {
    const host = this.#hosts.get(id);
    if (!host) {
      const known = ["local", ...this.#hosts.keys()].map((h) => `"${h}"`).join(", ");
      throw new HttpError(404, "host_not_found", `Host "${id}" is not known (known: ${known})`);
    }
    return host;
  }

  has(id: string): boolean {
    return this.#hosts.has(id);
  }

  details(host: RemoteHost): HostDetails {
    const { record, state } = host;
    return {
      id: record.id,
      name: record.name,
      url: record.url,
      enabled: record.enabled,
      status: state.status === "online" ? "online" : "offline",
      lastSeen: state.lastSeen,
      sessionCount: state.sessions.length,
      ...(state.status !== "online"
        ? { error: state.status === "disabled" ? "disabled" : state.error ?? "connecting" }
        : {}),
      tls: record.url.startsWith("https:"),
      trustsCustomCa: record.caCert !== null,
    };
  }

  async add(input: HostInput): Promise<HostDetails> {
    const name = validName(input.name);
    const url = validUrl(input.url);
    const token = validToken(input.token);
    if (name === "local" || this.#options.store.findByName(name) || this.#hosts.has(name)) {
      throw new HttpError(409, "host_exists", `Cannot add host "${name}": that name is taken`);
    }
    const caCert = input.caCert ?? null;
    await probeHost(url, token, caCert);
    const record: HostRecord = {
      id: name,
      name,
      url,
      token,
      enabled: true,
      createdAt: Date.now(),
      caCert,
    };
    this.#options.store.add(record);
    const host = this.#startHost(record);
    this.#options.onChange();
    return this.details(host);
  }

  async update(id: string, patch: HostPatch): Promise<HostDetails> {
    const current = this.get(id).record;
    const next: HostRecord = {
      ...current,
      ...(patch.name !== undefined ? { name: validName(patch.name) } : {}),
      ...(patch.url !== undefined ? { url: validUrl(patch.url) } : {}),
      ...(patch.token !== undefined ? { token: validToken(patch.token) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.caCert !== undefined ? { caCert: patch.caCert } : {}),
    };
    if (next.name !== current.name && this.#options.store.findByName(next.name)) {
      throw new HttpError(
        409,
        "host_exists",
        `Cannot rename host to "${next.name}": that name is taken`,
      );
    }
    const reconnect = next.url !== current.url || next.token !== current.token ||
      next.caCert !== current.caCert;
    if (next.enabled && reconnect) await probeHost(next.url, next.token, next.caCert);
    this.#options.store.update(next);
    await this.#stopHost(id);
    const host = this.#startHost(next);
    this.#options.onChange();
    return this.details(host);
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    this.#options.store.remove(id);
    await this.#stopHost(id);
    this.#options.onChange();
  }

  #startHost(record: HostRecord): RemoteHost {
    const host = new RemoteHost(record, {
      logger: this.#options.logger,
      onChange: this.#options.onChange,
      ...this.#options.link,
    });
    this.#hosts.set(record.id, host);
    host.start();
    return host;
  }

  async #stopHost(id: string): Promise<void> {
    const host = this.#hosts.get(id);
    this.#hosts.delete(id);
    await host?.[Symbol.asyncDispose]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const hosts = [...this.#hosts.values()];
    this.#hosts.clear();
    await Promise.all(hosts.map((host) => host[Symbol.asyncDispose]()));
  }
}

function validName(name: unknown): string {
  if (typeof name !== "string" || !HOST_NAME.test(name)) {
    throw new HttpError(
      400,
      "invalid_input",
      `Invalid host name ${JSON.stringify(name)}: use 1-32 letters, digits, "_" and "-"`,
    );
  }
  return name;
}

function validUrl(url: unknown): string {
  let parsed: URL | null = null;
  try {
    parsed = typeof url === "string" ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.search) {
    throw new HttpError(
      400,
      "invalid_input",
      `Invalid host URL ${JSON.stringify(url)}: use http://HOST:PORT or https://HOST:PORT`,
    );
  }
  return parsed.origin;
}

function validToken(token: unknown): string {
  if (typeof token !== "string" || token.trim() === "" || /[\s\r\n]/.test(token.trim())) {
    throw new HttpError(
      400,
      "invalid_input",
      "A host needs the worker's token (`maestro token` on the worker)",
    );
  }
  return token.trim();
}

/**
 * Check a worker before storing it. Throws a 502 `host_unreachable`, 401-ish `host_token_rejected`
 * (as 400) or `host_incompatible` with a message saying what to fix.
 */
export async function probeHost(url: string, token: string, caCert: string | null): Promise<void> {
  const client = caCert ? Deno.createHttpClient({ caCerts: [caCert] }) : null;
  let response: Response;
  try {
    response = await fetch(new URL("/api/health", url), {
      headers: { authorization: `Bearer ${token}` },
      ...(client ? { client } : {}),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    client?.close();
    const detail = errorDetail(error);
    const hint = /certificate|UnknownIssuer|tls|ssl/i.test(detail)
      ? "trust its certificate with --ca FILE (the worker's --tls-cert) or use a CA-signed one"
      : "is `maestro worker` running there, and the address right?";
    throw new HttpError(502, "host_unreachable", `Cannot reach ${url}: ${detail} (${hint})`);
  }
  const text = await response.text();
  client?.close();
  if (response.status === 401) {
    throw new HttpError(
      400,
      "host_token_rejected",
      `${url} rejected the token: copy it from \`maestro token\` on that machine`,
    );
  }
  if (!response.ok) {
    const answer = workerError(text);
    if (answer?.code === "forbidden_host") {
      const name = new URL(url).hostname;
      throw new HttpError(
        502,
        "host_unreachable",
        `${url} refused the name "${name}" (forbidden_host: ${answer.message}): start the ` +
          `worker with --allow-host ${name}, or add it by its IP address`,
      );
    }
    throw new HttpError(
      502,
      "host_unreachable",
      answer === null
        ? `${url} answered HTTP ${response.status} to /api/health: is it a Maestro worker?`
        : `${url} answered HTTP ${response.status} to /api/health: ${answer.code}: ${answer.message}`,
    );
  }
  let health: { version?: string; protocol?: number };
  try {
    health = JSON.parse(text);
  } catch {
    throw new HttpError(
      502,
      "host_incompatible",
      `${url} is not a Maestro worker (no JSON health)`,
    );
  }
  if (health.protocol !== PROTOCOL_VERSION) {
    throw new HttpError(
      400,
      "host_incompatible",
      `${url} runs Maestro ${health.version ?? "(unknown version)"} with terminal protocol ` +
        `${
          health.protocol ?? "(none)"
        }; this manager speaks protocol ${PROTOCOL_VERSION}: upgrade one of them`,
    );
  }
}

/** The `{error: {code, message}}` a Maestro answers with, or null for anything else. */
function workerError(text: string): { code: string; message: string } | null {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code === "string" && typeof error.message === "string") {
      return { code: error.code, message: error.message.slice(0, 300) };
    }
  } catch {
    // Not JSON: not a Maestro answer.
  }
  return null;
}

/** An error's message with its causes ("fetch failed" alone says nothing). */
export function errorDetail(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.filter((part, i) => part && parts.indexOf(part) === i).join(": ");
}
