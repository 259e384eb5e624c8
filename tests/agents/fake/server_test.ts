import assert from "node:assert/strict";
import { REPLY_TEXT } from "./script.ts";
import { FakeModelServer } from "./server.ts";

/** The `data:` payloads of an SSE body. */
function dataOf(body: string): Record<string, unknown>[] {
  return body.split("\n\n").filter((block) => block.trim() !== "").map((block) => {
    const line = block.split("\n").find((l) => l.startsWith("data: ")) ?? "";
    return JSON.parse(line.slice("data: ".length));
  });
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "sk-secret" },
    body: JSON.stringify(body),
  });
}

Deno.test("FakeModelServer streams an Anthropic reply and records the request", async () => {
  await using server = new FakeModelServer("anthropic");
  const head = await fetch(`${server.url}/`, { method: "HEAD" });
  await head.body?.cancel();
  assert.equal(head.status, 200);
  const response = await post(`${server.url}/v1/messages?beta=true`, {
    model: "claude-lab",
    stream: true,
    tools: [{ name: "Bash" }],
    messages: [{ role: "user", content: [{ type: "text", text: "tool-call please" }] }],
  });
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  const events = dataOf(await response.text());
  assert.equal(events[0]?.type, "message_start");
  assert.equal(events.at(-1)?.type, "message_stop");
  const turn = await server.waitFor((r) => r.kind === "main", "the turn", 1_000);
  assert.equal(turn.path, "/v1/messages?beta=true");
  assert.equal(turn.rule, "tool-call");
  assert.deepEqual(turn.tools, ["Bash"]);
  assert.equal(turn.headers["x-api-key"], "<9 characters>", "secrets are not recorded");
  await server.waitFor((r) => r === turn && r.outcome === "complete", "the end", 1_000);
});

Deno.test("FakeModelServer records a stream the agent hung up on as cancelled", async () => {
  await using server = new FakeModelServer("openai");
  const response = await post(`${server.url}/v1/responses`, {
    stream: true,
    tools: [{ type: "function", name: "exec_command" }],
    input: [{
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "slow-reply" }],
    }],
  });
  const reader = response.body?.getReader();
  assert.ok(reader);
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /response\.created/);
  await reader.cancel();
  const turn = await server.waitFor((r) => r.outcome === "cancelled", "the hang-up", 2_000);
  assert.equal(turn.rule, "slow-reply");
  assert.ok((turn.endedAt ?? Infinity) - turn.at < 2_000, "ended long before the slow reply");
});

Deno.test("FakeModelServer answers side requests at once, in JSON when asked", async () => {
  await using server = new FakeModelServer("openai");
  const title = await post(`${server.url}/v1/responses`, {
    stream: true,
    tools: [],
    text: { format: { schema: { type: "object", properties: { title: { type: "string" } } } } },
    input: [{ role: "user", content: [{ type: "input_text", text: "Generate a title" }] }],
  });
  const done = dataOf(await title.text()).find((e) => e.type === "response.output_text.done");
  assert.deepEqual(JSON.parse(String(done?.text)), { title: "Lab session" });
  assert.equal(server.requests[0]?.rule, "side");
});

Deno.test("FakeModelServer routes Gemini by method and answers its router", async () => {
  await using server = new FakeModelServer("gemini");
  const router = await post(`${server.url}/v1beta/models/small:generateContent`, {
    contents: [{ role: "user", parts: [{ text: "Return complexity_score for: hi" }] }],
  });
  const answer = await router.json();
  const text = answer.candidates[0].content.parts[0].text;
  assert.equal(JSON.parse(text).complexity_score, 1);
  const stream = await post(
    `${server.url}/v1beta/models/big:streamGenerateContent?alt=sse`,
    { contents: [{ role: "user", parts: [{ text: "hello" }] }], tools: [] },
  );
  const events = dataOf(await stream.text());
  const parts = events.flatMap((e) =>
    (e as { candidates: { content: { parts: { text?: string }[] } }[] }).candidates[0]?.content
      .parts ?? []
  );
  assert.equal(parts.map((p) => p.text).join(""), REPLY_TEXT.quick);
  const missing = await fetch(`${server.url}/v1beta/models`);
  await missing.body?.cancel();
  assert.equal(missing.status, 404);
  assert.deepEqual(server.requests.map((r) => [r.kind, r.rule]), [
    ["side", "router"],
    ["main", "quick-reply"],
    ["other", undefined],
  ]);
});
