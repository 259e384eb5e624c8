/**
 * Owns the command lines that start an agent in a conversation Maestro can name: at creation,
 * Claude Code and Gemini CLI are given a session id Maestro chose (`--session-id`); at restore, the
 * agent's own command is given `--resume ID` (Codex: `resume ID`). Pure, over shell text: only
 * the agent's word and its session flags are touched, the rest of the line is kept as typed.
 */

import { type ConversationAgent, isConversationId } from "./agent_process.ts";

interface Word {
  text: string;
  start: number;
  end: number;
}

/** The line's words with their places (quotes kept; enough to find the program and its flags). */
function words(line: string): Word[] {
  const out: Word[] = [];
  const pattern = /(?:[^\s'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+/g;
  for (const match of line.matchAll(pattern)) {
    out.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return out;
}

const unquoted = (word: string) => word.replace(/^(['"])(.*)\1$/, "$2");
const basename = (word: string) => unquoted(word).split("/").at(-1) ?? "";

/** Words that may come before a program and leave it in command position. */
const PREFIX = /^(env|exec|command|nohup|nice|time|npx|-i|-u|-[a-zA-Z]|[A-Za-z_][A-Za-z0-9_]*=.*)$/;
const SEPARATOR = /^(&&|\|\||;|\|)$/;

/** The index of the agent's own word in command position (`claude`, `env -i A=b /x/claude`). */
function programWord(list: readonly Word[], agent: ConversationAgent): number {
  let inCommand = true;
  for (const [i, word] of list.entries()) {
    if (SEPARATOR.test(word.text)) {
      inCommand = true;
      continue;
    }
    if (!inCommand) continue;
    if (basename(word.text) === agent) return i;
    if (!PREFIX.test(unquoted(word.text))) inCommand = false;
  }
  return -1;
}

/** The agent a command line starts, and where its word is; null when it starts none of them. */
export function commandAgent(line: string): ConversationAgent | null {
  const list = words(line);
  for (const agent of ["claude", "codex", "gemini"] as const) {
    if (programWord(list, agent) >= 0) return agent;
  }
  return null;
}

/**
 * Flags that pick a conversation (and whether the next word is their value). Gemini CLI's
 * `--resume`, `--session-id` and `--session-file` are mutually exclusive: all give way to ours.
 */
const SESSION_FLAGS: Record<ConversationAgent, Record<string, boolean>> = {
  claude: { "--session-id": true, "--resume": true, "-r": true, "--continue": false, "-c": false },
  gemini: { "--session-id": true, "--resume": true, "-r": true, "--session-file": true },
  codex: {},
};

/** The words after the program up to the end of its command (a `;`, `&&`, `|`). */
function argsOf(list: readonly Word[], program: number): Word[] {
  const out: Word[] = [];
  for (const word of list.slice(program + 1)) {
    if (SEPARATOR.test(word.text)) break;
    out.push(word);
  }
  return out;
}

/** Whether the agent's own arguments already pick a conversation. */
function picksConversation(agent: ConversationAgent, args: readonly Word[]): boolean {
  if (agent === "codex") {
    return args.some((w) => ["resume", "fork"].includes(unquoted(w.text)));
  }
  return args.some((w) => {
    const flag = unquoted(w.text).split("=")[0] as string;
    return Object.hasOwn(SESSION_FLAGS[agent], flag);
  });
}

/**
 * `line` with `--session-id ID` after the agent's word, when it starts Claude Code or Gemini CLI
 * and picks no conversation itself; otherwise null (the line is run as given). Both store the
 * conversation under that very id (Gemini CLI 0.61.0: the `sessionId` of its chat file), which
 * their `--resume ID` finds.
 */
export function withSessionId(line: string, id: string): string | null {
  if (!isConversationId(id)) throw new TypeError(`Not a conversation id: ${id}`);
  const list = words(line);
  for (const agent of ["claude", "gemini"] as const) {
    const program = programWord(list, agent);
    if (program < 0) continue;
    if (picksConversation(agent, argsOf(list, program))) return null;
    const at = (list[program] as Word).end;
    return `${line.slice(0, at)} --session-id ${id}${line.slice(at)}`;
  }
  return null;
}

/**
 * `line` resuming conversation `id`: its own session flags dropped, `--resume ID` (Claude Code,
 * Gemini CLI) or `resume ID` (Codex) right after the agent's word. Null when the line does not
 * start `agent`.
 */
export function resumeCommand(line: string, agent: ConversationAgent, id: string): string | null {
  if (!isConversationId(id)) return null;
  const list = words(line);
  const program = programWord(list, agent);
  if (program < 0) return null;
  const args = argsOf(list, program);
  const dropped = new Set<Word>();
  if (agent === "codex") {
    // `codex resume X …` / `codex fork X …`: the subcommand and its id give way to ours.
    const sub = args.findIndex((w) => !unquoted(w.text).startsWith("-"));
    const word = args[sub];
    if (word && ["resume", "fork"].includes(unquoted(word.text))) {
      dropped.add(word);
      const next = args[sub + 1];
      if (next && (isConversationId(unquoted(next.text)) || unquoted(next.text) === "--last")) {
        dropped.add(next);
      }
    }
  } else {
    for (const [i, word] of args.entries()) {
      const [flag = "", value] = unquoted(word.text).split("=", 2);
      if (!Object.hasOwn(SESSION_FLAGS[agent], flag)) continue;
      dropped.add(word);
      const next = args[i + 1];
      // A bare `--resume` (the picker, or Gemini CLI's "latest") takes no value: a flag after it
      // is the line's own.
      if (
        SESSION_FLAGS[agent][flag] && value === undefined && next &&
        !unquoted(next.text).startsWith("-")
      ) {
        dropped.add(next);
      }
    }
  }
  const at = (list[program] as Word).end;
  const inserted = agent === "codex" ? ` resume ${id}` : ` --resume ${id}`;
  let out = line.slice(0, at) + inserted;
  let cursor = at;
  for (const word of args) {
    if (!dropped.has(word)) continue;
    out += line.slice(cursor, word.start).replace(/\s+$/, "");
    cursor = word.end;
  }
  return out + line.slice(cursor);
}
