/** Owns `maestro mute` and `maestro unmute`, and listing the muted sessions. */

import { sessionPath } from "./api_client.ts";
import { broadcastTargets, refText, type TargetRef } from "./broadcast_targets.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  UsageError,
} from "./command_context.ts";
import type { SessionView } from "../protocol/session.ts";
import { USAGE } from "./usage.ts";

/**
 * `maestro mute [NAME...] [--group G]...` (nothing named: list them) and `maestro unmute` with the
 * same targets. One name goes through the session's own route; several, or a group, through
 * `PUT /api/mutes`, all or nothing.
 */
export async function muteCommand(
  command: "mute" | "unmute",
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: names } = parse(command, args, {
    host: { type: "string" },
    group: { type: "string", multiple: true } as const,
  });
  if (values.help) return { stdout: USAGE[command] + "\n", code: 0 };
  const groups = values.group ?? [];
  const muted = command === "mute";
  const api = await clientFor({ url: values.url, token: values.token, home: values.home }, env);
  if (names.length === 0 && groups.length === 0) {
    if (!muted) throw new UsageError("Say what to unmute: NAME or --group GROUP", command);
    const { muted: list } = await api.request<{ muted: TargetRef[] }>("GET", "/api/mutes");
    return { stdout: list.map((m) => listLine(m) + "\n").join(""), code: 0 };
  }
  const host = values.host ?? "local";
  if (names.length === 1 && groups.length === 0) {
    const [name] = names as [string];
    await api.request("PUT", sessionPath(host, name, "/mute"), { muted });
    return { stdout: `${muted ? "Muted" : "Unmuted"} ${name}\n`, code: 0 };
  }
  const listed = groups.length === 0
    ? []
    : (await api.request<{ sessions: SessionView[] }>("GET", "/api/sessions")).sessions;
  const named = names.map((name) => (name.includes("/") ? name : `${host}/${name}`));
  const targets = broadcastTargets(named, groups, listed);
  await api.request("PUT", "/api/mutes", { targets, muted });
  return {
    stdout: targets.map((t) => `${muted ? "Muted" : "Unmuted"} ${refText(t)}\n`).join(""),
    code: 0,
  };
}

function listLine(m: TargetRef): string {
  return m.host === "local" ? m.name : `${m.name} (${m.host})`;
}
