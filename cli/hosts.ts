/** Owns `maestro hosts`: list, add, remove, enable and disable workers. */

import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
  UsageError,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

interface HostRow {
  id: string;
  name: string;
  url: string | null;
  status: string;
  enabled?: boolean;
  sessionCount: number;
  lastSeen: number | null;
  error?: string;
}

/** `maestro hosts ls|add|rm|enable|disable`. */
export async function hostsCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("hosts", args, {
    json: { type: "boolean" },
    ca: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.hosts + "\n", code: 0 };
  const [action, ...rest] = pos;
  // Here --token is the worker's token; the manager's comes from $MAESTRO_TOKEN or the home.
  const api = await clientFor({ ...values, token: undefined }, env);
  switch (action) {
    case "ls":
    case undefined: {
      positionals("hosts ls", rest, 0, 0);
      const { hosts } = await api.request<{ hosts: HostRow[] }>("GET", "/api/hosts");
      if (values.json) return { stdout: JSON.stringify({ hosts }, null, 2) + "\n", code: 0 };
      const rows = [["NAME", "STATUS", "SESSIONS", "URL", "NOTE"]];
      for (const h of hosts) {
        rows.push([
          h.name,
          h.status,
          String(h.sessionCount),
          h.url ?? "(this machine)",
          h.error ?? "",
        ]);
      }
      const widths = (rows[0] as string[]).map((_, i) =>
        Math.max(...rows.map((r) => (r[i] ?? "").length))
      );
      return {
        stdout:
          rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join(
            "\n",
          ) + "\n",
        code: 0,
      };
    }
    case "add": {
      const [name, url] = positionals("hosts add", rest, 2, 2) as [string, string];
      if (typeof values.token !== "string") {
        throw new UsageError(
          "hosts add needs --token (run `maestro token` on the worker)",
          "hosts",
        );
      }
      const ca = values.ca !== undefined ? await Deno.readTextFile(values.ca) : undefined;
      const added = await api.request<HostRow>("POST", "/api/hosts", {
        name,
        url,
        token: values.token,
        ...(ca !== undefined ? { ca } : {}),
      });
      return { stdout: `Added host ${added.name} (${added.url})\n`, code: 0 };
    }
    case "rm": {
      const [name] = positionals("hosts rm", rest, 1, 1) as [string];
      await api.request("DELETE", `/api/hosts/${encodeURIComponent(name)}`);
      return { stdout: `Removed host ${name}\n`, code: 0 };
    }
    case "enable":
    case "disable": {
      const [name] = positionals(`hosts ${action}`, rest, 1, 1) as [string];
      await api.request("PATCH", `/api/hosts/${encodeURIComponent(name)}`, {
        enabled: action === "enable",
      });
      return { stdout: `${action === "enable" ? "Enabled" : "Disabled"} host ${name}\n`, code: 0 };
    }
    default:
      throw new UsageError(`Unknown hosts action "${action}"`, "hosts");
  }
}
