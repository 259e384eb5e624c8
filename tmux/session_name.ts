/**
 * The rule for the names Maestro gives sessions (creating, renaming to) and the group path a name
 * stands for: the protocol's (protocol/session_name.ts). Sessions made outside Maestro may have any
 * name tmux allows; they are found by exact name in the session list, never by a tmux target
 * (session_lookup.ts).
 */

export {
  groupPath,
  SESSION_NAME_MAX,
  SESSION_NAME_RULE,
  sessionNameProblem,
} from "../protocol/session_name.ts";
