/** Owns `maestro restore` and `maestro ls --restorable`: sessions that vanished, brought back. */

import type { RestorableSession, RestoreResult } from "../protocol/restorable.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  UsageError,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/**
 * Each agent pane's conversation, as the table shows it: `claude 266d34bf`, or `codex unknown`
 * when its id could not be told (it will not be resumed). Pure.
 */
export function conversationsCell(session: RestorableSession): string {
  const cells = session.windows.flatMap((w) => w.panes).filter((p) => p.agent !== undefined)
    .map((p) => `${p.agent} ${p.conversation?.slice(0, 8) ?? "unknown"}`);
  return cells.length === 0 ? "-" : cells.join(", ");
}

/** The restorable sessions as an aligned table (`maestro ls --restorable`). Pure. */
export function formatRestorableTable(
  sessions: readonly RestorableSession[],
  nowSeconds: number,
): string {
  if (sessions.length === 0) return "No restorable sessions.\n";
  const rows = [[
    "NAME",
    "VANISHED",
    "WINDOWS",
    "PANES",
    "AGENT",
    "CONVERSATION",
    "COMMAND",
    "CWD",
  ]];
  for (const s of sessions) {
    const ago = Math.max(0, nowSeconds - s.vanishedAt);
    rows.push([
      s.name,
      ago < 3600 ? `${Math.floor(ago / 60)}m ago` : `${Math.floor(ago / 3600)}h ago`,
      String(Math.max(1, s.windows.length)),
      String(Math.max(1, s.windows.reduce((n, w) => n + w.panes.length, 0))),
      s.agent ?? "-",
      conversationsCell(s),
      s.command || "-",
      s.cwd,
    ]);
  }
  const widths = (rows[0] as string[]).map((_, i) =>
    Math.max(...rows.map((r) => (r[i] ?? "").length))
  );
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd())
    .join("\n") + "\n";
}

/** `maestro ls --restorable [--json] [--host H]`. */
export async function lsRestorable(
  values: { json?: boolean; host?: string; url?: string; token?: string; home?: string },
  env: CommandContext["env"],
): Promise<CommandResult> {
  const api = await clientFor(values, env);
  const host = values.host ?? "local";
  const list = await api.request<{ restorable: RestorableSession[] }>(
    "GET",
    host === "local" ? "/api/restorable" : `/api/restorable?host=${encodeURIComponent(host)}`,
  );
  if (values.json) return { stdout: JSON.stringify(list, null, 2) + "\n", code: 0 };
  return { stdout: formatRestorableTable(list.restorable, Math.floor(Date.now() / 1000)), code: 0 };
}

/**
 * `maestro restore NAME... | --all [--rerun] [--host H]`, `--forget NAME...`, or
 * `--undo NAME... [--rerun]` (sessions just killed through Maestro).
 */
export async function restoreCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: names } = parse("restore", args, {
    all: { type: "boolean" },
    rerun: { type: "boolean" },
    forget: { type: "boolean" },
    undo: { type: "boolean" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.restore + "\n", code: 0 };
  if (values.undo && (values.all || values.forget || names.length === 0)) {
    throw new UsageError("--undo takes session names, without --all or --forget", "restore");
  }
  if (values.forget) {
    if (values.all || values.rerun || names.length === 0) {
      throw new UsageError("--forget takes session names, without --all or --rerun", "restore");
    }
    const api = await clientFor(values, env);
    const query = values.host === undefined ? "" : `?host=${encodeURIComponent(values.host)}`;
    for (const name of names) {
      await api.request("DELETE", `/api/restorable/${encodeURIComponent(name)}${query}`);
    }
    return { stdout: names.map((name) => `Forgot ${name}\n`).join(""), code: 0 };
  }
  if (values.all && names.length > 0) {
    throw new UsageError("Give session names or --all, not both", "restore");
  }
  if (!values.all && names.length === 0) {
    throw new UsageError("Say what to restore: NAME... or --all", "restore");
  }
  const api = await clientFor(values, env);
  const { results } = await api.request<{ results: RestoreResult[] }>("POST", "/api/restore", {
    ...(values.all ? { all: true } : { names }),
    ...(values.rerun ? { rerun: true } : {}),
    ...(values.undo ? { undo: true } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
  });
  const stdout = results.filter((r) => r.ok).map((r) => {
    const resumed = (r.resumed ?? []).map((c) => `${c.agent} ${c.conversation}`);
    return `Restored ${r.name}${resumed.length > 0 ? ` (resumed ${resumed.join(", ")})` : ""}\n`;
  }).join("");
  const failed = results.filter((r) => !r.ok);
  const stderr = failed.map((r) => `${r.error?.message ?? `Cannot restore ${r.name}`}\n`).join("");
  if (results.length === 0) return { stdout: "Nothing to restore.\n", code: 0 };
  return { stdout, ...(stderr ? { stderr } : {}), code: failed.length > 0 ? 1 : 0 };
}
