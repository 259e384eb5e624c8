/** Owns the session commands: `ls`, `new`, `send`, `rename`, `kill`. */

import { compareNames } from "../protocol/name_order.ts";
import type { SessionList, SessionView } from "../protocol/session.ts";
import { UNDO_KILL_SECONDS } from "../protocol/restorable.ts";
import { sessionPath } from "./api_client.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
  UsageError,
} from "./command_context.ts";
import { lsRestorable } from "./restore.ts";
import { USAGE } from "./usage.ts";
import { parseStatus, STATUS_WORDS } from "./wait_for_status.ts";

function ago(seconds: number): string {
  const delta = Math.max(0, Math.floor(Date.now() / 1000) - seconds);
  if (delta < 60) return `${delta}s`;
  if (delta < 3600) return `${Math.floor(delta / 60)}m`;
  if (delta < 86400) return `${Math.floor(delta / 3600)}h`;
  return `${Math.floor(delta / 86400)}d`;
}

/**
 * Sessions in the order the page's tree shows them: host by host, in the order of `hosts` (the
 * server lists this machine first; a host it leaves out comes after, in order of appearance),
 * each host's sessions by name in natural order (`scratch-2` before `scratch-10`).
 */
export function listingOrder<T extends Pick<SessionView, "host" | "name">>(
  sessions: readonly T[],
  hosts: readonly { id: string }[] = [],
): T[] {
  const hostAt = new Map<string, number>();
  for (const id of [...hosts.map((h) => h.id), ...sessions.map((s) => s.host)]) {
    if (!hostAt.has(id)) hostAt.set(id, hostAt.size);
  }
  return [...sessions].sort((a, b) =>
    (hostAt.get(a.host) ?? 0) - (hostAt.get(b.host) ?? 0) || compareNames(a.name, b.name)
  );
}

/** Render sessions as an aligned table. */
export function formatSessionTable(sessions: readonly SessionView[]): string {
  if (sessions.length === 0) return "No sessions.\n";
  const rows = [["NAME", "HOST", "STATUS", "RULE", "ACTIVE", "COMMAND", "CWD"]];
  for (const s of sessions) {
    rows.push([s.name, s.host, s.status, s.statusRule ?? "-", ago(s.activity), s.command, s.cwd]);
  }
  const widths = (rows[0] as string[]).map((_, i) =>
    Math.max(...rows.map((r) => (r[i] ?? "").length))
  );
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd())
    .join("\n") + "\n";
}

/** `maestro ls [--json] [--status S]`. */
export async function lsCommand(args: string[], { env }: CommandContext): Promise<CommandResult> {
  const { values } = parse("ls", args, {
    json: { type: "boolean" },
    status: { type: "string" },
    restorable: { type: "boolean" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.ls + "\n", code: 0 };
  if (values.restorable) {
    if (values.status !== undefined) {
      throw new UsageError("--status does not apply to --restorable sessions", "ls");
    }
    return await lsRestorable(values, env);
  }
  const words = values.status?.split(",").map((s) => s.trim());
  const unknown = words?.find((word) => parseStatus(word) === null);
  if (unknown !== undefined) {
    throw new UsageError(
      `--status ${JSON.stringify(unknown)} is not a status: use ${STATUS_WORDS}`,
      "ls",
    );
  }
  const wanted = words?.map((word) => parseStatus(word) as string);
  const api = await clientFor(values, env);
  const list = await api.request<SessionList>("GET", "/api/sessions");
  const sessions = listingOrder(
    list.sessions.filter((s) => !wanted || wanted.includes(s.status)),
    list.hosts,
  );
  if (values.json) {
    return { stdout: JSON.stringify({ ...list, sessions }, null, 2) + "\n", code: 0 };
  }
  return { stdout: formatSessionTable(sessions), code: 0 };
}

/** `maestro new NAME [--cwd DIR] [--cmd COMMAND] [--host H]`. */
export async function newCommand(args: string[], { env }: CommandContext): Promise<CommandResult> {
  const { values, positionals: pos } = parse("new", args, {
    cwd: { type: "string" },
    cmd: { type: "string" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.new + "\n", code: 0 };
  const [name] = positionals("new", pos, 1, 1);
  const api = await clientFor(values, env);
  const created = await api.request<SessionView>("POST", "/api/sessions", {
    name,
    ...(values.cwd !== undefined ? { cwd: values.cwd } : {}),
    ...(values.cmd !== undefined ? { command: values.cmd } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
  });
  return { stdout: `Created ${created.name} on ${created.host}\n`, code: 0 };
}

/** `maestro send NAME TEXT [--enter]`. */
export async function sendCommand(args: string[], { env }: CommandContext): Promise<CommandResult> {
  const { values, positionals: pos } = parse("send", args, {
    enter: { type: "boolean" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.send + "\n", code: 0 };
  const [name, text] = positionals("send", pos, 2, 2) as [string, string];
  const api = await clientFor(values, env);
  await api.request("POST", sessionPath(values.host ?? "local", name, "/input"), {
    text,
    ...(values.enter ? { enter: true } : {}),
  });
  return { stdout: "", code: 0 };
}

/** `maestro rename OLD NEW`. */
export async function renameCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("rename", args, { host: { type: "string" } });
  if (values.help) return { stdout: USAGE.rename + "\n", code: 0 };
  const [from, to] = positionals("rename", pos, 2, 2) as [string, string];
  const api = await clientFor(values, env);
  await api.request("PATCH", sessionPath(values.host ?? "local", from), { name: to });
  return { stdout: `Renamed ${from} to ${to}\n`, code: 0 };
}

/** `maestro kill NAME`. */
export async function killCommand(args: string[], { env }: CommandContext): Promise<CommandResult> {
  const { values, positionals: pos } = parse("kill", args, { host: { type: "string" } });
  if (values.help) return { stdout: USAGE.kill + "\n", code: 0 };
  const [name] = positionals("kill", pos, 1, 1) as [string];
  const api = await clientFor(values, env);
  await api.request("DELETE", sessionPath(values.host ?? "local", name));
  const host = values.host === undefined ? "" : ` --host ${values.host}`;
  return {
    stdout:
      `Killed ${name} (for ${UNDO_KILL_SECONDS} s, undo: maestro restore --undo ${name}${host})\n`,
    code: 0,
  };
}
