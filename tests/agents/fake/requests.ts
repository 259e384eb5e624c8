/**
 * Owns reading what an agent asked a fake model server: the newest user text, whether a tool's
 * result came back, and whether the request is a side request (title, router) rather than the
 * agent's main loop. One reader per API. Pure.
 */

import type { Prompt } from "./script.ts";

/** The models' APIs the lab fakes. */
export type ModelApi = "anthropic" | "openai" | "gemini";

/** What one request is for. */
export interface RequestReading {
  /** "main": the agent's own turn (with tools); "side": titles, routers, summaries. */
  kind: "main" | "side";
  prompt: Prompt;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The last text among `parts`, read with `textOf` (undefined for parts that hold no text). */
function lastText(parts: unknown[], textOf: (part: Json) => string | undefined): string {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (!isObject(part)) continue;
    const text = textOf(part);
    if (text !== undefined && text.trim() !== "") return text;
  }
  return "";
}

/**
 * Anthropic Messages: the newest `user` message; a `tool_result` block in it means the tool ran.
 * Claude Code puts `<system-reminder>` text blocks before the typed text, so the last text wins.
 */
export function readAnthropic(body: unknown): RequestReading {
  const json = isObject(body) ? body : {};
  const messages = array(json.messages).filter(isObject);
  const user = messages.findLast((message) => message.role === "user");
  const content = user?.content;
  const blocks = typeof content === "string" ? [{ type: "text", text: content }] : array(content);
  const afterTool = blocks.some((block) => isObject(block) && block.type === "tool_result");
  const text = lastText(
    blocks,
    (block) => block.type === "text" && typeof block.text === "string" ? block.text : undefined,
  );
  return { kind: array(json.tools).length > 0 ? "main" : "side", prompt: { text, afterTool } };
}

/**
 * OpenAI Responses: the `input` items; a `function_call_output` after the newest user message
 * means the tool ran.
 */
export function readResponses(body: unknown): RequestReading {
  const json = isObject(body) ? body : {};
  const input = array(json.input).filter(isObject);
  const userIndex = input.findLastIndex((item) =>
    item.role === "user" && (item.type === undefined || item.type === "message")
  );
  const afterTool = input.slice(userIndex + 1).some((item) =>
    item.type === "function_call_output" || item.type === "custom_tool_call_output"
  );
  const user = input[userIndex];
  const content = user?.content;
  const parts = typeof content === "string"
    ? [{ type: "input_text", text: content }]
    : array(content);
  const text = lastText(
    parts,
    (part) =>
      (part.type === "input_text" || part.type === "text") && typeof part.text === "string"
        ? part.text
        : undefined,
  );
  return { kind: array(json.tools).length > 0 ? "main" : "side", prompt: { text, afterTool } };
}

/**
 * Gemini: the newest `user` content; a `functionResponse` part means the tool ran. The first
 * turn carries a `<session_context>` part before the prompt, so the last text wins.
 */
export function readGemini(body: unknown, streaming: boolean): RequestReading {
  const json = isObject(body) ? body : {};
  const contents = array(json.contents).filter(isObject);
  const user = contents.findLast((content) =>
    content.role === "user" || content.role === undefined
  );
  const parts = array(user?.parts);
  const afterTool = parts.some((part) => isObject(part) && isObject(part.functionResponse));
  const text = lastText(
    parts,
    (part) => typeof part.text === "string" ? part.text : undefined,
  );
  return { kind: streaming ? "main" : "side", prompt: { text, afterTool } };
}

/** Gemini's router asks for `{complexity_reasoning, complexity_score}` as JSON. */
export function isGeminiRouter(body: unknown): boolean {
  return JSON.stringify(body).includes("complexity_score");
}
