import assert from "node:assert/strict";
import { scriptReply } from "./script.ts";
import {
  anthropicEvents,
  anthropicMessage,
  encodeSse,
  geminiEvents,
  responsesEvents,
  type SseEvent,
} from "./sse.ts";

const slow = scriptReply({ text: "slow-reply please", afterTool: false });
const tool = scriptReply({ text: "tool-call please", afterTool: false });
const bash = { name: "Bash", args: { command: "touch lab-approved.txt", description: "why" } };

function types(events: SseEvent[]): string[] {
  return events.map((e) => (e.data as { type: string }).type);
}

function textOf(events: SseEvent[], pick: (data: Record<string, unknown>) => unknown): string {
  return events.map((e) => pick(e.data as Record<string, unknown>) ?? "").join("");
}

Deno.test("encodeSse writes the event name, one data line and a blank line", () => {
  assert.equal(
    encodeSse({ event: "ping", data: { type: "ping" } }),
    'event: ping\ndata: {"type":"ping"}\n\n',
  );
  assert.equal(encodeSse({ data: { a: "b\nc" } }), 'data: {"a":"b\\nc"}\n\n');
});

Deno.test("anthropicEvents streams text deltas between message_start and message_stop", () => {
  const events = anthropicEvents(slow, null, { model: "m", messageId: "msg", toolUseId: "tu" });
  const names = types(events);
  assert.deepEqual(names.slice(0, 3), ["message_start", "content_block_start", "ping"]);
  assert.deepEqual(names.slice(-3), ["content_block_stop", "message_delta", "message_stop"]);
  assert.deepEqual(events.map((e) => e.event), names, "every event is named after its type");
  const text = textOf(events, (d) => (d.delta as { text?: string } | undefined)?.text);
  assert.equal(text, slow.chunks.join(""));
  const delta = events.find((e) => e.event === "message_delta")?.data as {
    delta: { stop_reason: string };
  };
  assert.equal(delta.delta.stop_reason, "end_turn");
  // The chunks are spread over the slow reply; everything else goes out at once.
  const waits = events.filter((e) => e.delayMs > 0);
  assert.equal(waits.length, slow.chunks.length - 1);
  assert.ok(waits.every((e) => e.event === "content_block_delta"));
});

Deno.test("anthropicEvents ends a tool call with a tool_use block and stop_reason tool_use", () => {
  const events = anthropicEvents(tool, bash, { model: "m", messageId: "msg", toolUseId: "tu_1" });
  const start = events.find((e) =>
    (e.data as { content_block?: { type: string } }).content_block?.type === "tool_use"
  )?.data as { index: number; content_block: { id: string; name: string } };
  assert.equal(start.index, 1);
  assert.deepEqual(start.content_block, { type: "tool_use", id: "tu_1", name: "Bash", input: {} });
  const json = textOf(
    events,
    (d) => (d.delta as { partial_json?: string } | undefined)?.partial_json,
  );
  assert.deepEqual(JSON.parse(json), bash.args);
  const delta = events.find((e) => e.event === "message_delta")?.data as {
    delta: { stop_reason: string };
  };
  assert.equal(delta.delta.stop_reason, "tool_use");
  const message = anthropicMessage(tool, bash, { model: "m", messageId: "msg", toolUseId: "tu_1" });
  assert.deepEqual((message as { content: unknown[] }).content[1], {
    type: "tool_use",
    id: "tu_1",
    name: "Bash",
    input: bash.args,
  });
});

Deno.test("responsesEvents numbers its events and completes with every output item", () => {
  const call = {
    name: "exec_command",
    args: { cmd: "touch x", sandbox_permissions: "require_escalated" },
  };
  const events = responsesEvents(tool, call, {
    model: "m",
    responseId: "resp",
    messageId: "msg",
    callId: "call_1",
  });
  const names = types(events);
  assert.equal(names[0], "response.created");
  assert.equal(names.at(-1), "response.completed");
  assert.deepEqual(
    events.map((e) => (e.data as { sequence_number: number }).sequence_number),
    events.map((_, i) => i),
  );
  const done = events.filter((e) => e.event === "response.output_item.done").map((e) =>
    (e.data as { item: { type: string } }).item
  );
  assert.deepEqual(done.map((item) => item.type), ["message", "function_call"]);
  const fc = done[1] as unknown as { call_id: string; name: string; arguments: string };
  assert.equal(fc.call_id, "call_1");
  assert.deepEqual(JSON.parse(fc.arguments), call.args);
  const completed = events.at(-1)?.data as { response: { status: string; output: unknown[] } };
  assert.equal(completed.response.status, "completed");
  assert.equal(completed.response.output.length, 2);
  assert.equal(
    textOf(events.filter((e) => e.event === "response.output_text.delta"), (d) => d.delta),
    tool.chunks.join(""),
  );
});

Deno.test("geminiEvents sends one response per chunk and STOP on the last", () => {
  const events = geminiEvents(slow, null, "gemini-x");
  assert.equal(events.length, slow.chunks.length);
  assert.ok(events.every((e) => e.event === undefined), "Gemini's events carry no name");
  const finish = events.map((e) =>
    (e.data as { candidates: { finishReason?: string }[] }).candidates[0]?.finishReason
  );
  assert.deepEqual(finish.filter(Boolean), ["STOP"]);
  assert.equal(finish.at(-1), "STOP");
  const withCall = geminiEvents(
    tool,
    { name: "run_shell_command", args: { command: "touch x" } },
    "g",
  );
  const last = withCall.at(-1)?.data as {
    candidates: { content: { parts: unknown[] } }[];
    modelVersion: string;
  };
  assert.deepEqual(last.candidates[0]?.content.parts, [
    { functionCall: { name: "run_shell_command", args: { command: "touch x" } } },
  ]);
  assert.equal(last.modelVersion, "g");
});
