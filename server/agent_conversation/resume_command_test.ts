import assert from "node:assert/strict";
import { commandAgent, resumeCommand, withSessionId } from "./resume_command.ts";

const ID = "266d34bf-4e49-4ffe-881d-a856daf01f34";
const OLD = "01a23a60-0ad0-72b3-9bab-dd3d5b34afa2";

Deno.test("withSessionId gives Claude Code the id Maestro chose, after its word", () => {
  assert.equal(withSessionId("claude", ID), `claude --session-id ${ID}`);
  assert.equal(
    withSessionId("claude --permission-mode default 'fix it'", ID),
    `claude --session-id ${ID} --permission-mode default 'fix it'`,
  );
  assert.equal(
    withSessionId("env -i HOME=/h TERM=xterm /opt/bin/claude", ID),
    `env -i HOME=/h TERM=xterm /opt/bin/claude --session-id ${ID}`,
  );
  assert.equal(withSessionId("gemini", ID), `gemini --session-id ${ID}`);
  assert.equal(
    withSessionId("env -i HOME=/h /x/node_modules/.bin/gemini -m flash", ID),
    `env -i HOME=/h /x/node_modules/.bin/gemini --session-id ${ID} -m flash`,
  );
  assert.equal(withSessionId("cd /src && claude", ID), `cd /src && claude --session-id ${ID}`);
});

Deno.test("withSessionId leaves alone a line that picks its conversation, runs no agent, or names one as data", () => {
  assert.equal(withSessionId(`claude --resume ${OLD}`, ID), null);
  assert.equal(withSessionId("claude -c", ID), null);
  assert.equal(withSessionId(`claude --session-id=${OLD}`, ID), null);
  assert.equal(withSessionId("gemini --resume latest", ID), null);
  assert.equal(withSessionId("gemini -r", ID), null);
  assert.equal(withSessionId("gemini --session-file /tmp/chat.json", ID), null);
  assert.equal(withSessionId("codex --no-daemon", ID), null, "Codex takes no id at start");
  assert.equal(withSessionId("bash", ID), null);
  assert.equal(withSessionId("echo claude", ID), null);
  assert.equal(withSessionId("vim claude.md", ID), null);
  assert.throws(() => withSessionId("claude", "x; rm -rf ~"), TypeError);
});

Deno.test("resumeCommand swaps the line's own session flags for --resume ID", () => {
  assert.equal(
    resumeCommand(`claude --permission-mode default --session-id ${OLD} foo`, "claude", ID),
    `claude --resume ${ID} --permission-mode default foo`,
  );
  assert.equal(
    resumeCommand("claude -c --verbose", "claude", ID),
    `claude --resume ${ID} --verbose`,
  );
  assert.equal(
    resumeCommand(`gemini --resume=${OLD}`, "gemini", ID),
    `gemini --resume ${ID}`,
  );
  // Gemini CLI refuses --resume with --session-id or --session-file: they give way to it.
  assert.equal(
    resumeCommand(`/x/bin/gemini --session-id ${OLD} -m flash`, "gemini", ID),
    `/x/bin/gemini --resume ${ID} -m flash`,
  );
  assert.equal(
    resumeCommand("gemini --session-file /tmp/c.json", "gemini", ID),
    `gemini --resume ${ID}`,
  );
  assert.equal(
    resumeCommand("gemini --resume --yolo", "gemini", ID),
    `gemini --resume ${ID} --yolo`,
  );
  assert.equal(
    resumeCommand("env -i HOME=/h /x/bin/claude", "claude", ID),
    `env -i HOME=/h /x/bin/claude --resume ${ID}`,
  );
});

Deno.test("resumeCommand starts Codex's resume subcommand with the id, replacing one the line had", () => {
  assert.equal(resumeCommand("codex --no-daemon", "codex", ID), `codex resume ${ID} --no-daemon`);
  assert.equal(
    resumeCommand(`/x/codex resume ${OLD} --no-daemon`, "codex", ID),
    `/x/codex resume ${ID} --no-daemon`,
  );
  assert.equal(resumeCommand("codex resume --last", "codex", ID), `codex resume ${ID}`);
});

Deno.test("resumeCommand refuses what is not an id or a line that does not start the agent", () => {
  assert.equal(resumeCommand("claude", "claude", "$(touch x)"), null);
  assert.equal(resumeCommand("bash", "claude", ID), null);
  assert.equal(resumeCommand("claude", "codex", ID), null);
});

Deno.test("commandAgent names the agent a line starts", () => {
  assert.equal(commandAgent("claude --permission-mode default"), "claude");
  assert.equal(commandAgent("FOO=1 exec /usr/bin/codex"), "codex");
  assert.equal(commandAgent("npx gemini"), "gemini");
  assert.equal(commandAgent("cat claude.txt"), null);
  assert.equal(commandAgent(""), null);
});
