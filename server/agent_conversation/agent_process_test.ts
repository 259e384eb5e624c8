import assert from "node:assert/strict";
import {
  agentOfArgv,
  claudeSessionId,
  codexRolloutId,
  conversationFromArgv,
  geminiChatHasTurn,
  isGeminiChatFile,
  launchLine,
  programOf,
  shellWord,
} from "./agent_process.ts";

const ID = "f41be818-cf3b-44e0-88fb-3346e24cb48c";

Deno.test("agentOfArgv knows a native agent and a Node script by the script's name", () => {
  assert.equal(agentOfArgv(["/cache/node_modules/.bin/claude"]), "claude");
  assert.equal(agentOfArgv(["node", "/cache/node_modules/.bin/codex", "--no-daemon"]), "codex");
  assert.equal(
    agentOfArgv(["/usr/bin/node", "--max-old-space-size=12052", "/x/bin/gemini"]),
    "gemini",
  );
  assert.equal(agentOfArgv(["/x/vendor/bin/codex", "--no-daemon"]), "codex");
  assert.equal(agentOfArgv(["bash"]), null);
  assert.equal(agentOfArgv(["node", "server.js"]), null);
  assert.equal(agentOfArgv([]), null);
  assert.deepEqual(programOf(["node", "--inspect", "/x/gemini", "-y"]), {
    name: "gemini",
    index: 2,
  });
});

Deno.test("conversationFromArgv reads --session-id / --resume, and Codex's resume subcommand", () => {
  assert.equal(conversationFromArgv("claude", ["claude", "--session-id", ID]), ID);
  assert.equal(conversationFromArgv("claude", ["claude", `--resume=${ID}`]), ID);
  assert.equal(conversationFromArgv("gemini", ["node", "/x/gemini", "-r", ID]), ID);
  assert.equal(
    conversationFromArgv("codex", ["node", "/x/codex", "resume", ID, "--no-daemon"]),
    ID,
  );
  assert.equal(conversationFromArgv("codex", ["codex", "--no-daemon"]), null);
  assert.equal(conversationFromArgv("claude", ["claude", "--resume", "latest"]), null);
  assert.equal(conversationFromArgv("claude", ["claude"]), null);
});

Deno.test("claudeSessionId takes the per-process file only from the process that wrote it", () => {
  const file = JSON.stringify({ pid: 19731, sessionId: ID, procStart: "3987793" });
  assert.equal(claudeSessionId(file, "3987793"), ID);
  assert.equal(claudeSessionId(file, "5000000"), null, "a pid reused by a later process");
  assert.equal(claudeSessionId(JSON.stringify({ sessionId: ID }), "1"), ID);
  assert.equal(claudeSessionId(JSON.stringify({ sessionId: "$(x)" }), "1"), null);
  assert.equal(claudeSessionId("{not json", "1"), null);
  assert.equal(claudeSessionId("null", "1"), null);
});

Deno.test("codexRolloutId reads the open rollout file's id; two different ones are unknown", () => {
  const rollout = (id: string) =>
    `/h/.codex/sessions/2026/12/03/rollout-2026-12-03T05-28-22-${id}.jsonl`;
  const other = "01a23a60-0ad0-72b3-9bab-dd3d5b34afa2";
  assert.equal(codexRolloutId(["/h/.codex/state_5.sqlite", rollout(ID)]), ID);
  assert.equal(codexRolloutId([rollout(ID), rollout(ID)]), ID);
  assert.equal(codexRolloutId([rollout(ID), rollout(other)]), null);
  assert.equal(codexRolloutId(["/h/.codex/logs_2.sqlite"]), null);
});

Deno.test("launchLine starts a script as itself and quotes what a shell would read", () => {
  assert.equal(launchLine(["node", "/x/bin/codex", "--no-daemon"]), "/x/bin/codex --no-daemon");
  assert.equal(launchLine(["claude", "fix it's bug"]), `claude 'fix it'\\''s bug'`);
  assert.equal(launchLine(["claude", "a\nb"]), null);
  assert.equal(shellWord("$(touch x)"), "'$(touch x)'");
  assert.equal(shellWord("--model=opus"), "--model=opus");
});

/** A Gemini CLI 0.61.0 chat file as written (lines shortened): at start, then after a prompt. */
const geminiStart = (id: string) =>
  [
    { sessionId: id, projectHash: "d630d4de", startTime: "2026-12-03T12:16:27.045Z", kind: "main" },
    {
      $set: {
        messages: [{
          id: "d04923d3",
          type: "user",
          content: [{ text: "<session_context>\nThis is the Gemini CLI." }],
        }],
      },
    },
  ].map((r) => JSON.stringify(r) + "\n").join("");
const geminiTurn = [
  { id: "69febed1", type: "user", content: [{ text: "remember alpha" }] },
  { $set: { lastUpdated: "2026-12-03T12:16:30.321Z" } },
  { id: "a24f71b0", type: "gemini", content: "Quick reply from the fake model." },
].map((r) => JSON.stringify(r) + "\n").join("");

Deno.test("geminiChatHasTurn: the chat file is that conversation's, with a prompt of the user's", () => {
  assert.equal(geminiChatHasTurn(geminiStart(ID), ID), false, "only its <session_context>");
  assert.equal(geminiChatHasTurn(geminiStart(ID) + geminiTurn, ID), true);
  assert.equal(geminiChatHasTurn(geminiStart(ID) + geminiTurn + '{"id":"x", "ty', ID), true);
  const other = "01a23a60-0ad0-72b3-9bab-dd3d5b34afa2";
  assert.equal(geminiChatHasTurn(geminiStart(other) + geminiTurn, ID), false, "another id");
  // Its header deleted by another Gemini's session cleanup, then appended to: it cannot resume.
  assert.equal(geminiChatHasTurn(geminiTurn, ID), false);
  // A slash command is no turn; a rewind to the first prompt takes the turn away.
  const slash = JSON.stringify({ id: "s1", type: "user", content: "/stats" }) + "\n";
  assert.equal(geminiChatHasTurn(geminiStart(ID) + slash, ID), false);
  const rewind = JSON.stringify({ $rewindTo: "69febed1" }) + "\n";
  assert.equal(geminiChatHasTurn(geminiStart(ID) + geminiTurn + rewind, ID), false);
  // Resumed: a `$set` of all the messages so far keeps the prompt.
  const resumed = JSON.stringify({
    $set: { messages: [{ id: "69febed1", type: "user", content: [{ text: "remember alpha" }] }] },
  }) + "\n";
  assert.equal(geminiChatHasTurn(geminiStart(ID) + resumed, ID), true);
  assert.equal(geminiChatHasTurn("not json\n", ID), false);
});

Deno.test("isGeminiChatFile knows a conversation's file by the first 8 of its id", () => {
  assert.equal(isGeminiChatFile(`session-2026-12-03T12-16-${ID.slice(0, 8)}.jsonl`, ID), true);
  assert.equal(isGeminiChatFile(`session-2026-12-03T12-16-${ID.slice(0, 8)}.json`, ID), true);
  assert.equal(isGeminiChatFile("session-2026-12-03T12-16-01a23a60.jsonl", ID), false);
  assert.equal(isGeminiChatFile(`logs-${ID.slice(0, 8)}.jsonl`, ID), false);
});
