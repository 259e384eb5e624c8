/** Owns the session the page's unit tests start from: every field set, any of them overridable. */

import { groupOf } from "../sessions/session_groups.ts";
import type { Session } from "./types.ts";

/** An idle local `sh` session named `name`, grouped by its name, with `extra` on top. */
export function testSession(name: string, extra: Partial<Session> = {}): Session {
  return {
    host: "local",
    name,
    id: `$${name}`,
    windows: 1,
    created: 0,
    activity: 0,
    attached: 0,
    cwd: "/",
    command: "sh",
    title: "",
    status: "idle",
    group: groupOf({ name, group: [] }),
    paneId: "%1",
    cols: 80,
    rows: 24,
    ...extra,
  };
}
