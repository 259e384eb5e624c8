/** Owns the made-up session identities the notes tests and their writer process use. */

import type { SessionRef } from "./session_records.ts";

/** A session identity standing for `name` on `host` (the id is made from the name). */
export function noteRef(host: string, name: string): SessionRef {
  return { host, id: `$${name}`, created: 1, name };
}
