/**
 * Owns the typing-under-load benchmark (issue 17): a viewer's keystroke echo while 20 other
 * sessions flood output to their own viewers and 100 more sit idle — beside raw `tmux -C` typing
 * into the same tmux server at the same time.
 */

import { ECHO_COMMAND, EchoWaiter, GAP_MS } from "./latency.ts";
import { type PhaseContext, sleep, startServer, startTmux } from "./phase.ts";
import { RawControlClient } from "./raw_control.ts";
import { percentile } from "./stats.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** Output like a busy build log: 50 lines every 100 ms, for ever (20 of them: 10,000 lines/s). */
const FLOOD_COMMAND = "while :; do seq 1 50; sleep 0.1; done";

export async function measureTypingUnderLoad(ctx: PhaseContext): Promise<void> {
  const flooding = ctx.settings.quick ? 2 : 20;
  const idle = ctx.settings.quick ? 5 : 100;
  const samples = ctx.settings.quick ? 20 : 300;
  const tmux = await startTmux(ctx);
  const [rawPane] = await tmux.newSessions([
    { name: "load-raw", command: ECHO_COMMAND },
    { name: "load-ws", command: ECHO_COMMAND },
    ...Array.from({ length: idle }, (_, i) => ({ name: `load-idle-${i}` })),
  ]);
  const server = await startServer(ctx, tmux);
  const floods = await tmux.newSessions(
    Array.from(
      { length: flooding },
      (_, i) => ({ name: `load-flood-${i}`, command: FLOOD_COMMAND }),
    ),
  );
  // Each flooding session has a viewer: the server streams all of them while we type.
  for (let i = 0; i < floods.length; i++) {
    ctx.stack.use(await BenchViewer.open(server, `load-flood-${i}`));
  }
  const raw = ctx.stack.use(await RawControlClient.attach(tmux, "load-raw"));
  const rawWaiter = new EchoWaiter();
  raw.onOutput = (pane, payload) => {
    if (pane === rawPane) rawWaiter.arrived(payload);
  };
  const viewer = ctx.stack.use(await BenchViewer.open(server, "load-ws"));
  const wsWaiter = new EchoWaiter();
  viewer.onData = (data, snapshot) => {
    if (!snapshot) wsWaiter.arrived(data);
  };
  await sleep(1000); // the floods under way
  ctx.log(`typing under load: ${flooding} flooding, ${idle} idle, ${samples} samples`);
  const rawMs: number[] = [];
  const wsMs: number[] = [];
  let timeouts = 0;
  const deadline = performance.now() + 90_000;
  for (let i = 0; i < samples + 20 && performance.now() < deadline; i++) {
    const byte = 0x61 + (i % 26);
    try {
      const echoed = rawWaiter.expect(byte);
      const sent = performance.now();
      raw.write(`send-keys -H -t ${rawPane} ${byte.toString(16)}`);
      const ms = (await echoed) - sent;
      if (i >= 20) rawMs.push(ms);
    } catch {
      timeouts++;
    }
    await sleep(GAP_MS);
    try {
      const echoed = wsWaiter.expect(byte);
      const sent = performance.now();
      viewer.type(Uint8Array.of(byte));
      const ms = (await echoed) - sent;
      if (i >= 20) wsMs.push(ms);
    } catch {
      timeouts++;
    }
    await sleep(GAP_MS);
  }
  for (const p of [50, 99]) {
    ctx.record(`echo-load-p${p}`, {
      value: percentile(wsMs, p),
      baseline: percentile(rawMs, p),
      unit: "ms",
      detail: `n=${wsMs.length} (raw n=${rawMs.length}), timeouts ${timeouts}; ${flooding} ` +
        `sessions printing 50 lines per 100 ms to a viewer each, ${idle} idle; max ${
          Math.max(...wsMs).toFixed(2)
        } ms (raw ${Math.max(...rawMs).toFixed(2)} ms)`,
    });
  }
}
