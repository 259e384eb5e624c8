/**
 * Restore on the real agents, end to end: a real Maestro creates two sessions of the same agent in
 * the same directory (same HOME), each has its own conversation with the fake model server, the
 * tmux server is killed, and `maestro restore --all` brings both back — each agent in its own
 * directory, resumed by its own conversation id: the first request each sends afterwards carries
 * its own earlier prompt and not the other's (never "the most recent one").
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { RestorableSession } from "../../protocol/restorable.ts";
import { shellWord } from "../../server/agent_conversation/agent_process.ts";
import { EventsClient } from "../helpers/events_client.ts";
import { runMaestro } from "../helpers/maestro_process.ts";
import { PrivateTmux } from "../helpers/private_tmux.ts";
import { TestServer } from "../helpers/test_server.ts";
import { type LabAgent, labAgent } from "./drive.ts";
import { FakeModelServer, type RecordedRequest } from "./fake/server.ts";
import type { AgentId } from "./install.ts";
import { endProcesses, readStat, RunLock, sleep } from "./launch.ts";

/** Claude Code asks nothing here, but its default mode is the one people test prompts in. */
const ARGS: Record<AgentId, string[]> = {
  claude: ["--permission-mode", "default"],
  codex: [],
  gemini: [],
};

const TIMEOUT_MS = 45_000;

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** One agent's world: its HOME and project, its fake model server, a private tmux, a Maestro. */
class RestoreLab implements AsyncDisposable {
  readonly #pids = new Map<number, string>();

  private constructor(
    readonly agent: LabAgent,
    readonly dir: string,
    readonly home: string,
    readonly cwd: string,
    readonly model: FakeModelServer,
    readonly tmux: PrivateTmux,
    readonly maestro: TestServer,
    readonly events: EventsClient,
    readonly lock: RunLock,
  ) {}

  static async start(id: AgentId): Promise<RestoreLab> {
    const lock = await RunLock.acquire();
    const agent = await labAgent(id);
    await Deno.mkdir(agent.runsDir, { recursive: true });
    const dir = await Deno.makeTempDir({ prefix: `restore-${id}-`, dir: agent.runsDir });
    const home = join(dir, "home");
    const cwd = join(home, "lab-project");
    await Deno.mkdir(cwd, { recursive: true });
    const model = new FakeModelServer(agent.spec.api);
    await agent.spec.writeConfig({ home, cwd, serverUrl: model.url, notify: false });
    const tmux = new PrivateTmux();
    const maestro = await TestServer.start({ tmux });
    // A page is open: Maestro lists the sessions (and records them) while someone watches.
    const events = new EventsClient(maestro.wsUrl("/api/events"), maestro.headers);
    await events.opened;
    return new RestoreLab(agent, dir, home, cwd, model, tmux, maestro, events, lock);
  }

  /** The line a person would type: the agent with the lab's clean environment. */
  get command(): string {
    const { spec, bin } = this.agent;
    const env = spec.env({
      home: this.home,
      cwd: this.cwd,
      serverUrl: this.model.url,
      notify: false,
    });
    const words = [
      "env",
      "-i",
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      "TERM=tmux-256color",
      bin,
      ...spec.args,
      ...ARGS[spec.id],
    ].map((w) => shellWord(w) as string);
    // The pane's own TMUX variables, as every pane has them.
    return [words[0], words[1], 'TMUX="$TMUX"', 'TMUX_PANE="$TMUX_PANE"', ...words.slice(2)]
      .join(" ");
  }

  async screen(name: string): Promise<{ text: string; title: string }> {
    const out = await this.tmux.tmux(
      "display-message",
      "-p",
      "-t",
      `=${name}:`,
      "#{pane_title}",
      ";",
      "capture-pane",
      "-p",
      "-t",
      `=${name}:`,
    );
    const newline = out.indexOf("\n");
    return { title: out.slice(0, newline), text: out.slice(newline + 1) };
  }

  async untilReady(name: string): Promise<void> {
    await until(`${name}'s composer`, async () => {
      const { text, title } = await this.screen(name);
      return this.agent.spec.ready(text, title);
    }).catch(async (error) => {
      throw new Error(`${error.message}; screen:\n${(await this.screen(name)).text}`);
    });
    await this.rememberProcesses();
  }

  /** `maestro send NAME TEXT --enter`; resolves with the main request that carried it. */
  async say(name: string, text: string): Promise<RecordedRequest> {
    const before = this.model.requests.length;
    const result = await runMaestro([
      "send",
      name,
      text,
      "--enter",
      "--url",
      this.maestro.server.url,
      "--token",
      this.maestro.token,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const request = await this.model.waitFor(
      (r) => r.seq > before && r.kind === "main" && r.text?.trim() === text,
      `the prompt ${JSON.stringify(text)}`,
      TIMEOUT_MS,
    ).catch(async (error) => {
      throw new Error(`${error.message}; ${name}'s screen:\n${(await this.screen(name)).text}`);
    });
    await this.model.waitFor(
      (r) => r === request && r.outcome !== undefined,
      "the answer to end",
      TIMEOUT_MS,
    );
    return request;
  }

  /** The conversation ids Maestro recorded for a live session's panes (read from its database). */
  recorded(name: string): string[] {
    const db = new DatabaseSync(join(this.maestro.home, "maestro.db"), { readOnly: true });
    try {
      const rows = db.prepare(
        "SELECT windows FROM session_records WHERE name = ? AND vanished_at IS NULL",
      ).all(name) as { windows: string }[];
      return rows.flatMap((row) =>
        (JSON.parse(row.windows) as RestorableSession["windows"]).flatMap((w) =>
          w.panes.flatMap((p) => p.conversation ?? [])
        )
      );
    } finally {
      db.close();
    }
  }

  /** Every process in the panes' sessions (the agents outlive the tmux server; we end them). */
  async rememberProcesses(): Promise<void> {
    const panes = (await this.tmux.tmux("list-panes", "-a", "-F", "#{pane_pid}"))
      .split("\n").map(Number).filter((n) => n > 0);
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const stat = await readStat(Number(entry.name));
      if (stat && panes.includes(stat.sid)) this.#pids.set(stat.pid, stat.startTime);
    }
  }

  /** Kill the tmux server as a reboot would, and end what outlives it. */
  /**
   * Whether the agent has written the conversation `id` holding `text` to disk (the file it
   * resumes from): Claude Code `…/<id>.jsonl`, Codex `rollout-…-<id>.jsonl`, Gemini CLI
   * `session-…-<first 8 of id>.jsonl`, all under the lab's home.
   */
  async saved(id: string, text: string): Promise<boolean> {
    const short = id.slice(0, 8);
    const walk = async (dir: string, depth: number): Promise<boolean> => {
      if (depth > 8) return false;
      try {
        for await (const entry of Deno.readDir(dir)) {
          const path = join(dir, entry.name);
          if (entry.isDirectory && entry.name !== "node_modules") {
            if (await walk(path, depth + 1)) return true;
          } else if (
            entry.isFile && (entry.name.includes(id) || entry.name.includes(`-${short}.`))
          ) {
            if ((await Deno.readTextFile(path)).includes(text)) return true;
          }
        }
      } catch {
        // Gone or not there yet.
      }
      return false;
    };
    return await walk(this.home, 0);
  }

  async killTmux(): Promise<void> {
    await this.rememberProcesses();
    await this.tmux.tmux("kill-server").catch(() => "");
    await sleep(1_000);
    await endProcesses([...this.#pids.keys()], this.#pids);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.rememberProcesses().catch(() => {});
      await this.events[Symbol.asyncDispose]();
      await this.maestro.stop();
      await this.tmux[Symbol.asyncDispose]();
      await sleep(500);
      await endProcesses([...this.#pids.keys()], this.#pids);
      await this.model[Symbol.asyncDispose]();
      await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    } finally {
      this.lock[Symbol.dispose]();
    }
  }
}

/** Whether a request's body carries `text` anywhere in its history. */
const carries = (request: RecordedRequest, text: string) =>
  JSON.stringify(request.body).includes(text);

function defineRestoreTest(id: AgentId, label: string): void {
  Deno.test(`${label}: two conversations in one directory each come back by id after the tmux server dies`, async () => {
    await using lab = await RestoreLab.start(id);
    const prompts = { "rc-alpha": "remember alpha-one", "rc-bravo": "remember bravo-two" };
    // Gemini CLI 0.61.0, starting, deletes the chat files of its project that hold no prompt yet
    // (its session cleanup), another running Gemini's too: each is spoken to before the next starts.
    const talkFirst = id === "gemini";
    for (const [name, text] of Object.entries(prompts)) {
      const created = await lab.maestro.fetch("/api/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, cwd: lab.cwd, command: lab.command }),
      });
      assert.equal(created.status, 201, await created.text());
      await lab.untilReady(name);
      if (talkFirst) await lab.say(name, text);
    }
    if (!talkFirst) {
      for (const [name, text] of Object.entries(prompts)) {
        await lab.say(name, text);
      }
    }

    // Each session's own conversation is known, read from its own process.
    const ids = await until("both conversations recorded", () => {
      const alpha = lab.recorded("rc-alpha");
      const bravo = lab.recorded("rc-bravo");
      return Promise.resolve(alpha.length === 1 && bravo.length === 1 ? { alpha, bravo } : null);
    });
    assert.notEqual(ids.alpha[0], ids.bravo[0]);
    // The agent writes its conversation after the turn ends: killed before that, it has nothing to
    // resume (Claude Code once said "No conversation found" on a loaded CI machine).
    await until(
      "both conversations on disk",
      async () =>
        (await lab.saved(ids.alpha[0] as string, prompts["rc-alpha"])) &&
          (await lab.saved(ids.bravo[0] as string, prompts["rc-bravo"]))
          ? true
          : null,
    );

    await lab.killTmux();
    const listed = await lab.maestro.fetch("/api/restorable");
    const restorable = (await listed.json()).restorable as RestorableSession[];
    assert.deepEqual(restorable.map((s) => s.name).sort(), ["rc-alpha", "rc-bravo"]);
    for (const session of restorable) {
      assert.equal(session.agent, id);
      assert.equal(session.cwd, lab.cwd);
      const panes = session.windows.flatMap((w) => w.panes);
      assert.deepEqual(panes.map((p) => p.agent), [id]);
    }

    const restored = await runMaestro([
      "restore",
      "--all",
      "--url",
      lab.maestro.server.url,
      "--token",
      lab.maestro.token,
    ]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(
      restored.stdout,
      new RegExp(`^Restored rc-alpha \\(resumed ${id} ${ids.alpha[0]}\\)$`, "m"),
    );
    assert.match(
      restored.stdout,
      new RegExp(`^Restored rc-bravo \\(resumed ${id} ${ids.bravo[0]}\\)$`, "m"),
    );

    for (const [name, text] of Object.entries(prompts)) {
      await lab.untilReady(name);
      if (id === "gemini") {
        // Twice under load an Enter sent as soon as a resumed Gemini CLI showed its composer was
        // dropped (the prompt stayed in it, the history above): wait for the history, and a moment.
        await until(`${name}'s history`, async () => (await lab.screen(name)).text.includes(text));
        await sleep(1_000);
      }
      const other = Object.values(prompts).find((p) => p !== text) as string;
      const next = await lab.say(name, `what did I say (${name})`);
      assert.ok(carries(next, text), `${name} resumed its own conversation (with "${text}")`);
      assert.ok(!carries(next, other), `${name} did not resume the other conversation`);
      const path =
        (await lab.tmux.tmux("display-message", "-p", "-t", `=${name}:`, "#{pane_current_path}"))
          .trim();
      assert.equal(path, lab.cwd, `${name} runs in its own directory`);
    }
    // The resumed agents keep their ids: a second restore would resume them again.
    assert.deepEqual(lab.recorded("rc-alpha"), ids.alpha);
  });
}

defineRestoreTest("claude", "Claude Code");
defineRestoreTest("codex", "Codex");
defineRestoreTest("gemini", "Gemini CLI");
