/**
 * Owns the CLI's client commands (ls, new, send, broadcast, rename, kill, notes, mute, search,
 * wait, token) and their usage.
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import type { SearchResult } from "../search/session_search.ts";
import type { SessionView } from "../session_view.ts";
import { loadOrCreateToken, rotateToken } from "../token_store.ts";
import { ApiClient, sessionPath } from "./api_client.ts";
import { broadcastTargets, formatResults, type TargetResult } from "./broadcast_targets.ts";
import { SESSION_STATUSES, waitForStatus } from "./wait_for_status.ts";

/** Printed output and exit code of one command (main.ts writes them). */
export interface CommandResult {
  stdout: string;
  stderr?: string;
  code: number;
}

/** A usage mistake: print the command's usage and exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command: string) {
    super(message);
    this.name = "UsageError";
  }
}

const CLIENT_OPTIONS =
  "  --url URL     Maestro to talk to (default $MAESTRO_URL or http://127.0.0.1:23000)\n" +
  "  --token T     token (default $MAESTRO_TOKEN or the one in $MAESTRO_HOME/token)\n" +
  "  --home DIR    Maestro home (default $MAESTRO_HOME or ~/.maestro)";

export const USAGE: Record<string, string> = {
  main: `maestro — mission control for AI coding agents in tmux

Usage:
  maestro [serve] [options]          start the server and dashboard (default)
  maestro ls [--json] [--status S]   list sessions (only those working, idle, waiting, exited)
  maestro new NAME [--cwd DIR] [--cmd COMMAND]
                                     create a session (optionally running a command)
  maestro send NAME TEXT [--enter]   type text into a session
  maestro broadcast [TEXT] (--group GROUP | --to NAME)... [--enter] [--key KEY]...
                                     type into several sessions at once
  maestro rename OLD NEW             rename a session
  maestro kill NAME                  kill a session
  maestro notes NAME [TEXT]          show, or replace, a session's notes
  maestro mute [NAME] | unmute NAME  silence a session's notifications (no NAME: list muted)
  maestro search TEXT [--scrollback N] [--json]
                                     find text on every session's screen
  maestro wait NAME --for STATUS [--timeout SECONDS]
                                     block until a session is waiting, idle, working or exited
  maestro token [--rotate]           print (or replace) this machine's token
  maestro worker [options]           serve on all interfaces for a manager to relay
  maestro hosts add NAME URL --token T [--ca FILE]
                                     add a worker to this manager (tested first)
  maestro hosts ls | rm NAME | enable NAME | disable NAME
  maestro --version | --help | COMMAND --help`,
  serve: `Usage: maestro serve [options]

Start the server and the dashboard. Prints the URL to open (with the token).
  --host H             address to listen on (default 127.0.0.1)
  --port P             port (default 23000; 0 picks a free one)
  --home DIR           Maestro home: token and database (default $MAESTRO_HOME or ~/.maestro)
  --tmux-socket NAME   use a private tmux server (tmux -L NAME)
  --tmux-config FILE   tmux config file (tmux -f FILE)
  --token T            use this token instead of the stored one
  --no-auth            no token (only allowed on a loopback address)
  --allow-host NAME    also answer to this host name (repeatable); this machine's own host name
                       and localhost are always accepted
  --log-level L        debug, info, warn or error (default info)
  --host-ping-ms MS    ping each worker this often; silent for 3 pings is offline (default 2000)`,
  ls: `Usage: maestro ls [--json] [--status STATUS]

List every session with its status and the rule that decided it (see docs/STATUS.md).
  --json           print the API's JSON
  --status S       only sessions with this status: working, idle, waiting or exited
                   (several with commas: --status waiting,idle)
${CLIENT_OPTIONS}`,
  new: `Usage: maestro new NAME [--cwd DIR] [--cmd COMMAND]

Create a session. Names: 1-64 letters, digits, "_" and "-", not starting with "-".
  --cwd DIR        working directory (must exist)
  --cmd COMMAND    command typed into the session's shell, e.g. claude
${CLIENT_OPTIONS}`,
  send: `Usage: maestro send NAME TEXT [--enter]

Type TEXT into the session.
  --enter          press Enter after the text
${CLIENT_OPTIONS}`,
  broadcast:
    `Usage: maestro broadcast [TEXT] (--group GROUP | --to NAME)... [--enter] [--key KEY]...

Type TEXT into several sessions at once and print one line per session: "sent NAME" or
"failed NAME: why". Exits 1 when any session did not get it. Every option repeats.
  --group GROUP    every session in a sidebar group: "customers" or "customers-zoom"
                   (on every host; HOST/GROUP for one host)
  --to NAME        one session (HOST/NAME for a session on a worker)
  --enter          press Enter after the text
  --key KEY        then press a tmux key, e.g. C-c, Escape, Up, Enter
${CLIENT_OPTIONS}

Example: maestro broadcast --group customers "git pull" --enter`,
  rename:
    `Usage: maestro rename OLD NEW\n\nRename a session (its notes move along).\n${CLIENT_OPTIONS}`,
  kill: `Usage: maestro kill NAME\n\nKill a session (its notes are kept).\n${CLIENT_OPTIONS}`,
  notes: `Usage: maestro notes NAME [TEXT]

Print the session's notes, or replace them with TEXT ("-" reads standard input).
${CLIENT_OPTIONS}`,
  mute: `Usage: maestro mute [NAME] [--host HOST]

Mute a session: the dashboard neither notifies nor counts it when it waits for input. Without
NAME, list the muted sessions. The mute follows a rename and ends when Maestro kills the session.
${CLIENT_OPTIONS}`,
  unmute: `Usage: maestro unmute NAME [--host HOST]

Notify about the session again when it waits for input.
${CLIENT_OPTIONS}`,
  worker: `Usage: maestro worker [serve options]

Serve this machine's sessions for a manager: like \`maestro serve\` but listening on all interfaces
(0.0.0.0) unless --host is given, and printing the command to run on the manager. The token is
always required. Use --tls-cert/--tls-key for HTTPS, or reach it over Tailscale, WireGuard or an
SSH tunnel (see the README). A manager that adds it by a name other than this machine's host name
(e.g. mini.lan) needs --allow-host mini.lan.`,
  hosts: `Usage:
  maestro hosts ls [--json]                        list hosts and their state
  maestro hosts add NAME URL --token T [--ca FILE] add a worker (tested first)
  maestro hosts rm NAME                            remove a worker
  maestro hosts enable NAME | disable NAME         start or stop relaying a worker

--ca FILE trusts that PEM certificate (or CA) for an https:// worker.
${CLIENT_OPTIONS}`,
  search: `Usage: maestro search TEXT [--scrollback N] [--limit N] [--json]

Find TEXT (plain text, any case) on the screen of every session, on every host, and print each
matching line as HOST/NAME:LINE: TEXT. LINE 0 is the top row of the screen; -N is N lines above it
in the scrollback. Exits 1 when nothing matches.
  --scrollback N   also search N lines of scrollback above each screen (0-10000, default 0)
  --limit N        print at most N matches (1-1000, default 200)
  --json           print the API's JSON
${CLIENT_OPTIONS}`,
  wait: `Usage: maestro wait NAME --for STATUS [--timeout SECONDS] [--host HOST]

Block until the session's status is STATUS, print it and exit 0 (at once if it already is).
  --for S          working, idle, waiting or exited (a session that goes away counts as exited)
  --timeout S      give up after S seconds and exit 124 (default: wait for ever)
  --host HOST      the session's host (default local)
An unknown session, or one that goes away while waiting for another status, exits 1.
A shell back at its prompt is waiting too: on a shell session, --for waiting returns once the
command typed into it has finished.
  maestro wait api --for waiting --timeout 3600 && notify-send "api needs you"
  maestro send build "make test" --enter && maestro wait build --for waiting
${CLIENT_OPTIONS}`,
  token: `Usage: maestro token [--rotate] [--home DIR]

Print this machine's token, or replace it with a new one (--rotate). A running server takes the
new token at once, and every browser signed in with the old one must sign in again.`,
};

export interface ClientEnv {
  env: Record<string, string>;
  readStdin: () => Promise<string>;
}

const clientFlags = {
  url: { type: "string" },
  token: { type: "string" },
  home: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parse<T extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  command: string,
  args: string[],
  extra: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...clientFlags, ...extra },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

function homeOf(
  values: { home?: string | boolean | undefined },
  env: Record<string, string>,
): string {
  if (typeof values.home === "string") return values.home;
  return env.MAESTRO_HOME ?? join(env.HOME ?? ".", ".maestro");
}

async function clientFor(
  values: Record<string, string | boolean | undefined>,
  env: Record<string, string>,
): Promise<ApiClient> {
  const url = (values.url as string | undefined) ?? env.MAESTRO_URL ?? "http://127.0.0.1:23000";
  let token = (values.token as string | undefined) ?? env.MAESTRO_TOKEN ?? null;
  if (token === null) {
    try {
      token = (await Deno.readTextFile(join(homeOf(values, env), "token"))).trim();
    } catch {
      token = null; // The server may run with --no-auth.
    }
  }
  return new ApiClient({ url, token });
}

function positionals(command: string, list: string[], min: number, max: number): string[] {
  if (list.length < min || list.length > max) {
    const want = min === max ? `${min}` : `${min}-${max}`;
    throw new UsageError(`"${command}" takes ${want} argument(s), got ${list.length}`, command);
  }
  return list;
}

function ago(seconds: number): string {
  const delta = Math.max(0, Math.floor(Date.now() / 1000) - seconds);
  if (delta < 60) return `${delta}s`;
  if (delta < 3600) return `${Math.floor(delta / 60)}m`;
  if (delta < 86400) return `${Math.floor(delta / 3600)}h`;
  return `${Math.floor(delta / 86400)}d`;
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

/** Run a client command; `command` is not "serve". */
export async function runClientCommand(
  command: string,
  args: string[],
  context: ClientEnv,
): Promise<CommandResult> {
  const { env } = context;
  switch (command) {
    case "ls": {
      const { values } = parse("ls", args, {
        json: { type: "boolean" },
        status: { type: "string" },
      });
      if (values.help) return { stdout: USAGE.ls + "\n", code: 0 };
      const wanted = values.status?.split(",").map((s) => s.trim());
      const unknown = wanted?.find((s) => !(SESSION_STATUSES as string[]).includes(s));
      if (unknown !== undefined) {
        throw new UsageError(
          `--status ${JSON.stringify(unknown)} is not a status: use ${SESSION_STATUSES.join(", ")}`,
          "ls",
        );
      }
      const api = await clientFor(values, env);
      const list = await api.request<{ sessions: SessionView[] }>("GET", "/api/sessions");
      const sessions = list.sessions.filter((s) => !wanted || wanted.includes(s.status));
      if (values.json) {
        return { stdout: JSON.stringify({ ...list, sessions }, null, 2) + "\n", code: 0 };
      }
      return { stdout: formatSessionTable(sessions), code: 0 };
    }
    case "new": {
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
    case "send": {
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
    case "broadcast": {
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
    case "rename": {
      const { values, positionals: pos } = parse("rename", args, { host: { type: "string" } });
      if (values.help) return { stdout: USAGE.rename + "\n", code: 0 };
      const [from, to] = positionals("rename", pos, 2, 2) as [string, string];
      const api = await clientFor(values, env);
      await api.request("PATCH", sessionPath(values.host ?? "local", from), { name: to });
      return { stdout: `Renamed ${from} to ${to}\n`, code: 0 };
    }
    case "kill": {
      const { values, positionals: pos } = parse("kill", args, { host: { type: "string" } });
      if (values.help) return { stdout: USAGE.kill + "\n", code: 0 };
      const [name] = positionals("kill", pos, 1, 1) as [string];
      const api = await clientFor(values, env);
      await api.request("DELETE", sessionPath(values.host ?? "local", name));
      return { stdout: `Killed ${name}\n`, code: 0 };
    }
    case "notes": {
      const { values, positionals: pos } = parse("notes", args, { host: { type: "string" } });
      if (values.help) return { stdout: USAGE.notes + "\n", code: 0 };
      const [name, text] = positionals("notes", pos, 1, 2) as [string, string | undefined];
      const api = await clientFor(values, env);
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
    case "mute":
    case "unmute": {
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
    case "wait":
      return await waitCommand(args, env);
    case "token": {
      const { values, positionals: pos } = parse("token", args, { rotate: { type: "boolean" } });
      if (values.help) return { stdout: USAGE.token + "\n", code: 0 };
      positionals("token", pos, 0, 0);
      const home = homeOf(values, env);
      if (values.rotate) {
        const token = await rotateToken(home);
        return {
          stdout: token + "\n",
          stderr: "New token written; restart `maestro serve` for it to take effect.\n",
          code: 0,
        };
      }
      const { token } = await loadOrCreateToken(home);
      return { stdout: token + "\n", code: 0 };
    }
    case "search":
      return await searchCommand(args, env);
    case "hosts":
      return await hostsCommand(args, env);
    default:
      throw new UsageError(`Unknown command "${command}"`, "main");
  }
}

/** Exit code of `maestro wait` when it gives up (as timeout(1) does). */
export const WAIT_TIMEOUT_CODE = 124;

async function waitCommand(args: string[], env: Record<string, string>): Promise<CommandResult> {
  const { values, positionals: pos } = parse("wait", args, {
    for: { type: "string" },
    timeout: { type: "string" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.wait + "\n", code: 0 };
  const [name] = positionals("wait", pos, 1, 1) as [string];
  const wanted = SESSION_STATUSES.find((s) => s === values.for);
  if (wanted === undefined) {
    throw new UsageError(
      values.for === undefined
        ? `wait needs --for: ${SESSION_STATUSES.join(", ")}`
        : `--for ${JSON.stringify(values.for)} is not a status: use ${SESSION_STATUSES.join(", ")}`,
      "wait",
    );
  }
  let timeoutMs: number | null = null;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (values.timeout.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
      throw new UsageError(
        `--timeout ${JSON.stringify(values.timeout)} is not a number of seconds`,
        "wait",
      );
    }
    timeoutMs = seconds * 1000;
  }
  const host = values.host ?? "local";
  const api = await clientFor(values, env);
  const outcome = await waitForStatus({
    fetchSession: () => api.request<SessionView>("GET", sessionPath(host, name)),
    wanted,
    timeoutMs,
  });
  const state = (s: SessionView) => `${s.status}${s.statusRule ? ` (${s.statusRule})` : ""}`;
  switch (outcome.kind) {
    case "reached":
      return {
        stdout: outcome.session ? `${name} is ${state(outcome.session)}\n` : `${name} is gone\n`,
        code: 0,
      };
    case "timeout":
      return {
        stdout: "",
        stderr: `maestro: Timed out after ${values.timeout} s waiting for "${name}" to be ` +
          `${wanted}: it is ${state(outcome.last)}\n`,
        code: WAIT_TIMEOUT_CODE,
      };
    case "gone":
      return {
        stdout: "",
        stderr: `maestro: Session "${name}" went away while waiting for it to be ${wanted}\n`,
        code: 1,
      };
  }
}

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

async function hostsCommand(args: string[], env: Record<string, string>): Promise<CommandResult> {
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

/** Render search matches as `host/name:line: text` lines. */
export function formatSearchMatches(result: SearchResult): string {
  return result.matches.map((m) => `${m.host}/${m.name}:${m.line}: ${m.text}\n`).join("");
}

async function searchCommand(args: string[], env: Record<string, string>): Promise<CommandResult> {
  const { values, positionals: pos } = parse("search", args, {
    scrollback: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return { stdout: USAGE.search + "\n", code: 0 };
  const [text] = positionals("search", pos, 1, 1) as [string];
  const params = new URLSearchParams({ q: text });
  for (const flag of ["scrollback", "limit"] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value)) {
      throw new UsageError(`--${flag} must be a whole number, got "${value}"`, "search");
    }
    params.set(flag, value);
  }
  const api = await clientFor(values, env);
  const result = await api.request<SearchResult>("GET", `/api/search?${params}`);
  if (values.json) return { stdout: JSON.stringify(result, null, 2) + "\n", code: 0 };
  const notes = result.errors.map((e) => `maestro: ${e.error}\n`);
  if (result.truncated) {
    notes.push("maestro: more lines match than shown: use a longer text or a higher --limit\n");
  }
  if (result.matches.length === 0) notes.push(`No matches for "${text}".\n`);
  return {
    stdout: formatSearchMatches(result),
    stderr: notes.join(""),
    code: result.matches.length === 0 ? 1 : 0,
  };
}
