/** Owns `maestro notes`: print or replace a session's notes. */

import { sessionPath } from "./api_client.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/** `maestro notes NAME [TEXT | -]`. */
export async function notesCommand(
  args: string[],
  context: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("notes", args, { host: { type: "string" } });
  if (values.help) return { stdout: USAGE.notes + "\n", code: 0 };
  const [name, text] = positionals("notes", pos, 1, 2) as [string, string | undefined];
  const api = await clientFor(values, context.env);
  const path = sessionPath(values.host ?? "local", name, "/notes");
  if (text === undefined) {
    const note = await api.request<{ text: string }>("GET", path);
    return {
      stdout: note.text === "" || note.text.endsWith("\n") ? note.text : note.text + "\n",
      code: 0,
    };
  }
  const body = text === "-" ? await context.readStdin() : text;
  await api.request("PUT", path, { text: body });
  return { stdout: "", code: 0 };
}
