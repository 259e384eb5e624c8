/** Owns the server's one logger: levels, JSON lines or readable text, and redaction of secrets. */

/** Log levels, least to most severe. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One of {@linkcode LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Structured context attached to one log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Receives each finished line, without a trailing newline. */
export type LogSink = (line: string) => void;

/** The logger every server module is given; nothing else writes diagnostics. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. a request id). */
  child(fields: LogFields): Logger;
}

/** Options for {@linkcode createLogger}. */
export interface LoggerOptions {
  /** Lines below this level are dropped. */
  level: LogLevel;
  /** JSON lines (for machines) when true, readable text otherwise. */
  json: boolean;
  /** Where lines go; stderr by default. */
  sink?: LogSink;
  /** Clock, injectable for tests. */
  now?: () => Date;
}

/** What replaces every secret in log output. */
export const REDACTED = "[redacted]";

/** Field names whose values are never logged (matched case-insensitively, anywhere in the name). */
const SECRET_FIELD = /token|authorization|cookie|password|secret/i;
/** `token=…` (also `access_token=…`) inside URLs and other strings. */
const TOKEN_PARAM = /(token=)[^&\s#"'<>]*/gi;
/** `Bearer …` credentials pasted into strings. */
const BEARER = /(bearer\s+)[^\s"',;]+/gi;

/** Whether `value` names a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && (LOG_LEVELS as readonly string[]).includes(value);
}

/** `text` with every `token=…` query value and `Bearer …` credential replaced. */
export function redactString(text: string): string {
  return text.replace(TOKEN_PARAM, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`);
}

/**
 * A copy of `value` safe to log: secret-named fields replaced, strings scrubbed, errors turned into
 * plain objects, cycles cut.
 *
 * @example
 * ```ts
 * redact({ url: "/?token=abc", authorization: "Bearer abc" });
 * // { url: "/?token=[redacted]", authorization: "[redacted]" }
 * ```
 */
export function redact(value: unknown): unknown {
  return redactValue(value, new WeakSet());
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  }
  // `seen` holds the ancestors of the current value, so shared (non-cyclic) references still print.
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    return redactObject(value, seen);
  } finally {
    seen.delete(value);
  }
}

function redactObject(value: object, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { name: value.name, message: value.message };
    for (const [key, inner] of Object.entries(value)) plain[key] = inner;
    if (value.stack !== undefined) plain.stack = value.stack;
    if (value.cause !== undefined) plain.cause = value.cause;
    return redactFields(plain, seen);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  return redactFields(value as Record<string, unknown>, seen);
}

function redactFields(fields: Record<string, unknown>, seen: WeakSet<object>): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(fields)) {
    out[key] = SECRET_FIELD.test(key) ? REDACTED : redactValue(inner, seen);
  }
  return out;
}

const encoder = new TextEncoder();

/** Writes a whole line to stderr synchronously, so lines from a dying process are not lost. */
function stderrSink(line: string): void {
  const bytes = encoder.encode(`${line}\n`);
  let written = 0;
  while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
}

/**
 * Creates the logger. The caller decides `json` (from `Deno.stdout.isTerminal()`), so this module
 * touches no global state beyond its default sink.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "info", json: !Deno.stdout.isTerminal() });
 * log.info("Listening", { url: "http://127.0.0.1:23000/?token=abc" }); // the token is redacted
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const sink = options.sink ?? stderrSink;
  const now = options.now ?? (() => new Date());
  const threshold = LOG_LEVELS.indexOf(options.level);
  const format = options.json ? formatJson : formatText;

  const make = (bound: LogFields): Logger => {
    const write = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const merged = fields === undefined ? bound : { ...bound, ...fields };
      const safe = redact(merged) as Record<string, unknown>;
      sink(format(now(), level, redactString(message), safe));
    };
    return {
      debug: (message, fields) => write("debug", message, fields),
      info: (message, fields) => write("info", message, fields),
      warn: (message, fields) => write("warn", message, fields),
      error: (message, fields) => write("error", message, fields),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything; for tests of modules that take a logger. */
export const nullLogger: Logger = createLogger({ level: "error", json: true, sink: () => {} });

function formatJson(
  time: Date,
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
): string {
  // The fixed keys win over fields of the same name so every line parses the same way.
  return JSON.stringify({ ...fields, time: time.toISOString(), level, msg: message });
}

function formatText(
  time: Date,
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
): string {
  const parts = [time.toISOString(), level.toUpperCase().padEnd(5), message];
  for (const [key, value] of Object.entries(fields)) parts.push(`${key}=${formatTextValue(value)}`);
  return parts.join(" ");
}

function formatTextValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value !== null && typeof value === "object" && "stack" in value) {
    // Errors read best as "Name: message"; the stack is for JSON consumers.
    const error = value as { name?: unknown; message?: unknown };
    return JSON.stringify(`${String(error.name)}: ${String(error.message)}`);
  }
  return JSON.stringify(value) ?? String(value);
}
