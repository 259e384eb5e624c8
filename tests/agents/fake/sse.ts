/**
 * Owns how a scripted reply is written on the wire by each API: server-sent events shaped like the
 * real Anthropic Messages, OpenAI Responses and Gemini streams, each with the delay before it. Pure.
 */

import type { Reply } from "./script.ts";

/** One server-sent event and how long to wait before sending it. */
export interface SseEvent {
  delayMs: number;
  /** The `event:` field (Anthropic and OpenAI name their events; Gemini does not). */
  event?: string;
  data: unknown;
}

/** The bytes of one event: `event: NAME\ndata: JSON\n\n`. */
export function encodeSse(event: Pick<SseEvent, "event" | "data">): string {
  const head = event.event === undefined ? "" : `event: ${event.event}\n`;
  return `${head}data: ${JSON.stringify(event.data)}\n\n`;
}

/** The tool call a reply's `shell` becomes in one API: the tool's name and its arguments. */
export interface ToolCall {
  name: string;
  args: Record<string, unknown>;
}

/** The delay before each chunk: the first at once, then `chunkDelayMs` apart. */
function chunkDelay(reply: Reply, index: number): number {
  return index === 0 ? 0 : reply.chunkDelayMs;
}

// ------------------------------------------------------------------ Anthropic Messages

export interface AnthropicIds {
  model: string;
  messageId: string;
  toolUseId: string;
}

/** `POST /v1/messages` with `stream: true`: message_start … message_stop. */
export function anthropicEvents(
  reply: Reply,
  tool: ToolCall | null,
  ids: AnthropicIds,
): SseEvent[] {
  const events: SseEvent[] = [];
  const push = (data: Record<string, unknown> & { type: string }, delayMs = 0) =>
    events.push({ delayMs, event: data.type, data });
  push({
    type: "message_start",
    message: {
      id: ids.messageId,
      type: "message",
      role: "assistant",
      model: ids.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 1 },
    },
  });
  push({
    type: "content_block_start",
    index: 0,
    content_block: { type: "text", text: "" },
  });
  push({ type: "ping" });
  reply.chunks.forEach((text, i) =>
    push({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text },
    }, chunkDelay(reply, i))
  );
  push({ type: "content_block_stop", index: 0 });
  if (tool) {
    push({
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: ids.toolUseId, name: tool.name, input: {} },
    });
    push({
      type: "content_block_delta",
      index: 1,
      delta: { type: "input_json_delta", partial_json: JSON.stringify(tool.args) },
    });
    push({ type: "content_block_stop", index: 1 });
  }
  push({
    type: "message_delta",
    delta: { stop_reason: tool ? "tool_use" : "end_turn", stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  push({ type: "message_stop" });
  return events;
}

/** The same reply as one JSON message (`stream` false or absent). */
export function anthropicMessage(reply: Reply, tool: ToolCall | null, ids: AnthropicIds): unknown {
  const content: unknown[] = [{ type: "text", text: reply.chunks.join("") }];
  if (tool) {
    content.push({ type: "tool_use", id: ids.toolUseId, name: tool.name, input: tool.args });
  }
  return {
    id: ids.messageId,
    type: "message",
    role: "assistant",
    model: ids.model,
    content,
    stop_reason: tool ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 20 },
  };
}

// ------------------------------------------------------------------ OpenAI Responses

export interface ResponsesIds {
  model: string;
  responseId: string;
  messageId: string;
  callId: string;
}

/** `POST /v1/responses` with `stream: true`: response.created … response.completed. */
export function responsesEvents(
  reply: Reply,
  tool: ToolCall | null,
  ids: ResponsesIds,
): SseEvent[] {
  const events: SseEvent[] = [];
  let sequence = 0;
  const push = (data: Record<string, unknown> & { type: string }, delayMs = 0) =>
    events.push({ delayMs, event: data.type, data: { ...data, sequence_number: sequence++ } });
  const response = (status: string, output: unknown[]) => ({
    id: ids.responseId,
    object: "response",
    created_at: 1_700_000_000,
    status,
    model: ids.model,
    output,
    usage: status === "completed"
      ? {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 20,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 32,
      }
      : null,
  });
  const text = reply.chunks.join("");
  const message = (status: string, content: string) => ({
    id: ids.messageId,
    type: "message",
    status,
    role: "assistant",
    content: status === "completed"
      ? [{ type: "output_text", text: content, annotations: [] }]
      : [],
  });
  const output: unknown[] = [message("completed", text)];
  push({ type: "response.created", response: response("in_progress", []) });
  push({ type: "response.in_progress", response: response("in_progress", []) });
  push({ type: "response.output_item.added", output_index: 0, item: message("in_progress", "") });
  push({
    type: "response.content_part.added",
    item_id: ids.messageId,
    output_index: 0,
    content_index: 0,
    part: { type: "output_text", text: "", annotations: [] },
  });
  reply.chunks.forEach((delta, i) =>
    push({
      type: "response.output_text.delta",
      item_id: ids.messageId,
      output_index: 0,
      content_index: 0,
      delta,
    }, chunkDelay(reply, i))
  );
  push({
    type: "response.output_text.done",
    item_id: ids.messageId,
    output_index: 0,
    content_index: 0,
    text,
  });
  push({
    type: "response.content_part.done",
    item_id: ids.messageId,
    output_index: 0,
    content_index: 0,
    part: { type: "output_text", text, annotations: [] },
  });
  push({ type: "response.output_item.done", output_index: 0, item: message("completed", text) });
  if (tool) {
    const call = (status: string, args: string) => ({
      id: `fc_${ids.callId}`,
      type: "function_call",
      status,
      name: tool.name,
      call_id: ids.callId,
      arguments: args,
    });
    const args = JSON.stringify(tool.args);
    output.push(call("completed", args));
    push({ type: "response.output_item.added", output_index: 1, item: call("in_progress", "") });
    push({
      type: "response.function_call_arguments.delta",
      item_id: `fc_${ids.callId}`,
      output_index: 1,
      delta: args,
    });
    push({
      type: "response.function_call_arguments.done",
      item_id: `fc_${ids.callId}`,
      output_index: 1,
      arguments: args,
    });
    push({ type: "response.output_item.done", output_index: 1, item: call("completed", args) });
  }
  push({ type: "response.completed", response: response("completed", output) });
  return events;
}

// ------------------------------------------------------------------ Gemini

/** `:streamGenerateContent?alt=sse`: GenerateContentResponse events, the last with STOP. */
export function geminiEvents(
  reply: Reply,
  tool: ToolCall | null,
  modelVersion: string,
): SseEvent[] {
  const parts: { delayMs: number; part: unknown }[] = reply.chunks.map((text, i) => ({
    delayMs: chunkDelay(reply, i),
    part: { text },
  }));
  if (tool) {
    parts.push({ delayMs: 0, part: { functionCall: { name: tool.name, args: tool.args } } });
  }
  return parts.map(({ delayMs, part }, i) => {
    const last = i === parts.length - 1;
    return {
      delayMs,
      data: geminiResponse([part], last, modelVersion),
    };
  });
}

/** One GenerateContentResponse (also the whole answer of `:generateContent`). */
export function geminiResponse(parts: unknown[], last: boolean, modelVersion: string): unknown {
  return {
    candidates: [{
      content: { role: "model", parts },
      index: 0,
      ...(last ? { finishReason: "STOP" } : {}),
    }],
    usageMetadata: {
      promptTokenCount: 12,
      candidatesTokenCount: 20,
      totalTokenCount: 32,
    },
    modelVersion,
  };
}
