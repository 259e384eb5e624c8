/**
 * Owns the files route: `POST /api/hosts/:host/sessions/:name/files` saves the raw body as a new
 * file in the session's working directory (on its host: a manager forwards it to the worker) and
 * answers its path. The name travels percent-encoded in the `x-file-name` header. Thin.
 */

import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { UPLOAD_MAX_BYTES } from "../../protocol/limits.ts";
import {
  UPLOAD_NAME_HEADER,
  UPLOAD_NAME_RULE,
  uploadNameProblem,
} from "../../protocol/upload_name.ts";
import type { SessionService } from "../../tmux/mod.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { RawBody } from "../hosts/remote_host.ts";
import { HttpError } from "../http_error.ts";
import { saveUpload } from "../session_files.ts";
import { workerPath } from "./session_address.ts";
import { proxyToHost, resolveHost } from "./sessions.ts";

export interface FileRoutesDeps {
  sessions: SessionService;
  hosts?: HostRegistry;
}

const MIB = 1024 * 1024;

function tooLarge(): never {
  throw new HttpError(
    413,
    "too_large",
    `Cannot upload a file over ${UPLOAD_MAX_BYTES / MIB} MiB (${UPLOAD_MAX_BYTES} bytes)`,
  );
}

/** The file's name from its header, checked against the rule. */
function fileName(c: Context): string {
  const raw = c.req.header(UPLOAD_NAME_HEADER);
  if (raw === undefined || raw === "") {
    throw new HttpError(
      400,
      "invalid_file_name",
      `Cannot upload a file without a name: send it in the ${UPLOAD_NAME_HEADER} header`,
    );
  }
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new HttpError(
      400,
      "invalid_file_name",
      `Cannot read the file name ${JSON.stringify(raw)}: percent-encode it as UTF-8`,
    );
  }
  const problem = uploadNameProblem(name);
  if (problem !== null) {
    throw new HttpError(
      400,
      "invalid_file_name",
      `Invalid file name ${JSON.stringify(name)}: ${problem} (${UPLOAD_NAME_RULE})`,
    );
  }
  return name;
}

export function fileRoutes(deps: FileRoutesDeps): Hono {
  const app = new Hono();
  app.post(
    "/hosts/:host/sessions/:name/files",
    (c, next) => {
      const length = Number(c.req.header("content-length") ?? NaN);
      if (length > UPLOAD_MAX_BYTES) tooLarge();
      return next();
    },
    bodyLimit({ maxSize: UPLOAD_MAX_BYTES, onError: () => tooLarge() }),
    async (c) => {
      const session = c.req.param("name");
      const remote = resolveHost(deps.hosts, c.req.param("host"));
      const name = fileName(c);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (remote) {
        const body = new RawBody(bytes, {
          [UPLOAD_NAME_HEADER]: encodeURIComponent(name),
          "content-type": "application/octet-stream",
        });
        return await proxyToHost(c, remote, "POST", workerPath(session, "/files"), body);
      }
      const { cwd } = await deps.sessions.get(session);
      if (cwd === "") {
        throw new HttpError(
          409,
          "no_directory",
          `Cannot upload into session "${session}": tmux does not know its working directory`,
        );
      }
      return c.json(await saveUpload(cwd, name, bytes), 201);
    },
  );
  return app;
}
