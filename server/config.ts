/** Owns reading the `serve` flags and environment, once, into a frozen Config (flags > env > defaults). */

import { isIPv4, isIPv6 } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONNECTION_LIMIT_NAMES, type ConnectionLimits } from "./listener/connection_policy.ts";
import { isLogLevel, LOG_LEVELS, type LogLevel } from "./logger.ts";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 23000;
export const DEFAULT_LOG_LEVEL: LogLevel = "info";
/** Bounds of `--host-ping-ms` (the default, 2000, lives with the host link). */
export const MIN_HOST_PING_MS = 50;
export const MAX_HOST_PING_MS = 60_000;

/** Everything the server needs from its command line and environment. */
export interface Config {
  /** Address to listen on; brackets around IPv6 are removed. */
  readonly host: string;
  /** Port to listen on; 0 picks a free port (tests). */
  readonly port: number;
  /** Absolute path of Maestro's home (token, database). */
  readonly home: string;
  /** Private tmux server socket name (`tmux -L`); absent means the user's default server. */
  readonly tmuxSocket?: string;
  /** tmux config file (`tmux -f`); absent means tmux's own default. */
  readonly tmuxConfig?: string;
  /** TLS certificate and key files (PEM): serve HTTPS/WSS. Both or neither. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** A token given on the command line; absent means the one stored in `home`. */
  readonly token?: string;
  /** Serve without a token (only ever true on a loopback host). */
  readonly noAuth: boolean;
  readonly logLevel: LogLevel;
  /** Host names the server answers to besides its addresses, localhost and its own name. */
  readonly allowHosts: readonly string[];
  /** How often a manager pings each worker, ms; a worker silent for 3 pings is offline. */
  readonly hostPingMs?: number;
  /** `history-limit` of the sessions Maestro creates (`--history-limit`, `MAESTRO_HISTORY_LIMIT`). */
  readonly historyLimit?: number;
  /**
   * Connection timeouts and caps that differ from the defaults, from `MAESTRO_CONNECTION_LIMITS`
   * (a JSON object such as `{"headerTimeoutMs": 300}`; tests use small values).
   */
  readonly connectionLimits?: Partial<ConnectionLimits>;
}

/** The command line or environment asked for something invalid; nothing was started. */
export class ConfigError extends Error {
  constructor(message: string, readonly option: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  home: { type: "string" },
  "tmux-socket": { type: "string" },
  "tmux-config": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  token: { type: "string" },
  "no-auth": { type: "boolean" },
  "log-level": { type: "string" },
  "allow-host": { type: "string", multiple: true },
  "host-ping-ms": { type: "string" },
  "history-limit": { type: "string" },
} as const;

const KNOWN_OPTIONS = Object.keys(OPTIONS).map((name) => `--${name}`).join(", ");
const LEVELS_IN_WORDS = `${LOG_LEVELS.slice(0, -1).join(", ")} or ${LOG_LEVELS.at(-1)}`;

/**
 * Reads the options that follow `serve` (e.g. `Deno.args.slice(1)`) and the environment
 * (`Deno.env.toObject()`). This is the only place flags and environment are read.
 *
 * @throws {ConfigError} on an unknown flag, a bad value, or `--no-auth` on a non-loopback host.
 *
 * @example
 * ```ts
 * const config = loadConfig(["--port", "0", "--no-auth"], { HOME: "/home/me" });
 * config.home; // "/home/me/.maestro"
 * ```
 */
export function loadConfig(args: readonly string[], env: Readonly<Record<string, string>>): Config {
  const values = parseFlags(args);
  const host = parseHost(values.host ?? DEFAULT_HOST);
  const port = values.port === undefined ? DEFAULT_PORT : parsePort(values.port);
  const home = resolveHome(values.home, env);
  const logLevel = parseLogLevel(values["log-level"], env);
  const noAuth = values["no-auth"] ?? false;
  const token = values.token === undefined ? undefined : parseToken(values.token);
  const allowHosts = Object.freeze((values["allow-host"] ?? []).map(parseAllowedHost));
  const connectionLimits = parseConnectionLimits(env.MAESTRO_CONNECTION_LIMITS);
  const historyLimit = parseHistoryLimit(values["history-limit"], env.MAESTRO_HISTORY_LIMIT);

  if (noAuth && token !== undefined) {
    throw new ConfigError(
      "Cannot combine --token and --no-auth: choose a token or no authentication",
      "no-auth",
    );
  }
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    throw new ConfigError(
      "Cannot serve HTTPS with only one of --tls-cert and --tls-key: give both files",
      values["tls-cert"] === undefined ? "tls-cert" : "tls-key",
    );
  }
  if (noAuth && !isLoopbackHost(host)) {
    throw new ConfigError(
      `Refusing --no-auth on ${host}: without a token anyone who can reach that address controls ` +
        `your terminals; listen on ${DEFAULT_HOST} or drop --no-auth`,
      "no-auth",
    );
  }

  const config: Config = {
    host,
    port,
    home,
    noAuth,
    logLevel,
    allowHosts,
    ...(values["tmux-socket"] !== undefined &&
      { tmuxSocket: parseSocketName(values["tmux-socket"]) }),
    ...(values["tmux-config"] !== undefined &&
      { tmuxConfig: resolve(nonEmpty(values["tmux-config"], "tmux-config")) }),
    ...(values["tls-cert"] !== undefined &&
      { tlsCert: resolve(nonEmpty(values["tls-cert"], "tls-cert")) }),
    ...(values["tls-key"] !== undefined &&
      { tlsKey: resolve(nonEmpty(values["tls-key"], "tls-key")) }),
    ...(token !== undefined && { token }),
    ...(values["host-ping-ms"] !== undefined &&
      { hostPingMs: parseHostPing(values["host-ping-ms"]) }),
    ...(connectionLimits !== undefined && { connectionLimits }),
    ...(historyLimit !== undefined && { historyLimit }),
  };
  return Object.freeze(config);
}

/**
 * Whether `host` is a loopback address: 127.0.0.0/8, ::1 (any spelling, bracketed or not,
 * or IPv4-mapped 127/8) or `localhost`.
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("0.0.0.0"); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const bare = stripBrackets(host.trim()).toLowerCase();
  if (bare === "localhost") return true;
  if (isIPv4(bare)) return bare.split(".")[0] === "127";
  if (!isIPv6(bare)) return false;
  let canonical: string;
  try {
    canonical = new URL(`http://[${bare}]/`).hostname;
  } catch {
    return false; // zone ids and other forms URL refuses are not loopback
  }
  return canonical === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

type FlagValues = {
  -readonly [K in keyof typeof OPTIONS]?: typeof OPTIONS[K]["type"] extends "boolean" ? boolean
    : typeof OPTIONS[K] extends { multiple: true } ? string[]
    : string;
};

function parseFlags(args: readonly string[]): FlagValues {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw toConfigError(error);
  }
}

function toConfigError(error: unknown): ConfigError {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(detail)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new ConfigError(
        `Cannot use option "${quoted}": serve knows only ${KNOWN_OPTIONS}`,
        quoted.replace(/^-+/, ""),
      );
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new ConfigError(
        `Cannot use argument "${quoted}": serve takes only options (${KNOWN_OPTIONS})`,
        "",
      );
    default: {
      const option = /--([a-z-]+)/.exec(detail)?.[1] ?? "";
      return new ConfigError(`Cannot read the serve options: ${detail}`, option);
    }
  }
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function parseHost(raw: string): string {
  const host = stripBrackets(raw.trim());
  if (host.length === 0 || /[\s/]/.test(host)) {
    throw new ConfigError(
      `Cannot listen on host "${raw}": give an address or name such as ${DEFAULT_HOST}`,
      "host",
    );
  }
  return host;
}

function parseAllowedHost(raw: string): string {
  const name = raw.trim().toLowerCase();
  // A name as it appears in a URL's host, without a port: letters, digits, "-", "_" and dots.
  if (!/^[a-z0-9_]([a-z0-9_.-]{0,251}[a-z0-9_])?$/.test(name) || name.includes("..")) {
    throw new ConfigError(
      `Cannot allow host "${raw}": give a host name such as mini or mini.lan (no port, no scheme)`,
      "allow-host",
    );
  }
  return name;
}

function parsePort(raw: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError(
      `Cannot listen on port "${raw}": a port is a whole number from 0 to 65535`,
      "port",
    );
  }
  return port;
}

function resolveHome(flag: string | undefined, env: Readonly<Record<string, string>>): string {
  if (flag !== undefined) return resolve(nonEmpty(flag, "home"));
  const fromEnv = env.MAESTRO_HOME;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  const userHome = env.HOME;
  if (userHome !== undefined && userHome !== "") return resolve(userHome, ".maestro");
  throw new ConfigError(
    "Cannot choose a home directory: neither MAESTRO_HOME nor HOME is set; pass --home",
    "home",
  );
}

function parseLogLevel(
  flag: string | undefined,
  env: Readonly<Record<string, string>>,
): LogLevel {
  if (flag !== undefined) {
    if (isLogLevel(flag)) return flag;
    throw new ConfigError(
      `Cannot use log level "${flag}": choose ${LEVELS_IN_WORDS}`,
      "log-level",
    );
  }
  const fromEnv = env.MAESTRO_LOG_LEVEL;
  if (fromEnv === undefined || fromEnv === "") return DEFAULT_LOG_LEVEL;
  if (isLogLevel(fromEnv)) return fromEnv;
  throw new ConfigError(
    `Cannot use MAESTRO_LOG_LEVEL "${fromEnv}": choose ${LEVELS_IN_WORDS}`,
    "log-level",
  );
}

function parseHostPing(raw: string): number {
  const ms = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(ms >= MIN_HOST_PING_MS && ms <= MAX_HOST_PING_MS)) {
    throw new ConfigError(
      `Cannot ping hosts every "${raw}" ms: give a whole number from ${MIN_HOST_PING_MS} to ` +
        `${MAX_HOST_PING_MS}`,
      "host-ping-ms",
    );
  }
  return ms;
}

/** Most lines of history a session may keep: tmux holds them all in memory. */
export const MAX_HISTORY_LIMIT = 1_000_000;

function parseHistoryLimit(
  flag: string | undefined,
  fromEnv: string | undefined,
): number | undefined {
  const raw = flag ?? (fromEnv === "" ? undefined : fromEnv);
  if (raw === undefined) return undefined;
  const lines = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(lines >= 0 && lines <= MAX_HISTORY_LIMIT)) {
    const source = flag !== undefined ? "--history-limit" : "MAESTRO_HISTORY_LIMIT";
    throw new ConfigError(
      `Cannot keep "${raw}" lines of history (${source}): give a whole number from 0 to ` +
        `${MAX_HISTORY_LIMIT}`,
      "history-limit",
    );
  }
  return lines;
}

function parseToken(raw: string): string {
  // The token travels in headers, cookies and URLs; the value itself stays out of the message.
  if (!/^[A-Za-z0-9._~-]+$/.test(raw)) {
    throw new ConfigError(
      'Cannot use the --token value: a token is letters, digits, ".", "_", "~" and "-"',
      "token",
    );
  }
  return raw;
}

function parseSocketName(raw: string): string {
  // tmux -L takes a name inside its socket directory, not a path.
  if (raw.length === 0 || raw.includes("/")) {
    throw new ConfigError(
      `Cannot use tmux socket "${raw}": give a socket name without "/" (tmux -L)`,
      "tmux-socket",
    );
  }
  return raw;
}

const LIMITS_IN_WORDS = CONNECTION_LIMIT_NAMES.join(", ");

function parseConnectionLimits(raw: string | undefined): Partial<ConnectionLimits> | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const refuse = (detail: string) =>
    new ConfigError(`Cannot use MAESTRO_CONNECTION_LIMITS: ${detail}`, "connection-limits");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw refuse(`it must be a JSON object such as {"headerTimeoutMs": 10000}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refuse(`it must be a JSON object such as {"headerTimeoutMs": 10000}`);
  }
  const limits: Partial<Record<keyof ConnectionLimits, number>> = {};
  for (const [name, limit] of Object.entries(value)) {
    if (!(CONNECTION_LIMIT_NAMES as readonly string[]).includes(name)) {
      throw refuse(`"${name}" is not a connection limit; use ${LIMITS_IN_WORDS}`);
    }
    if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit <= 0) {
      throw refuse(`${name} must be a positive whole number, not ${JSON.stringify(limit)}`);
    }
    limits[name as keyof ConnectionLimits] = limit;
  }
  return Object.freeze(limits);
}

function nonEmpty(value: string, option: string): string {
  if (value.length === 0) {
    throw new ConfigError(`Cannot use an empty --${option}: give a value`, option);
  }
  return value;
}
