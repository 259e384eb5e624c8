/** Owns `maestro token`: print this machine's token, or rotate it. */

import {
  type CommandContext,
  type CommandResult,
  homeOf,
  parse,
  positionals,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/** `maestro token [--rotate] [--home DIR]`. */
export async function tokenCommand(
  args: string[],
  { env, tokens }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("token", args, { rotate: { type: "boolean" } });
  if (values.help) return { stdout: USAGE.token + "\n", code: 0 };
  positionals("token", pos, 0, 0);
  const home = homeOf(values, env);
  if (values.rotate) {
    const token = await tokens.rotate(home);
    return {
      stdout: token + "\n",
      stderr: "New token written. A running Maestro takes it at once; every browser signed in " +
        "with the old one must sign in again.\n",
      code: 0,
    };
  }
  return { stdout: (await tokens.read(home)) + "\n", code: 0 };
}
