/**
 * The status model on the real agents, end to end: each agent runs in its lab session (a private
 * tmux server, its fake model server), a real Maestro serves that tmux server, and everything is
 * done the way a person does it — typed with `maestro send --enter` and `POST …/input`, read from
 * `GET …/sessions/:name` while a page's events socket keeps the monitor polling, looked at through
 * a focused terminal socket. For each agent: at its composer it is idle; a slow reply is working;
 * its end is done, then idle once looked at; an approval prompt needs you, and answering it
 * continues the agent (the fake server gets the tool's result); an interrupted turn is idle.
 */

import assert from "node:assert/strict";
import type { SessionView } from "../../protocol/session.ts";
import { EventsClient } from "../helpers/events_client.ts";
import { runMaestro } from "../helpers/maestro_process.ts";
import { TerminalClient } from "../helpers/terminal_client.ts";
import { TestServer } from "../helpers/test_server.ts";
import { KEYWORDS } from "./fake/script.ts";
import { labAgent, startAgent } from "./drive.ts";
import type { AgentId } from "./install.ts";
import type { AgentRun } from "./launch.ts";

/** The lab's one session in its private tmux server. */
const SESSION = "agent";

/** A Maestro over the agent's tmux server, with a page's events socket open (1 poll a second). */
class Watched implements AsyncDisposable {
  private constructor(readonly server: TestServer, readonly events: EventsClient) {}

  static async over(run: AgentRun): Promise<Watched> {
    const server = await TestServer.start({ tmux: run.tmux });
    const events = new EventsClient(server.wsUrl("/api/events"), server.headers);
    await events.opened;
    return new Watched(server, events);
  }

  async status(): Promise<SessionView> {
    const response = await this.server.fetch(`/api/hosts/local/sessions/${SESSION}`);
    assert.equal(response.status, 200);
    return await response.json() as SessionView;
  }

  /** Poll the status until `want` says yes; returns it and how long it took (ms). */
  async until(
    want: (s: SessionView) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<{ view: SessionView; ms: number }> {
    const started = performance.now();
    let last: SessionView | null = null;
    while (performance.now() - started < timeoutMs) {
      last = await this.status();
      if (want(last)) return { view: last, ms: Math.round(performance.now() - started) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}: it is ${last?.status} (${last?.statusRule})`);
  }

  /** `POST …/input` as a script or the page's broadcast bar sends it. */
  async input(body: Record<string, unknown>): Promise<void> {
    const response = await this.server.fetch(`/api/hosts/local/sessions/${SESSION}/input`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 204, await response.text());
  }

  /** `POST …/answer`: choose an option of the prompt with this id. */
  async answer(promptId: string, option: string): Promise<{ status: number; body: unknown }> {
    const response = await this.server.fetch(`/api/hosts/local/sessions/${SESSION}/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ promptId, option }),
    });
    return { status: response.status, body: await response.json() };
  }

  /** `maestro send agent TEXT --enter`, the CLI. */
  async send(text: string): Promise<void> {
    const result = await runMaestro([
      "send",
      SESSION,
      text,
      "--enter",
      "--url",
      this.server.server.url,
      "--token",
      this.server.token,
    ]);
    assert.equal(result.code, 0, result.stderr);
  }

  /** A person opens the session: a terminal socket that says it is focused. */
  async look(): Promise<TerminalClient> {
    const viewer = new TerminalClient(
      this.server.wsUrl(`/api/hosts/local/sessions/${SESSION}/terminal`),
      this.server.headers,
    );
    await viewer.opened;
    viewer.send({ type: "hello", cols: 100, rows: 30 });
    viewer.send({ type: "focus", focused: true });
    return viewer;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.events[Symbol.asyncDispose]();
    await this.server.stop(); // the lab's run owns the tmux server
  }
}

/** The rule an agent's composer, approval prompt and turn end are found by. */
const RULES: Record<AgentId, { idle: string; approval: string }> = {
  claude: { idle: "claude-idle", approval: "claude-permission" },
  codex: { idle: "codex-idle", approval: "codex-approval" },
  gemini: { idle: "gemini-idle", approval: "gemini-approval" },
};

/** The first option of each agent's approval: allow it, once. */
const FIRST_OPTION: Record<AgentId, RegExp> = {
  claude: /^Yes$/,
  codex: /^Yes, proceed/,
  gemini: /^Allow once$/,
};

/** Claude Code asks before running a command only in its default mode (2.1.33x starts in auto). */
const ARGS: Record<AgentId, string[]> = {
  claude: ["--permission-mode", "default"],
  codex: [],
  gemini: [],
};

function defineStatusTest(id: AgentId, label: string): void {
  Deno.test(`${label} through Maestro: idle, working, done, needs you with its prompt, answered, interrupted`, async () => {
    const started = await startAgent(await labAgent(id), { args: ARGS[id] });
    await using run = started.run;
    await using maestro = await Watched.over(run);
    const timings: Record<string, number> = {};

    // At its composer, nothing asked: idle.
    const idle = await maestro.until((s) => s.status === "idle", "it to be idle");
    assert.equal(idle.view.statusRule, RULES[id].idle);

    // A slow reply, typed with `maestro send --enter`: submitted (the fake server gets it), working.
    const before = run.server.requests.length;
    await maestro.send(`${KEYWORDS.slow} please`);
    const reply = await run.server.waitFor(
      (r) => r.seq > before && r.kind === "main" && r.text?.trim() === `${KEYWORDS.slow} please`,
      "the prompt, submitted",
      30_000,
    );
    const working = await maestro.until((s) => s.status === "working", "it to work");
    timings.working = working.ms;

    // Its end, unseen: done. Looked at: idle.
    await run.server.waitFor((r) => r === reply && r.outcome !== undefined, "the reply", 30_000);
    const done = await maestro.until((s) => s.status === "done", "it to be done");
    assert.equal(done.view.statusRule, "turn-ended");
    timings.done = done.ms;
    {
      await using _viewer = await maestro.look();
      const seen = await maestro.until((s) => s.status !== "done", "it to be seen", 10_000);
      assert.deepEqual([seen.view.status, seen.view.statusRule], ["idle", RULES[id].idle]);
    }

    // A command that needs approval: needs you, by the agent's own rule, as soon as it shows.
    await maestro.input({ text: `${KEYWORDS.tool} please`, enter: true });
    await run.waitForScreen((s) => run.spec.approval.test(s.text), "the approval prompt", 30_000);
    const asks = await maestro.until((s) => s.status === "needs-you", "it to need you");
    assert.equal(asks.view.statusRule, RULES[id].approval);
    timings.needsYou = asks.ms;
    // And it stays so while it waits (Codex blinks its title every second meanwhile).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await maestro.status()).status, "needs-you");

    // What it asks arrives as data: a permission with the agent's own options.
    const prompt = (await maestro.status()).prompt;
    assert.ok(prompt, "the session carries its prompt");
    assert.equal(prompt.kind, "permission");
    assert.match(prompt.detail, /touch lab-approved\.txt/);
    assert.deepEqual(
      prompt.options.map((o) => o.key),
      ["1", "2", "3", "4"].slice(0, prompt.options.length),
    );
    assert.match(prompt.options[0]?.label ?? "", FIRST_OPTION[id]);

    // A stale prompt id is refused and nothing is typed.
    const stale = await maestro.answer("not-this-prompt", "1");
    assert.equal(stale.status, 409);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await maestro.status()).status, "needs-you", "still asking");

    // Answered through the API: the agent goes on (the fake server gets the tool's result).
    const beforeAnswer = run.server.requests.length;
    const answered = await maestro.answer(prompt.id, "1");
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    await run.server.waitFor(
      (r) => r.seq > beforeAnswer && r.kind === "main" && r.afterTool === true,
      "the tool's result",
      30_000,
    );
    await maestro.until((s) => s.status !== "needs-you", "it to stop needing you");

    // An interrupted turn: idle, not done (the person who stopped it knows).
    await maestro.until((s) => s.status === "done" || s.status === "idle", "the turn to end");
    {
      await using _viewer = await maestro.look();
      await maestro.until((s) => s.status === "idle", "it to be seen");
    }
    const slow = run.server.requests.length;
    await maestro.input({ text: `${KEYWORDS.slow} again`, enter: true });
    const second = await run.server.waitFor(
      (r) => r.seq > slow && r.kind === "main" && r.text?.includes(KEYWORDS.slow) === true,
      "the second slow prompt",
      30_000,
    );
    await maestro.until((s) => s.status === "working", "it to work again");
    await maestro.input({ keys: ["Escape"] });
    await run.server.waitFor((r) => r === second && r.outcome !== undefined, "the hang-up", 15_000);
    const stopped = await maestro.until((s) => s.status !== "working", "it to stop");
    assert.equal(stopped.view.status, "idle", `interrupted: ${stopped.view.statusRule}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await maestro.status()).status, "idle", "and stays idle");

    // The measured timings, for tests/agents/README.md.
    await Deno.stderr.write(
      new TextEncoder().encode(
        `${label} ${run.version}: ${JSON.stringify(timings)} ms after each step\n`,
      ),
    );
  });
}

defineStatusTest("claude", "Claude Code");
defineStatusTest("codex", "Codex");
defineStatusTest("gemini", "Gemini CLI");
