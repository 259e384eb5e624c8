/**
 * Owns the attach benchmark: a viewer opening a pane with a long history, until its snapshot
 * has arrived — against a plain `tmux -C` client attaching and capturing the same.
 */

import { PANE_STATE_FORMAT } from "../tmux/snapshot.ts";
import { type PhaseContext, startServer, startTmux, within } from "./phase.ts";
import { RawControlClient } from "./raw_control.ts";
import { median } from "./stats.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** `lines` coloured log lines: what an agent leaves in its scrollback. */
async function writeHistoryFile(path: string, lines: number): Promise<void> {
  const colours = ["\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[1;31m", ""];
  let text = "";
  for (let i = 1; i <= lines; i++) {
    const colour = colours[i % colours.length] as string;
    text += `${colour}${String(i).padStart(6, "0")}\x1b[0m test src/module_${i % 97}.ts ` +
      `${"ok ".repeat(i % 9)}(${(i * 7) % 1000} ms) ✓\n`;
  }
  await Deno.writeTextFile(path, text);
}

/** The capture Maestro runs on attach (tmux/session_stream.ts), as one command line. */
function captureLine(pane: string, historyLines: number): string {
  return [
    `display-message -p -t ${pane} '${PANE_STATE_FORMAT}'`,
    `capture-pane -p -e -J -S -${historyLines} -E -1 -t ${pane}`,
    `capture-pane -p -e -N -t ${pane}`,
    `capture-pane -p -e -N -a -q -t ${pane}`,
  ].join(" ; ");
}

/** Cold attaches (new stream) on fresh sessions, then warm ones (stream already open). */
export async function measureAttach(ctx: PhaseContext): Promise<void> {
  const { settings } = ctx;
  const count = settings.attachRepeats;
  const file = `${ctx.dir}/history.txt`;
  // 24 more lines than the history holds: the last screenful stays on screen.
  await writeHistoryFile(file, settings.historyLines + 24);
  const tmux = await startTmux(ctx);
  const names = Array.from({ length: count }, (_, i) => `history-${i + 1}`);
  const ready = names.map((name) => `ready-${name}-${Deno.pid}`);
  const panes = await tmux.newSessions(names.map((name, i) => ({
    name,
    command: `cat '${file}'; tmux wait-for -S ${ready[i]}; exec cat`,
  })));
  await within(
    Promise.all(ready.map((channel) => tmux.waitFor(channel).done)),
    30_000,
    "printing the history",
  );
  const history = Number(
    (await tmux.run("display-message", "-p", "-t", panes[0] as string, "#{history_size}")).trim(),
  );
  if (history < settings.historyLines) {
    throw new Error(`The pane holds ${history} lines of history, not ${settings.historyLines}`);
  }
  const server = await startServer(ctx, tmux);

  ctx.log(`attach: ${count} cold attaches`);
  const cold: number[] = [];
  const coldRaw: number[] = [];
  let snapshotBytes = 0;
  for (let i = 0; i < count; i++) {
    const name = names[i] as string;
    const pane = panes[i] as string;
    const started = performance.now();
    {
      await using raw = await RawControlClient.attach(tmux, name);
      await within(raw.command(captureLine(pane, settings.historyLines), 4), 10_000, "capture");
      coldRaw.push(performance.now() - started);
    }
    await using viewer = await BenchViewer.open(server, name);
    cold.push(viewer.attachMs);
    snapshotBytes = viewer.snapshotBytes;
  }

  ctx.log(`attach: ${count} warm attaches`);
  const warm: number[] = [];
  const warmRaw: number[] = [];
  {
    const name = names[0] as string;
    const pane = panes[0] as string;
    // This viewer keeps the session's stream (its control client) open.
    await using _holder = await BenchViewer.open(server, name);
    await using raw = await RawControlClient.attach(tmux, name);
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await within(raw.command(captureLine(pane, settings.historyLines), 4), 10_000, "capture");
      warmRaw.push(performance.now() - started);
      await using viewer = await BenchViewer.open(server, name);
      warm.push(viewer.attachMs);
    }
  }

  const detail = (own: number[], raw: number[], what: string) =>
    `median of ${own.length}; WebSocket open → hello → snapshot-end, ${
      (snapshotBytes / 1e6).toFixed(2)
    } MB snapshot, ${history} lines of history; raw = ${what} (${
      raw.map((t) => t.toFixed(0)).join(", ")
    } ms)`;
  ctx.record("attach-cold", {
    value: median(cold),
    baseline: median(coldRaw),
    unit: "ms",
    detail: detail(cold, coldRaw, "spawn tmux -C attach + the same 4 capture commands"),
  });
  ctx.record("attach-warm", {
    value: median(warm),
    baseline: median(warmRaw),
    unit: "ms",
    detail: detail(warm, warmRaw, "the same 4 capture commands on an attached tmux -C"),
  });
}
