/** Owns `maestro broadcast`: one input typed into several sessions. */

import type { SessionView } from "../protocol/session.ts";
import { broadcastTargets, formatResults, type TargetResult } from "./broadcast_targets.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
  UsageError,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/** `maestro broadcast [TEXT] (--group G | --to NAME)... [--enter] [--key KEY]...`. */
export async function broadcastCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("broadcast", args, {
    group: { type: "string", multiple: true } as const,
    to: { type: "string", multiple: true } as const,
    key: { type: "string", multiple: true } as const,
    enter: { type: "boolean" },
  });
  if (values.help) return { stdout: USAGE.broadcast + "\n", code: 0 };
  const [text] = positionals("broadcast", pos, 0, 1);
  const groups = values.group ?? [];
  const to = values.to ?? [];
  if (groups.length === 0 && to.length === 0) {
    throw new UsageError("Say where to send: --group GROUP or --to NAME", "broadcast");
  }
  if (text === undefined && values.key === undefined && !values.enter) {
    throw new UsageError("Nothing to send: give TEXT, --enter or --key", "broadcast");
  }
  const api = await clientFor({ url: values.url, token: values.token, home: values.home }, env);
  const listed = groups.length === 0
    ? []
    : (await api.request<{ sessions: SessionView[] }>("GET", "/api/sessions")).sessions;
  const { results } = await api.request<{ results: TargetResult[] }>(
    "POST",
    "/api/broadcast",
    {
      targets: broadcastTargets(to, groups, listed),
      ...(text !== undefined ? { text } : {}),
      ...(values.key !== undefined ? { keys: values.key } : {}),
      ...(values.enter ? { enter: true } : {}),
    },
  );
  const { stdout, stderr, failed } = formatResults(results);
  return { stdout, stderr, code: failed === 0 ? 0 : 1 };
}
