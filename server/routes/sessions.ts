/** Owns the session routes: list, create, get, rename, kill, input, screen, notes. Thin. */

import { Hono } from "hono";
import { sessionNameProblem, type SessionService } from "../../tmux/mod.ts";
import type { NotesStore } from "../db/notes_store.ts";
import { HttpError, optionalString, readJsonObject } from "../http_error.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { toSessionView } from "../session_view.ts";

export interface SessionRoutesDeps {
  sessions: SessionService;
  monitor: SessionMonitor;
  notes: NotesStore;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Only this machine until remote hosts exist; anything else is a clear 404. */
export function requireLocalHost(host: string): void {
  if (host !== "local") {
    throw new HttpError(
      404,
      "host_not_found",
      `Host "${host}" is not known: the only host is "local"`,
    );
  }
}

function requireValidName(name: string): void {
  const problem = sessionNameProblem(name);
  if (problem !== null) {
    throw new HttpError(
      400,
      "invalid_name",
      `Invalid session name ${JSON.stringify(name)}: ${problem}`,
    );
  }
}

export function sessionRoutes(deps: SessionRoutesDeps): Hono {
  const { sessions, monitor, notes } = deps;
  const app = new Hono();

  app.get("/sessions", async (c) => c.json(await monitor.current()));

  app.post("/sessions", async (c) => {
    const body = await readJsonObject(c);
    const host = optionalString(body, "host") ?? "local";
    requireLocalHost(host);
    const name = body.name;
    if (typeof name !== "string") {
      throw new HttpError(400, "invalid_name", 'Field "name" is required and must be a string');
    }
    const cwd = optionalString(body, "cwd");
    const command = optionalString(body, "command");
    const info = await sessions.create({
      name,
      ...(cwd !== undefined && cwd !== "" ? { cwd } : {}),
      ...(command !== undefined ? { command } : {}),
    });
    monitor.refresh().catch(() => {});
    return c.json(toSessionView(host, info, nowSeconds()), 201);
  });

  app.get("/hosts/:host/sessions/:name", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    return c.json(toSessionView(host, await sessions.get(name), nowSeconds()));
  });

  app.patch("/hosts/:host/sessions/:name", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    const body = await readJsonObject(c);
    const to = body.name;
    if (typeof to !== "string") {
      throw new HttpError(400, "invalid_name", 'Field "name" (the new name) must be a string');
    }
    const info = await sessions.rename(name, to);
    notes.rename(host, name, to);
    monitor.refresh().catch(() => {});
    return c.json(toSessionView(host, info, nowSeconds()));
  });

  app.delete("/hosts/:host/sessions/:name", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    await sessions.kill(name);
    monitor.refresh().catch(() => {});
    return c.body(null, 204);
  });

  app.post("/hosts/:host/sessions/:name/input", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    const body = await readJsonObject(c);
    const text = optionalString(body, "text");
    const keys = body.keys;
    const enter = body.enter;
    if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== "string"))) {
      throw new HttpError(400, "invalid_input", 'Field "keys" must be an array of key names');
    }
    if (enter !== undefined && typeof enter !== "boolean") {
      throw new HttpError(400, "invalid_input", 'Field "enter" must be true or false');
    }
    if (text === undefined && keys === undefined && !enter) {
      throw new HttpError(400, "invalid_input", 'Send at least one of "text", "keys" or "enter"');
    }
    if (!(await sessions.exists(name))) {
      await sessions.get(name); // throws the 404
    }
    if (text !== undefined) await sessions.sendText(name, text);
    if (keys !== undefined) await sessions.sendKeys(name, keys as string[]);
    if (enter) await sessions.sendKeys(name, ["Enter"]);
    return c.body(null, 204);
  });

  app.get("/hosts/:host/sessions/:name/screen", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    const ansi = c.req.query("ansi") === "1";
    const capture = await sessions.capture(name, { ansi });
    return c.json(capture);
  });

  app.get("/hosts/:host/sessions/:name/notes", (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    requireValidName(name);
    return c.json(notes.get(host, name));
  });

  app.put("/hosts/:host/sessions/:name/notes", async (c) => {
    const { host, name } = c.req.param();
    requireLocalHost(host);
    const body = await readJsonObject(c);
    if (typeof body.text !== "string") {
      throw new HttpError(400, "invalid_input", 'Field "text" must be a string');
    }
    if (!(await sessions.exists(name))) await sessions.get(name);
    return c.json(notes.put(host, name, body.text));
  });

  return app;
}
