/** Owns exact-match tmux targets for sessions; the naming rule itself is the protocol's. */

export {
  groupPath,
  SESSION_NAME_MAX,
  SESSION_NAME_RULE,
  sessionNameProblem,
} from "../protocol/session_name.ts";

/** A tmux target that matches exactly this session (never a prefix or pattern). */
export function sessionTarget(name: string): string {
  return `=${name}`;
}
