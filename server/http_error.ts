/** Owns the mapping from every error to the API's JSON error shape and HTTP status. */

import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  CommandExitedError,
  InvalidInputError,
  SessionExistsError,
  SessionNotFoundError,
  TmuxClosedError,
  TmuxCommandError,
  TmuxMissingError,
  TmuxTimeoutError,
  TmuxVersionError,
} from "../tmux/mod.ts";
import { MuteLimitError } from "./db/mute_store.ts";
import { NotesTooLargeError } from "./db/notes_store.ts";
import { NotRestorableError } from "./session_restorer.ts";
import type { Logger } from "./logger.ts";
export type { ErrorBody } from "../protocol/errors.ts";
import type { ErrorBody } from "../protocol/errors.ts";

/** An error with an HTTP status and a stable code, raised by routes for request problems. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Status, code and message for any error. Unknown errors are 500s with a generic message. */
export function describeError(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  const make = (status: ContentfulStatusCode, code: string, message: string) => ({
    status,
    body: { error: { code, message } },
  });
  if (error instanceof HttpError) return make(error.status, error.code, error.message);
  if (error instanceof InvalidInputError) {
    return make(400, error.field === "name" ? "invalid_name" : "invalid_input", error.message);
  }
  if (error instanceof SessionNotFoundError) return make(404, "session_not_found", error.message);
  if (error instanceof SessionExistsError) return make(409, "session_exists", error.message);
  if (error instanceof CommandExitedError) return make(422, "command_exited", error.message);
  if (error instanceof NotRestorableError) return make(404, "not_restorable", error.message);
  if (error instanceof NotesTooLargeError) return make(413, "too_large", error.message);
  if (error instanceof MuteLimitError) return make(409, "limit_reached", error.message);
  if (error instanceof TmuxMissingError || error instanceof TmuxVersionError) {
    return make(503, "tmux_unavailable", error.message);
  }
  if (error instanceof TmuxTimeoutError) return make(504, "tmux_timeout", error.message);
  if (error instanceof TmuxCommandError || error instanceof TmuxClosedError) {
    return make(502, "tmux_error", error.message);
  }
  return make(500, "internal", "Internal server error: see the server log");
}

/** Hono `onError`: one place maps errors to responses, and logs what is unexpected. */
export function errorHandler(logger: Logger): (error: Error, c: Context) => Response {
  return (error, c) => {
    const { status, body } = describeError(error);
    if (status >= 500) {
      logger.error("Request failed", {
        method: c.req.method,
        path: c.req.path,
        status,
        error: error.stack ?? String(error),
      });
    }
    return c.json(body, status);
  };
}

/** Parse a JSON object body, with clear 400s for invalid JSON or a non-object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "Request body must be valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid_json", "Request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Read an optional field that must be a string when present. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new HttpError(400, "invalid_input", `Field "${field}" must be a string`);
  }
  return value;
}
