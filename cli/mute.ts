/** Owns `maestro mute` and `maestro unmute`, and listing the muted sessions. */

import { sessionPath } from "./api_client.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/** `maestro mute [NAME]` (no name: list them) and `maestro unmute NAME`. */
export async function muteCommand(
  command: "mute" | "unmute",
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse(command, args, { host: { type: "string" } });
  if (values.help) return { stdout: USAGE[command] + "\n", code: 0 };
  const [name] = positionals(command, pos, command === "mute" ? 0 : 1, 1);
  const api = await clientFor(values, env);
  if (name === undefined) {
    const { muted } = await api.request<{ muted: { host: string; name: string }[] }>(
      "GET",
      "/api/mutes",
    );
    return {
      stdout: muted.map((m) => (m.host === "local" ? m.name : `${m.name} (${m.host})`))
        .map((line) => line + "\n").join(""),
      code: 0,
    };
  }
  const host = values.host ?? "local";
  await api.request("PUT", sessionPath(host, name, "/mute"), { muted: command === "mute" });
  return { stdout: `${command === "mute" ? "Muted" : "Unmuted"} ${name}\n`, code: 0 };
}
