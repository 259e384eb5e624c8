import assert from "node:assert/strict";
import type { SessionRecord } from "./db/session_records.ts";
import { agentKind } from "./session_recorder.ts";
import { restorePlan } from "./session_restorer.ts";

const pane = (command: string, startCommand = "") => ({ cwd: "/w", command, startCommand });
const record = (command: string, windows: SessionRecord["windows"]): SessionRecord => ({
  host: "local",
  id: "$0~1-a",
  created: 1,
  name: "s",
  cwd: "/w",
  command,
  windows,
  agent: null,
  seenAt: 1,
  vanishedAt: 2,
});
const window = (panes: ReturnType<typeof pane>[]) => ({
  index: 0,
  name: null,
  layout: "",
  active: true,
  panes,
});

Deno.test("restorePlan reopens shells and re-runs commands only when asked", () => {
  const r = record("claude --model x", [
    window([pane("claude"), pane("bash")]),
    window([pane("top", "top -d 1")]),
  ]);
  assert.equal(restorePlan(r, false).commands, undefined);
  assert.deepEqual(restorePlan(r, true).commands, [["claude --model x", null], ["top -d 1"]]);
  // Vanished before its shape was read: one pane, its start command.
  assert.deepEqual(restorePlan(record("make", []), true).commands, [["make"]]);
  assert.deepEqual(restorePlan(record("", []), true).commands, [[null]]);
});

Deno.test("agentKind names the agent from the start command or a pane's program", () => {
  assert.equal(agentKind("/usr/local/bin/claude --resume", []), "claude");
  assert.equal(agentKind("", [window([pane("bash"), pane("codex")])]), "codex");
  assert.equal(agentKind("vim", [window([pane("vim")])]), null);
});
