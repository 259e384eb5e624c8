/**
 * Owns the names the page uses for the protocol's shapes (DESIGN §5): the contract itself lives in
 * protocol/, shared with the server and the CLI, so the ends cannot drift.
 */

import { sessionPath as protocolSessionPath } from "../../protocol/api_paths.ts";
import type { SessionRef } from "../../protocol/session.ts";

export type { HostDetails, HostInput, HostPatch } from "../../protocol/hosts.ts";
export type {
  Health,
  HostView as Host,
  Notes,
  PromptOption,
  SessionList,
  SessionPrompt,
  SessionRef,
  SessionStatus,
  SessionView as Session,
} from "../../protocol/session.ts";
export { sessionKey } from "../../protocol/session.ts";

/** The API path of one session. */
export function sessionPath(ref: SessionRef): string {
  return protocolSessionPath(ref.host, ref.name);
}
