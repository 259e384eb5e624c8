/**
 * Owns what the fake model servers answer: a reply chosen by keywords in the newest user message,
 * the same for every API. Pure.
 */

/** What an API shell found in a request. */
export interface Prompt {
  /** The newest user text (the last text part of the newest user message). */
  text: string;
  /** The newest user message carries a tool's result (the agent ran what the model asked). */
  afterTool: boolean;
}

/** A shell command the model asks the agent to run: the agent's approval prompt. */
export interface ShellCall {
  command: string;
  /** Why the command is needed (Codex shows it; the others get it as a description). */
  justification: string;
}

/** A scripted reply: text streamed in chunks, then optionally a tool call. */
export interface Reply {
  /** Which script rule chose it (recorded with the request). */
  rule: ReplyRule;
  chunks: string[];
  /** Milliseconds between two chunks (the first goes out at once). */
  chunkDelayMs: number;
  shell?: ShellCall;
}

export type ReplyRule = "after-tool" | "slow-reply" | "tool-call" | "ask-question" | "quick-reply";

/** The keywords a test types to get each reply. */
export const KEYWORDS = {
  slow: "slow-reply",
  tool: "tool-call",
  question: "ask-question",
} as const;

/** How long a slow reply streams: long enough to watch an agent work, short enough for CI. */
export const SLOW_REPLY_MS = 8_000;
// 17 chunks: 16 intervals of 500 ms.
const SLOW_CHUNKS = 17;

/** The file the scripted tool call creates (in the agent's working directory). */
export const TOOL_FILE = "lab-approved.txt";

/** Text the tests look for on screen. */
export const REPLY_TEXT = {
  slowEnd: "Slow reply finished.",
  question: "Which colour should the button be: red or blue?",
  afterTool: "The command ran: lab-approved.txt exists now.",
  quick: "Quick reply from the fake model.",
  toolIntro: "I will create the file.",
} as const;

/** The reply to a prompt. */
export function scriptReply(prompt: Prompt): Reply {
  if (prompt.afterTool) {
    return { rule: "after-tool", chunks: [REPLY_TEXT.afterTool], chunkDelayMs: 0 };
  }
  const text = prompt.text;
  if (text.includes(KEYWORDS.slow)) {
    const chunks = Array.from({ length: SLOW_CHUNKS - 1 }, (_, i) => `Slow chunk ${i + 1}. `);
    chunks.push(REPLY_TEXT.slowEnd);
    return { rule: "slow-reply", chunks, chunkDelayMs: SLOW_REPLY_MS / (SLOW_CHUNKS - 1) };
  }
  if (text.includes(KEYWORDS.tool)) {
    return {
      rule: "tool-call",
      chunks: [REPLY_TEXT.toolIntro],
      chunkDelayMs: 0,
      shell: {
        command: `touch ${TOOL_FILE}`,
        justification: "Create lab-approved.txt as the lab asked.",
      },
    };
  }
  if (text.includes(KEYWORDS.question)) {
    return { rule: "ask-question", chunks: [REPLY_TEXT.question], chunkDelayMs: 0 };
  }
  return { rule: "quick-reply", chunks: [REPLY_TEXT.quick], chunkDelayMs: 0 };
}

/** An instant short reply for side requests (session titles, routers, summaries). */
export const SIDE_REPLY_TEXT = "Lab session";

/**
 * A side request's answer when it asks for JSON (Claude Code asks for `{"title": …}` with a JSON
 * schema): every string property gets {@link SIDE_REPLY_TEXT}, numbers 1, booleans false.
 */
export function sideJson(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const properties = (schema as { properties?: Record<string, { type?: string }> }).properties;
  if (!properties) return undefined;
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    value[key] = property.type === "number" || property.type === "integer"
      ? 1
      : property.type === "boolean"
      ? false
      : SIDE_REPLY_TEXT;
  }
  return JSON.stringify(value);
}
