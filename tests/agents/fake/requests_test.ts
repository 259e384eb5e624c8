import assert from "node:assert/strict";
import { isGeminiRouter, readAnthropic, readGemini, readResponses } from "./requests.ts";

Deno.test("readAnthropic takes the last text of the newest user message", () => {
  const body = {
    tools: [{ name: "Bash" }],
    messages: [
      { role: "user", content: "old" },
      { role: "assistant", content: [{ type: "text", text: "hi" }] },
      {
        role: "user",
        content: [
          { type: "text", text: "<system-reminder>x</system-reminder>" },
          { type: "text", text: "slow-reply please" },
        ],
      },
      // Claude Code 2.1.332 appends a system message after the user's.
      { role: "system", content: [{ type: "text", text: "# Environment" }] },
    ],
  };
  assert.deepEqual(readAnthropic(body), {
    kind: "main",
    prompt: { text: "slow-reply please", afterTool: false },
  });
});

Deno.test("readAnthropic sees a tool_result and calls a request without tools a side request", () => {
  const body = {
    messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: "" }] }],
  };
  assert.deepEqual(readAnthropic(body), { kind: "side", prompt: { text: "", afterTool: true } });
  assert.deepEqual(readAnthropic(null), { kind: "side", prompt: { text: "", afterTool: false } });
});

Deno.test("readResponses finds a function_call_output after the newest user message", () => {
  const user = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: "tool-call" }],
  };
  const base = { tools: [{ type: "function", name: "exec_command" }] };
  assert.deepEqual(readResponses({ ...base, input: [{ role: "developer", content: "x" }, user] }), {
    kind: "main",
    prompt: { text: "tool-call", afterTool: false },
  });
  const after = readResponses({
    ...base,
    input: [user, { type: "function_call", call_id: "c" }, {
      type: "function_call_output",
      call_id: "c",
      output: "ok",
    }],
  });
  assert.deepEqual(after.prompt, { text: "tool-call", afterTool: true });
  assert.equal(readResponses({ input: [user], tools: [] }).kind, "side");
});

Deno.test("readGemini takes the last text part and sees a functionResponse", () => {
  const body = {
    contents: [{
      role: "user",
      parts: [{ text: "<session_context>…</session_context>" }, { text: "slow-reply" }],
    }],
  };
  assert.deepEqual(readGemini(body, true), {
    kind: "main",
    prompt: { text: "slow-reply", afterTool: false },
  });
  const after = {
    contents: [...body.contents, { role: "model", parts: [{ functionCall: { name: "x" } }] }, {
      role: "user",
      parts: [{ functionResponse: { name: "x", response: {} } }],
    }],
  };
  assert.deepEqual(readGemini(after, true).prompt, { text: "", afterTool: true });
  assert.equal(readGemini(body, false).kind, "side");
  assert.equal(isGeminiRouter({ contents: [{ parts: [{ text: "complexity_score" }] }] }), true);
});
