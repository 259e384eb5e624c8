/**
 * Owns `POST /hosts/:host/sessions/:name/answer {promptId, option}`: answering what a session asks
 * by choosing one of its prompt's options, typed only while that same prompt is on screen. Thin.
 */

import { Hono } from "hono";
import type { SessionService } from "../../tmux/mod.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { HttpError, readJsonObject } from "../http_error.ts";
import type { AttentionLedger } from "../attention_ledger.ts";
import { typeInput } from "../session_input.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { workerPath } from "./session_address.ts";
import { proxyToHost, resolveHost } from "./sessions.ts";

export interface AnswerRoutesDeps {
  sessions: SessionService;
  monitor: SessionMonitor;
  hosts?: HostRegistry;
  ledger?: AttentionLedger;
}

/** Longest prompt id and option key accepted (ids are about 11 characters, keys 1 or 2). */
const MAX_FIELD = 64;

/** How long an answered prompt's id is refused, while the screen catches up. */
const ANSWERED_MEMORY_MS = 10_000;

/** What a valid answer names. */
export interface AnswerRequest {
  promptId: string;
  option: string;
}

/** Read `{promptId, option}`, each a non-empty string of at most 64 characters. */
export function readAnswer(body: Record<string, unknown>): AnswerRequest {
  for (const field of ["promptId", "option"] as const) {
    const value = body[field];
    if (typeof value !== "string" || value === "" || value.length > MAX_FIELD) {
      throw new HttpError(
        400,
        "invalid_input",
        `Field "${field}" must be a non-empty string of at most ${MAX_FIELD} characters`,
      );
    }
  }
  return { promptId: body.promptId as string, option: body.option as string };
}

export function answerRoutes(deps: AnswerRoutesDeps): Hono {
  const { sessions, monitor, hosts } = deps;
  const app = new Hono();
  /**
   * Prompts answered in the last few seconds (or being answered), by id: a second answer to the
   * same prompt is refused even while the screen has not caught up with the first.
   */
  const answered = new Map<string, number>();

  app.post("/hosts/:host/sessions/:name/answer", async (c) => {
    const { host, name } = c.req.param();
    const remote = resolveHost(hosts, host);
    const answer = readAnswer(await readJsonObject(c));
    if (remote) return await proxyToHost(c, remote, "POST", workerPath(name, "/answer"), answer);

    const info = await sessions.get(name);
    const view = await monitor.view(info);
    const listed = view.prompt ?? null;
    if (listed === null || listed.id !== answer.promptId) {
      throw new HttpError(
        409,
        "prompt_changed",
        listed === null
          ? `Session "${name}" no longer asks anything (it is ${view.status}); nothing was typed`
          : `Session "${name}" now asks something else: "${listed.text}" (prompt ${listed.id}); nothing was typed`,
      );
    }
    const option = listed.options.find((o) => o.key === answer.option);
    if (option === undefined) {
      throw new HttpError(
        400,
        "invalid_option",
        listed.options.length === 0
          ? `"${listed.text}" has no options to choose${
            listed.kind === "password" ? ": type the password in the terminal" : ""
          }; nothing was typed`
          : `Option "${answer.option}" is not one of ${
            listed.options.map((o) => `"${o.key}"`).join(", ")
          }; nothing was typed`,
      );
    }
    // The screen is read again just before typing: only the same prompt gets the keys.
    const confirmed = await monitor.confirmPrompt(info.paneId);
    const keys = confirmed?.view.id === answer.promptId
      ? confirmed.read.keys.get(answer.option)
      : undefined;
    if (confirmed === null || keys === undefined) {
      throw new HttpError(
        409,
        "prompt_changed",
        `Session "${name}" no longer shows "${listed.text}"; nothing was typed`,
      );
    }
    const now = Date.now();
    for (const [id, at] of answered) if (now - at > ANSWERED_MEMORY_MS) answered.delete(id);
    if (answered.has(answer.promptId)) {
      throw new HttpError(
        409,
        "prompt_changed",
        `"${listed.text}" was answered already; nothing was typed`,
      );
    }
    answered.set(answer.promptId, now);
    await typeInput(sessions, name, keys, (typed) => deps.ledger?.input(typed));
    monitor.refresh().catch(() => {});
    return c.json({ host: "local", name, promptId: answer.promptId, option });
  });

  return app;
}
