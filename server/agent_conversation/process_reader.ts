/**
 * Owns reading, from /proc, the agent a pane runs and its conversation: the pane's process tree,
 * the agent's argv, its home (environment), the files it has open, the file Claude Code keeps
 * per process, and Gemini CLI's chat files. Thin over agent_process.ts; on a system without /proc
 * every pane reads "unknown".
 */

import { join } from "node:path";
import {
  agentOfArgv,
  claudeSessionId,
  codexRolloutId,
  type ConversationAgent,
  conversationFromArgv,
  geminiChatHasTurn,
  isGeminiChatFile,
  launchLine,
} from "./agent_process.ts";

/** What a pane's processes say about its agent. */
export interface PaneAgent {
  agent: ConversationAgent;
  /** The conversation id, or null when it cannot be told for this process ("unknown"). */
  conversation: string | null;
  /** Its command line, shell-quoted (null when it cannot be typed safely). */
  launch: string | null;
}

/** Most processes read under one pane (a build that forks a thousand is not an agent). */
const MAX_PROCESSES = 64;

async function text(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}

/** The pane's processes, the pane's own first, breadth first. */
async function subtree(proc: string, root: number): Promise<number[]> {
  const seen = [root];
  for (let i = 0; i < seen.length && seen.length < MAX_PROCESSES; i++) {
    const pid = seen[i] as number;
    let tasks: string[] = [];
    try {
      for await (const task of Deno.readDir(join(proc, String(pid), "task"))) tasks.push(task.name);
    } catch {
      tasks = [];
    }
    for (const task of tasks) {
      const children = await text(join(proc, String(pid), "task", task, "children"));
      for (const child of (children ?? "").split(" ")) {
        const n = Number(child);
        if (n > 0 && !seen.includes(n)) seen.push(n);
      }
    }
  }
  return seen;
}

const argvOf = async (proc: string, pid: number) =>
  ((await text(join(proc, String(pid), "cmdline"))) ?? "").split("\0").filter((a, i, all) =>
    a !== "" || i < all.length - 1
  );

async function environment(proc: string, pid: number): Promise<Map<string, string>> {
  const env = new Map<string, string>();
  for (const entry of ((await text(join(proc, String(pid), "environ"))) ?? "").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** Field 22 of /proc/pid/stat: when the process started (clock ticks since boot). */
async function startTicks(proc: string, pid: number): Promise<string> {
  const stat = (await text(join(proc, String(pid), "stat"))) ?? "";
  // The command name (field 2) may hold spaces and parentheses: count from its closing one.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
}

async function openFiles(proc: string, pid: number): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const fd of Deno.readDir(join(proc, String(pid), "fd"))) {
      try {
        out.push(await Deno.readLink(join(proc, String(pid), "fd", fd.name)));
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // gone, or not ours
  }
  return out;
}

async function conversationOf(
  proc: string,
  agent: ConversationAgent,
  pid: number,
  argv: readonly string[],
  below: readonly number[],
): Promise<string | null> {
  if (agent === "claude") {
    const env = await environment(proc, pid);
    const home = env.get("HOME");
    const dir = env.get("CLAUDE_CONFIG_DIR") ?? (home ? join(home, ".claude") : null);
    if (dir !== null) {
      const file = await text(join(dir, "sessions", `${pid}.json`));
      const id = file === null ? null : claudeSessionId(file, await startTicks(proc, pid));
      if (id !== null) return id;
    }
  }
  if (agent === "codex") {
    // The Node wrapper's native child holds the file open.
    const files = (await Promise.all([pid, ...below].map((p) => openFiles(proc, p)))).flat();
    const id = codexRolloutId(files);
    if (id !== null) return id;
  }
  const id = conversationFromArgv(agent, argv);
  if (agent === "gemini" && id !== null) {
    // Gemini CLI keeps no file open and none per process: the id is the one its argv names
    // (Maestro gives it `--session-id`), taken once its chat file holds a turn to resume.
    const env = await environment(proc, pid);
    const home = env.get("GEMINI_CLI_HOME") ?? env.get("HOME");
    return home !== undefined && await geminiHasTurn(join(home, ".gemini", "tmp"), id) ? id : null;
  }
  return id;
}

/** Chat files already read, by path and id: their size and time when read, and what they said. */
const geminiChats = new Map<string, { size: number; mtime: number; turn: boolean }>();

/** Whether a chat file of Gemini CLI's under `tmp` (`<project>/chats/`) is `id`, with a turn. */
async function geminiHasTurn(tmp: string, id: string): Promise<boolean> {
  const projects: string[] = [];
  try {
    for await (const entry of Deno.readDir(tmp)) if (entry.isDirectory) projects.push(entry.name);
  } catch {
    return false;
  }
  for (const project of projects) {
    const chats = join(tmp, project, "chats");
    const files: string[] = [];
    try {
      for await (const entry of Deno.readDir(chats)) {
        if (entry.isFile && isGeminiChatFile(entry.name, id)) files.push(join(chats, entry.name));
      }
    } catch {
      continue;
    }
    for (const file of files) {
      let stat: Deno.FileInfo;
      try {
        stat = await Deno.stat(file);
      } catch {
        continue;
      }
      const mtime = stat.mtime?.getTime() ?? 0;
      const key = `${file}\n${id}`;
      const known = geminiChats.get(key);
      let turn: boolean;
      if (known && known.size === stat.size && known.mtime === mtime) {
        turn = known.turn;
      } else {
        const content = await text(file);
        turn = content !== null && geminiChatHasTurn(content, id);
        if (geminiChats.size >= 256) geminiChats.clear();
        geminiChats.set(key, { size: stat.size, mtime, turn });
      }
      if (turn) return true;
    }
  }
  return false;
}

/** The agent running in the pane whose first process is `panePid`, or null if none runs. */
export async function readPaneAgent(panePid: number, proc = "/proc"): Promise<PaneAgent | null> {
  if (!(panePid > 0)) return null;
  const pids = await subtree(proc, panePid);
  for (const [i, pid] of pids.entries()) {
    const argv = await argvOf(proc, pid);
    const agent = agentOfArgv(argv);
    if (agent === null) continue;
    const below = pids.slice(i + 1);
    return {
      agent,
      conversation: await conversationOf(proc, agent, pid, argv, below),
      launch: launchLine(argv),
    };
  }
  return null;
}
