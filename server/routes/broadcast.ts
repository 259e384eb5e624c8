/**
 * Owns `POST /api/broadcast`: one input typed into several sessions (local or on workers) at
 * once, with a result per session. Thin: the input rules are the input route's own.
 */

import { type Context, Hono } from "hono";
import type { SessionService } from "../../tmux/mod.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import type { RemoteHost } from "../hosts/remote_host.ts";
import { describeError, type ErrorBody, HttpError, readJsonObject } from "../http_error.ts";
import type { AttentionLedger } from "../attention_ledger.ts";
import type { Logger } from "../logger.ts";
import { readSessionInput, type SessionInput, typeInput } from "../session_input.ts";
import { workerPath } from "./session_address.ts";
import { proxyToHost, resolveHost } from "./sessions.ts";
export {
  BROADCAST_MAX_TARGETS,
  BROADCAST_TEXT_MAX_BYTES,
  type BroadcastResult,
  type BroadcastTarget,
} from "../../protocol/broadcast.ts";
import {
  BROADCAST_MAX_TARGETS,
  BROADCAST_TEXT_MAX_BYTES,
  type BroadcastResult,
  type BroadcastTarget,
} from "../../protocol/broadcast.ts";

/** Targets typed into at the same time (each is a few tmux processes or one worker request). */
const PARALLEL_SENDS = 8;

export interface BroadcastRoutesDeps {
  sessions: SessionService;
  logger: Logger;
  hosts?: HostRegistry;
  /** Told of input typed (so statuses know it was asked for). */
  ledger?: AttentionLedger;
}

/** Check `targets` whole: a non-empty list of distinct `{host?, name}`. */
export function readBroadcastTargets(value: unknown): BroadcastTarget[] {
  if (!Array.isArray(value)) {
    throw new HttpError(
      400,
      "invalid_input",
      'Field "targets" is required and must be an array of {host, name}',
    );
  }
  if (value.length === 0) {
    throw new HttpError(400, "invalid_input", 'Field "targets" must name at least one session');
  }
  if (value.length > BROADCAST_MAX_TARGETS) {
    throw new HttpError(
      400,
      "invalid_input",
      `Field "targets" names ${value.length} sessions, over the limit of ${BROADCAST_MAX_TARGETS}`,
    );
  }
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new HttpError(
        400,
        "invalid_input",
        `Target ${index + 1} must be an object {host, name}`,
      );
    }
    const { host = "local", name } = item as Record<string, unknown>;
    if (typeof host !== "string" || host === "") {
      throw new HttpError(
        400,
        "invalid_input",
        `Target ${index + 1} has an invalid "host": it must be "local" or a host id`,
      );
    }
    // Any name: a session made outside Maestro need not follow the name rule. A name no session
    // has is that target's 404, as for the input route.
    if (typeof name !== "string" || name === "") {
      throw new HttpError(
        400,
        "invalid_name",
        `Target ${index + 1} needs a non-empty "name" string`,
      );
    }
    const key = `${host}/${name}`;
    if (seen.has(key)) {
      throw new HttpError(400, "invalid_input", `Target ${key} is listed more than once`);
    }
    seen.add(key);
    return { host, name };
  });
}

export function broadcastRoutes(deps: BroadcastRoutesDeps): Hono {
  const { sessions, logger, hosts } = deps;
  const app = new Hono();

  app.post("/broadcast", async (c) => {
    const body = await readJsonObject(c);
    const targets = readBroadcastTargets(body.targets).map((target) => ({
      ...target,
      remote: resolveHost(hosts, target.host),
    }));
    const input = readSessionInput(body, BROADCAST_TEXT_MAX_BYTES);
    const results = await mapParallel(
      targets,
      PARALLEL_SENDS,
      (target) => sendTo(c, target, input),
    );
    return c.json({ results }, results.every((result) => result.ok) ? 200 : 207);
  });

  /** Type into one target; any failure becomes that target's result, never the request's. */
  async function sendTo(
    c: Context,
    target: BroadcastTarget & { remote: RemoteHost | null },
    input: SessionInput,
  ): Promise<BroadcastResult> {
    const { host, name, remote } = target;
    try {
      if (remote === null) {
        await typeInput(
          sessions,
          name,
          input,
          (typed, interrupt) =>
            interrupt ? deps.ledger?.interrupted(typed) : deps.ledger?.input(typed),
        );
        return { host, name, ok: true };
      }
      const response = await proxyToHost(c, remote, "POST", workerPath(name, "/input"), input);
      if (response.ok) {
        await response.body?.cancel();
        return { host, name, ok: true };
      }
      const { error } = await response.json() as ErrorBody;
      return { host, name, ok: false, error };
    } catch (error) {
      const { status, body } = describeError(error);
      if (status >= 500 && !(error instanceof HttpError)) {
        logger.error("Broadcast to a session failed", {
          host,
          name,
          error: error instanceof Error ? error.stack ?? error.message : String(error),
        });
      }
      return { host, name, ok: false, error: body.error };
    }
  }

  return app;
}

/** `map` with at most `limit` calls of `fn` in flight; results keep the order of `items`. */
async function mapParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
