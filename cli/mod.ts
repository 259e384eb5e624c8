/**
 * The command-line client of the HTTP API (DESIGN §2): which commands there are and which file
 * runs each. Like the page, it knows the server only through protocol/ and HTTP.
 */

import { answerCommand } from "./answer.ts";
import { broadcastCommand } from "./broadcast.ts";
import { type CommandContext, type CommandResult, UsageError } from "./command_context.ts";
import { hostsCommand } from "./hosts.ts";
import { muteCommand } from "./mute.ts";
import { restoreCommand } from "./restore.ts";
import { notesCommand } from "./notes.ts";
import { searchCommand } from "./search.ts";
import { killCommand, lsCommand, newCommand, renameCommand, sendCommand } from "./sessions.ts";
import { tokenCommand } from "./token.ts";
import { waitCommand } from "./wait.ts";

export { ApiError } from "./api_client.ts";
export {
  type CommandContext,
  type CommandResult,
  type TokenFile,
  UsageError,
} from "./command_context.ts";
export { USAGE } from "./usage.ts";
export { WAIT_TIMEOUT_CODE } from "./wait.ts";
export { workerInstructions } from "./worker_instructions.ts";

type Command = (args: string[], context: CommandContext) => Promise<CommandResult>;

/** Every client command, by the word that starts it. */
const COMMANDS: Record<string, Command> = {
  ls: lsCommand,
  new: newCommand,
  send: sendCommand,
  answer: answerCommand,
  broadcast: broadcastCommand,
  rename: renameCommand,
  kill: killCommand,
  notes: notesCommand,
  mute: (args, context) => muteCommand("mute", args, context),
  unmute: (args, context) => muteCommand("unmute", args, context),
  restore: restoreCommand,
  token: tokenCommand,
  hosts: hostsCommand,
  search: searchCommand,
  wait: waitCommand,
};

/** Whether `word` starts a client command (anything else is `serve`, `worker` or a mistake). */
export function isClientCommand(word: string): boolean {
  return Object.hasOwn(COMMANDS, word);
}

/** Run a client command; `command` is not "serve". */
export function runClientCommand(
  command: string,
  args: string[],
  context: CommandContext,
): Promise<CommandResult> {
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) throw new UsageError(`Unknown command "${command}"`, "main");
  return run(args, context);
}
