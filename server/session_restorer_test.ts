import assert from "node:assert/strict";
import type { PaneShape } from "../tmux/mod.ts";
import type { SessionRecord } from "./db/session_records.ts";
import { agentKind } from "./session_recorder.ts";
import { restorePlan } from "./session_restorer.ts";

const pane = (command: string, startCommand = ""): PaneShape => ({
  cwd: "/w",
  command,
  startCommand,
});
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
  killedAt: null,
});
const window = (panes: PaneShape[]) => ({
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
  assert.equal(restorePlan(record("", []), true).commands, undefined);
});

const CLAUDE = "266d34bf-4e49-4ffe-881d-a856daf01f34";
const CODEX = "01a23a60-0ad0-72b3-9bab-dd3d5b34afa2";

Deno.test("restorePlan starts each agent again in its own conversation, by its id, rerun or not", () => {
  const r = record("env HOME=/h claude --permission-mode default", [
    window([
      { ...pane("claude"), agent: "claude", conversation: CLAUDE },
      // Started by hand in a shell: started again as its process was.
      { ...pane("node"), agent: "codex", conversation: CODEX, launch: "/x/bin/codex --no-daemon" },
      // An agent whose conversation could not be told is not started into a fresh one.
      { ...pane("node"), agent: "gemini", launch: "/x/bin/gemini" },
    ]),
  ]);
  const plan = restorePlan(r, false);
  assert.deepEqual(plan.commands, [[
    `env HOME=/h claude --resume ${CLAUDE} --permission-mode default`,
    `/x/bin/codex resume ${CODEX} --no-daemon`,
    null,
  ]]);
  assert.deepEqual(plan.resumed, [
    { agent: "claude", conversation: CLAUDE },
    { agent: "codex", conversation: CODEX },
  ]);
  assert.deepEqual(restorePlan(r, true).commands?.[0]?.[2], null, "no start command to re-run");
});

Deno.test("restorePlan never types an id that is not one, nor an agent it cannot find in the line", () => {
  const r = record("", [
    window([
      { ...pane("claude"), agent: "claude", conversation: "$(touch x)", launch: "claude" },
      { ...pane("claude"), agent: "claude", conversation: CLAUDE, launch: "" },
      { ...pane("vim"), agent: "vim", conversation: CLAUDE, launch: "vim" },
    ]),
  ]);
  assert.equal(restorePlan(r, false).commands, undefined);
  assert.deepEqual(restorePlan(r, false).resumed, []);
});

Deno.test("agentKind names the agent from the start command or a pane's program", () => {
  assert.equal(agentKind("/usr/local/bin/claude --resume", []), "claude");
  assert.equal(agentKind("", [window([pane("bash"), pane("codex")])]), "codex");
  assert.equal(agentKind("vim", [window([pane("vim")])]), null);
});

Deno.test("restorePlan resumes Gemini CLI by its id, its own --session-id giving way", () => {
  const GEMINI = "f41be818-cf3b-44e0-88fb-3346e24cb48c";
  const r = record(`env HOME=/h gemini --session-id ${GEMINI} -m flash`, [
    window([{ ...pane("node"), agent: "gemini", conversation: GEMINI }]),
  ]);
  const plan = restorePlan(r, false);
  assert.deepEqual(plan.commands, [[`env HOME=/h gemini --resume ${GEMINI} -m flash`]]);
  assert.deepEqual(plan.resumed, [{ agent: "gemini", conversation: GEMINI }]);
});
