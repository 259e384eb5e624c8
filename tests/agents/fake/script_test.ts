import assert from "node:assert/strict";
import { KEYWORDS, REPLY_TEXT, scriptReply, sideJson, SLOW_REPLY_MS, TOOL_FILE } from "./script.ts";

Deno.test("scriptReply answers a tool result before looking at keywords", () => {
  const reply = scriptReply({ text: KEYWORDS.tool, afterTool: true });
  assert.equal(reply.rule, "after-tool");
  assert.equal(reply.shell, undefined);
});

Deno.test("scriptReply streams a slow reply over several seconds", () => {
  const reply = scriptReply({ text: `please ${KEYWORDS.slow} now`, afterTool: false });
  assert.equal(reply.rule, "slow-reply");
  assert.equal(reply.chunkDelayMs * (reply.chunks.length - 1), SLOW_REPLY_MS);
  assert.equal(reply.chunks.at(-1), REPLY_TEXT.slowEnd);
});

Deno.test("scriptReply asks for a shell command, a question, or answers at once", () => {
  const tool = scriptReply({ text: KEYWORDS.tool, afterTool: false });
  assert.equal(tool.shell?.command, `touch ${TOOL_FILE}`);
  assert.equal(
    scriptReply({ text: KEYWORDS.question, afterTool: false }).chunks[0],
    REPLY_TEXT.question,
  );
  const quick = scriptReply({ text: "hello", afterTool: false });
  assert.deepEqual([quick.rule, quick.chunkDelayMs], ["quick-reply", 0]);
});

Deno.test("sideJson fills a requested JSON object", () => {
  const schema = {
    type: "object",
    properties: { title: { type: "string" }, score: { type: "integer" }, ok: { type: "boolean" } },
  };
  assert.deepEqual(JSON.parse(sideJson(schema) ?? ""), {
    title: "Lab session",
    score: 1,
    ok: false,
  });
  assert.equal(sideJson(undefined), undefined);
});
