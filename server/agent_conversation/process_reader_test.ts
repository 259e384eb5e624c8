import assert from "node:assert/strict";
import { join } from "node:path";
import { readPaneAgent } from "./process_reader.ts";

const ID = "f41be818-cf3b-44e0-88fb-3346e24cb48c";

/** A real process tree: a shell (the "pane") running a program linked under an agent's name. */
async function pane(
  agent: string,
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<
  { pid: number; agentPid: () => Promise<number>; [Symbol.asyncDispose](): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "maestro-agent-proc-" });
  await Deno.symlink("/bin/sh", join(dir, agent));
  const child = new Deno.Command("/bin/sh", {
    // Words after the script are the agent's own arguments (sh's $0, $1…), as in its argv.
    args: ["-c", `${join(dir, agent)} -c '${script}; :' ${args.join(" ")}; :`],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  const agentPid = async () => {
    for (let i = 0; i < 100; i++) {
      const children = await Deno.readTextFile(`/proc/${child.pid}/task/${child.pid}/children`)
        .catch(() => "");
      const first = Number(children.trim().split(" ")[0]);
      // Forked but not yet exec'd, the child still shows the shell's argv.
      const argv = first > 0
        ? await Deno.readTextFile(`/proc/${first}/cmdline`).catch(() => "")
        : "";
      if (argv.startsWith(join(dir, agent))) return first;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("the agent process never started");
  };
  return {
    pid: child.pid,
    agentPid,
    async [Symbol.asyncDispose]() {
      Deno.kill(await agentPid(), "SIGKILL");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("readPaneAgent reads Claude Code's session id from its per-process file, checked by start time", async () => {
  const home = await Deno.makeTempDir({ prefix: "maestro-agent-home-" });
  await using shell = await pane("claude", "sleep 30", { HOME: home });
  const pid = await shell.agentPid();
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const ticks = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  await Deno.mkdir(join(home, ".claude", "sessions"), { recursive: true });
  const file = join(home, ".claude", "sessions", `${pid}.json`);
  await Deno.writeTextFile(file, JSON.stringify({ pid, sessionId: ID, procStart: ticks }));
  const found = await readPaneAgent(shell.pid);
  assert.equal(found?.agent, "claude");
  assert.equal(found?.conversation, ID);
  assert.match(found?.launch ?? "", /\/claude -c 'sleep 30; :'$/);

  // Left by an earlier process that had this pid: not this one's conversation.
  await Deno.writeTextFile(file, JSON.stringify({ pid, sessionId: ID, procStart: "1" }));
  assert.equal((await readPaneAgent(shell.pid))?.conversation, null);
  await Deno.remove(home, { recursive: true });
});

Deno.test("readPaneAgent reads Codex's conversation from the rollout file its process holds open", async () => {
  const home = await Deno.makeTempDir({ prefix: "maestro-agent-home-" });
  const day = join(home, ".codex", "sessions", "2026", "12", "03");
  await Deno.mkdir(day, { recursive: true });
  const rollout = join(day, `rollout-2026-12-03T05-28-22-${ID}.jsonl`);
  await using shell = await pane("codex", `exec 3>>${rollout}; sleep 30`, { HOME: home });
  await shell.agentPid();
  let found = null;
  for (let i = 0; i < 50 && found?.conversation !== ID; i++) {
    found = await readPaneAgent(shell.pid);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(found?.agent, "codex");
  assert.equal(found?.conversation, ID);
  await Deno.remove(home, { recursive: true });
});

Deno.test("readPaneAgent takes Gemini CLI's --session-id once its chat file holds a prompt", async () => {
  const home = await Deno.makeTempDir({ prefix: "maestro-agent-home-" });
  const chats = join(home, ".gemini", "tmp", "lab-project", "chats");
  await Deno.mkdir(chats, { recursive: true });
  const file = join(chats, `session-2026-12-03T12-16-${ID.slice(0, 8)}.jsonl`);
  const line = (record: unknown) => JSON.stringify(record) + "\n";
  await Deno.writeTextFile(
    file,
    line({ sessionId: ID, projectHash: "d630d4de", kind: "main" }) +
      line({ $set: { messages: [{ id: "c", type: "user", content: "<session_context>" }] } }),
  );
  await using shell = await pane("gemini", "sleep 30", { HOME: home }, ["--session-id", ID]);
  await shell.agentPid();
  // Started, no prompt yet: Gemini CLI's --resume would not find it.
  let found = await readPaneAgent(shell.pid);
  assert.equal(found?.agent, "gemini");
  assert.equal(found?.conversation, null);
  await Deno.writeTextFile(file, line({ id: "p", type: "user", content: [{ text: "hi" }] }), {
    append: true,
  });
  found = await readPaneAgent(shell.pid);
  assert.equal(found?.conversation, ID);
  assert.match(found?.launch ?? "", new RegExp(`/gemini -c 'sleep 30; :' --session-id ${ID}$`));
  await Deno.remove(home, { recursive: true });
});

Deno.test("readPaneAgent says none for a pane without an agent, and for no process", async () => {
  await using shell = await pane("bash", "sleep 30", {});
  await shell.agentPid();
  assert.equal(await readPaneAgent(shell.pid), null);
  assert.equal(await readPaneAgent(0), null);
  assert.equal(await readPaneAgent(2 ** 22 + 17), null);
});
