/** Owns the hosts routes: list, add (tested first), edit, remove. Tokens are never returned. */

import { Hono } from "hono";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { HttpError, optionalString, readJsonObject } from "../http_error.ts";
import type { SessionMonitor } from "../session_monitor.ts";

export interface HostRoutesDeps {
  /** Absent in apps built without remote hosts (only "local" exists). */
  hosts?: HostRegistry;
  monitor: SessionMonitor;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") {
    throw new HttpError(400, "invalid_input", `Field "${field}" must be true or false`);
  }
  return value;
}

/** `ca` is PEM text; an empty string removes it. */
function optionalCa(body: Record<string, unknown>): string | null | undefined {
  const ca = optionalString(body, "ca");
  if (ca === undefined) return undefined;
  if (ca.trim() === "") return null;
  if (!ca.includes("-----BEGIN CERTIFICATE-----")) {
    throw new HttpError(
      400,
      "invalid_input",
      'Field "ca" must be a PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
  }
  return ca;
}

export function hostRoutes(deps: HostRoutesDeps): Hono {
  const { monitor } = deps;
  const registry = (): HostRegistry => {
    if (!deps.hosts) {
      throw new HttpError(404, "host_not_found", 'This server knows only the "local" host');
    }
    return deps.hosts;
  };
  const app = new Hono();

  app.get("/hosts", async (c) => {
    const local = (await monitor.current()).hosts[0];
    return c.json({
      hosts: [
        { ...local, url: null, enabled: true, tls: false, trustsCustomCa: false },
        ...(deps.hosts?.list().map((host) => registry().details(host)) ?? []),
      ],
    });
  });

  app.get("/hosts/:id", async (c) => {
    const id = c.req.param("id");
    if (id === "local") return c.json((await monitor.current()).hosts[0]);
    return c.json(registry().details(registry().get(id)));
  });

  app.post("/hosts", async (c) => {
    const body = await readJsonObject(c);
    const ca = optionalCa(body);
    const added = await registry().add({
      name: body.name as string,
      url: body.url as string,
      token: body.token as string,
      ...(ca !== undefined ? { caCert: ca } : {}),
    });
    return c.json(added, 201);
  });

  app.patch("/hosts/:id", async (c) => {
    const id = c.req.param("id");
    if (id === "local") {
      throw new HttpError(400, "invalid_input", 'The "local" host cannot be edited');
    }
    const body = await readJsonObject(c);
    const name = optionalString(body, "name");
    const url = optionalString(body, "url");
    const token = optionalString(body, "token");
    const enabled = optionalBoolean(body, "enabled");
    const ca = optionalCa(body);
    return c.json(
      await registry().update(id, {
        ...(name !== undefined ? { name } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        ...(ca !== undefined ? { caCert: ca } : {}),
      }),
    );
  });

  app.delete("/hosts/:id", async (c) => {
    const id = c.req.param("id");
    if (id === "local") {
      throw new HttpError(400, "invalid_input", 'The "local" host cannot be removed');
    }
    await registry().remove(id);
    return c.body(null, 204);
  });

  return app;
}
