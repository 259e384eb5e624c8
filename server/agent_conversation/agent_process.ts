/**
 * Owns telling, from what a process shows (its argv, its open files, the files its agent keeps per
 * process), which agent it is and which conversation it holds. Pure: the reading is
 * process_reader.ts. Facts per agent are in docs/RESTORE.md ("Conversations").
 */

/** The agents whose conversations Maestro can name and resume. */
export type ConversationAgent = "claude" | "codex" | "gemini";

const AGENTS: readonly ConversationAgent[] = ["claude", "codex", "gemini"];

/** A conversation id as the agents write them (a UUID); nothing else is ever typed into a shell. */
export const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isConversationId = (value: unknown): value is string =>
  typeof value === "string" && CONVERSATION_ID.test(value);

const basename = (path: string) => path.split("/").at(-1) ?? "";

/**
 * The program an argv runs: its first word, or for `node script …` the script (Codex and Gemini CLI
 * are Node scripts, so the process shows `node /…/bin/codex`). Its index in argv too.
 */
export function programOf(argv: readonly string[]): { name: string; index: number } | null {
  const first = argv[0];
  if (first === undefined) return null;
  if (/^node(js)?$/.test(basename(first))) {
    // Node's own flags (`--max-old-space-size=…`) come before the script.
    const index = argv.findIndex((arg, i) => i > 0 && !arg.startsWith("-"));
    return index < 0 ? null : { name: basename(argv[index] as string), index };
  }
  return { name: basename(first), index: 0 };
}

/** The agent an argv runs, or null. */
export function agentOfArgv(argv: readonly string[]): ConversationAgent | null {
  const name = programOf(argv)?.name ?? "";
  return (AGENTS as readonly string[]).includes(name) ? name as ConversationAgent : null;
}

/**
 * The conversation an agent's argv names: `--session-id ID` or `--resume ID` (`-r`, `=ID`) for
 * Claude Code and Gemini CLI, `resume ID` for Codex. Only a UUID counts.
 */
export function conversationFromArgv(
  agent: ConversationAgent,
  argv: readonly string[],
): string | null {
  const start = (programOf(argv)?.index ?? 0) + 1;
  const args = argv.slice(start);
  if (agent === "codex") {
    const sub = args.findIndex((arg) => !arg.startsWith("-"));
    if (sub >= 0 && args[sub] === "resume") {
      const id = args.slice(sub + 1).find((arg) => !arg.startsWith("-"));
      return isConversationId(id) ? id : null;
    }
    return null;
  }
  for (const [i, arg] of args.entries()) {
    const eq = /^--(session-id|resume)=(.*)$/.exec(arg);
    if (eq) return isConversationId(eq[2]) ? eq[2] : null;
    if (arg === "--session-id" || arg === "--resume" || arg === "-r") {
      const id = args[i + 1];
      return isConversationId(id) ? id : null;
    }
  }
  return null;
}

/**
 * Claude Code's per-process file, `<config dir>/sessions/<pid>.json`
 * (`{pid, sessionId, procStart, …}`): its session id, unless the file was left by an earlier
 * process with the same pid (`procStart` is that process's start time, field 22 of /proc/pid/stat).
 */
export function claudeSessionId(text: string, startTicks: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const { sessionId, procStart } = data as Record<string, unknown>;
  if (procStart !== undefined && String(procStart) !== startTicks) return null;
  return isConversationId(sessionId) ? sessionId : null;
}

const ROLLOUT =
  /\/rollout-[^/]*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/**
 * Codex keeps the conversation it writes open (`…/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`):
 * its id from the targets of the process's open files. Two different ones open: unknown.
 */
export function codexRolloutId(openFiles: readonly string[]): string | null {
  const ids = new Set<string>();
  for (const file of openFiles) {
    const match = ROLLOUT.exec(file);
    if (match) ids.add((match[1] as string).toLowerCase());
  }
  return ids.size === 1 ? [...ids][0] as string : null;
}

/**
 * The names Gemini CLI gives the chat file of conversation `id`:
 * `session-<YYYY-MM-DDTHH-MM>-<first 8 of id>.jsonl` (`.json` before 0.61), in
 * `<GEMINI_CLI_HOME or HOME>/.gemini/tmp/<project>/chats/`.
 */
export function isGeminiChatFile(name: string, id: string): boolean {
  const short = id.slice(0, 8).toLowerCase();
  return name.startsWith("session-") &&
    (name.endsWith(`-${short}.jsonl`) || name.endsWith(`-${short}.json`));
}

/** Gemini CLI skips these user messages when it lists what can be resumed. */
const IGNORED_GEMINI_USER = /^(\/|\?|<session_context>|<hook_context>)/;

function userText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) =>
    typeof part === "object" && part !== null &&
      typeof (part as { text?: unknown }).text === "string"
      ? (part as { text: string }).text
      : ""
  ).join("");
}

function isGeminiTurn(message: unknown): boolean {
  if (typeof message !== "object" || message === null) return false;
  const { type, content } = message as Record<string, unknown>;
  if (type !== "user") return false;
  const text = userText(content).trim();
  return text !== "" && !IGNORED_GEMINI_USER.test(text);
}

/**
 * Whether a Gemini CLI chat file (JSON lines: metadata `{sessionId, projectHash, …}`, messages
 * `{id, type, content}`, updates `{$set: {…}}`) is conversation `id` with a turn in it. Gemini CLI
 * 0.61.0 writes the file at start with only its `<session_context>`, and `--resume ID` answers
 * "Invalid session identifier" until a prompt of the user's is in it.
 */
export function geminiChatHasTurn(text: string, id: string): boolean {
  let sessionId: unknown;
  // The messages in order, as Gemini CLI loads them: whether each is a prompt of the user's.
  let messages: { id: string; turn: boolean }[] = [];
  const add = (list: unknown[]) => {
    for (const m of list) {
      if (typeof m !== "object" || m === null) continue;
      const id = (m as { id?: unknown }).id;
      if (typeof id !== "string") continue;
      // A message written again (its tokens came later) keeps its place.
      const at = messages.findIndex((old) => old.id === id);
      if (at < 0) messages.push({ id, turn: isGeminiTurn(m) });
      else messages[at] = { id, turn: isGeminiTurn(m) };
    }
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a line being written
    }
    if (typeof record !== "object" || record === null) continue;
    const r = record as Record<string, unknown>;
    if (typeof r.$rewindTo === "string") {
      // Back to before that message (all of them when it is not there).
      const at = messages.findIndex((m) => m.id === r.$rewindTo);
      messages = at < 0 ? [] : messages.slice(0, at);
    } else if (typeof r.id === "string") {
      add([r]);
    } else if (typeof r.$set === "object" && r.$set !== null) {
      const set = r.$set as Record<string, unknown>;
      if (typeof set.sessionId === "string") sessionId = set.sessionId;
      if (Array.isArray(set.messages)) {
        messages = [];
        add(set.messages);
      }
    } else if (typeof r.sessionId === "string" && typeof r.projectHash === "string") {
      sessionId = r.sessionId;
      if (Array.isArray(r.messages)) add(r.messages);
    }
  }
  return typeof sessionId === "string" && sessionId.toLowerCase() === id.toLowerCase() &&
    messages.some((m) => m.turn);
}

/** One word for a POSIX shell, quoted when it must be; null when it holds a control character. */
export function shellWord(word: string): string | null {
  for (const ch of word) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) return null;
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line that starts this agent again as its process was started (a Node script
 * without `node`, so its own `#!` picks the interpreter), shell-quoted; null when an argument
 * cannot be typed safely.
 */
export function launchLine(argv: readonly string[]): string | null {
  const program = programOf(argv);
  if (program === null) return null;
  const words = argv.slice(program.index).map(shellWord);
  return words.some((w) => w === null) ? null : words.join(" ");
}
