/**
 * Owns the real-agent typing benchmark: keys typed into a real agent's composer (Claude Code,
 * Codex or Gemini CLI, in the agents lab of `tests/agents/`, offline against its fake model
 * server) through Maestro's terminal WebSocket, and how long until the agent's redraw arrives —
 * its first frame with the key, and its last frame (the redraw done: nothing more within 150 ms),
 * beside a raw `tmux -C` client typing into the same pane (`send-keys -H`, its `%output`). With
 * `--before DIR` a second server from that checkout watches the same pane and the two are
 * typed through in turn, key by key, so a change is measured against the commit before it.
 *
 *   deno run -A bench/agent_typing.ts [--agent claude|codex|gemini] [--keys 60] [--before DIR]
 *
 * Each key is followed by a Backspace (not measured), so the composer never fills.
 */

import { parseArgs } from "node:util";
import { tmuxCommand } from "../tmux/tmux_exec.ts";
import { labAgent, startAgent } from "../tests/agents/drive.ts";
import type { AgentId } from "../tests/agents/install.ts";
import { log, print } from "./output.ts";
import { RawControlClient } from "./raw_control.ts";
import { ServerProcess } from "./server_process.ts";
import { percentile } from "./stats.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** After the last frame, this long with none means the redraw is done. */
const QUIET_MS = 150;
const KEY = 0x71; // q
const BACKSPACE = 0x7f;

interface Side {
  name: string;
  type: (byte: number) => void;
  frames: number[];
  first: number[];
  last: number[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      agent: { type: "string", default: "claude" },
      keys: { type: "string", default: "60" },
      before: { type: "string" },
    },
    strict: true,
  });
  const id = values.agent as AgentId;
  if (!["claude", "codex", "gemini"].includes(id)) {
    throw new Error(`--agent is claude, codex or gemini, not "${values.agent}"`);
  }
  const keys = Number(values.keys);
  if (!Number.isInteger(keys) || keys < 1) throw new Error("--keys needs a whole number ≥ 1");

  const agent = await labAgent(id);
  const started = await startAgent(agent);
  await using run = started.run;
  const socket = run.tmux.options.socket;
  if (socket === undefined) throw new Error("The lab's tmux server has no socket name");
  await using stack = new AsyncDisposableStack();
  const dir = await Deno.makeTempDir({ prefix: "maestro-agent-typing-" });
  stack.defer(() => Deno.remove(dir, { recursive: true }));

  const roots: [string, string | undefined][] = [["this checkout", undefined]];
  if (values.before !== undefined) roots.unshift([`before (${values.before})`, values.before]);
  const sides: Side[] = [];
  const tmuxOptions = run.tmux.options;
  const raw = stack.use(
    await RawControlClient.attach(
      { command: (args, stdio) => tmuxCommand(tmuxOptions, args, stdio) },
      "agent",
    ),
  );
  const pane = (await run.tmux.tmux("display-message", "-p", "-t", "=agent:", "#{pane_id}")).trim();
  const rawSide: Side = {
    name: "raw tmux -C",
    type: (byte) => raw.write(`send-keys -H -t ${pane} ${byte.toString(16)}`),
    frames: [],
    first: [],
    last: [],
  };
  raw.onOutput = (paneId, data) => {
    if (paneId !== pane) return;
    rawSide.frames.push(performance.now());
    if (data.includes(KEY)) rawSide.frames.push(-performance.now());
  };
  sides.push(rawSide);
  for (const [index, [name, root]] of roots.entries()) {
    const server = stack.use(
      await ServerProcess.start({
        home: `${dir}/home-${index}`,
        socket,
        ...(root !== undefined ? { root } : {}),
      }),
    );
    const viewer = stack.use(await BenchViewer.open(server, "agent"));
    const side: Side = {
      name,
      type: (byte) => viewer.type(Uint8Array.of(byte)),
      frames: [],
      first: [],
      last: [],
    };
    viewer.onData = (data, snapshot) => {
      if (snapshot) return;
      side.frames.push(performance.now());
      if (data.includes(KEY)) side.frames.push(-performance.now()); // marks the key's frame
    };
    sides.push(side);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));

  log(`${id} ${agent.version}: ${keys} keys per side, typed in turn`);
  for (let i = 0; i < keys; i++) {
    for (const side of sides) {
      side.frames = [];
      const sent = performance.now();
      side.type(KEY);
      await quiet(side, sent);
      const keyFrame = side.frames.find((t) => t < 0);
      const last = side.frames.filter((t) => t > 0).at(-1);
      if (keyFrame !== undefined && last !== undefined) {
        side.first.push(-keyFrame - sent);
        side.last.push(last - sent);
      }
      side.frames = [];
      side.type(BACKSPACE);
      await quiet(side, performance.now());
    }
  }

  print(
    `| ${id} ${agent.version}, ${keys} keys | first frame p50 / p90 | redraw done p50 / p90 |`,
  );
  print("| --- | --- | --- |");
  for (const side of sides) {
    const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
    print(
      `| ${side.name} (n=${side.first.length}) | ${ms(side.first, 50)} / ${
        ms(side.first, 90)
      } ms | ${ms(side.last, 50)} / ${ms(side.last, 90)} ms |`,
    );
  }
}

/** Resolves once `side` has had no frame for {@link QUIET_MS} (at most 3 s after `from`). */
async function quiet(side: Side, from: number): Promise<void> {
  while (performance.now() - from < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const last = side.frames.filter((t) => t > 0).at(-1) ?? from;
    if (performance.now() - last >= QUIET_MS && side.frames.length > 0) return;
  }
}

if (import.meta.main) await main();
