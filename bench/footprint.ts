/**
 * Owns the server-footprint benchmarks: start-up time, memory, idle CPU and the session list
 * with many sessions.
 */

import { listDelimiters } from "../tmux/list_format.ts";
import { sessionRowsFormat } from "../tmux/session_list.ts";
import { type PhaseContext, sleep, startServer, startTmux, within } from "./phase.ts";
import { cpuOver, memory } from "./proc_stats.ts";
import { RawControlClient } from "./raw_control.ts";
import { ServerProcess } from "./server_process.ts";
import { median, percentile } from "./stats.ts";
import { BenchViewer } from "./ws_viewer.ts";

/** Spawn → first 200 from `/api/health` with the token, median of several starts. */
export async function measureStartup(ctx: PhaseContext): Promise<void> {
  const tmux = await startTmux(ctx);
  const home = `${ctx.dir}/home-startup`;
  const times: number[] = [];
  const runs = ctx.settings.startRepeats + 1;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await using server = await ServerProcess.start({
      home,
      socket: tmux.socket,
      denoFlags: ctx.denoFlags,
      ...(ctx.serverRoot !== undefined ? { root: ctx.serverRoot } : {}),
    });
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await server.get("/api/health")).status;
      if (status !== 200) await sleep(5);
    }
    if (status !== 200) throw new Error(`/api/health answered ${status}`);
    // The first start also writes the token and warms Deno's module cache: not counted.
    if (i > 0) times.push(performance.now() - started);
  }
  ctx.record("start", {
    value: median(times),
    unit: "ms",
    detail: `median of ${times.length} (after 1 uncounted), all: ${
      times.map((t) => t.toFixed(0)).join(", ")
    } ms`,
  });
}

/** Sessions running a plain `sh`, named `idle-0001`…, from `from` up to `to`. */
function idleSessions(from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => ({
    name: `idle-${String(from + i + 1).padStart(4, "0")}`,
  }));
}

/** Idle RSS; RSS and idle CPU with idle sessions; GET /api/sessions latency with many. */
export async function measureSessions(ctx: PhaseContext): Promise<void> {
  const { settings } = ctx;
  const tmux = await startTmux(ctx);
  const tmuxPid = await tmux.pid();
  const server = await startServer(ctx, tmux);
  if ((await server.get("/api/health")).status !== 200) throw new Error("health check failed");
  const settleMs = settings.quick ? 200 : 1000;
  await sleep(settleMs);
  const idle = await memory(server.pid);
  ctx.record("rss-idle", {
    value: idle.rss,
    unit: "MB",
    detail: `after one /api/health and ${settleMs / 1000} s; peak ${idle.peak.toFixed(1)} MB`,
  });

  ctx.log(`sessions: ${settings.idleSessions} idle sessions`);
  await tmux.newSessions(idleSessions(0, settings.idleSessions));
  for (let i = 0; i < 3; i++) await server.get("/api/sessions");
  await sleep(settleMs);
  const withSessions = await memory(server.pid);
  ctx.record("rss-sessions", {
    value: withSessions.rss,
    unit: "MB",
    detail: `after 3× GET /api/sessions and ${settleMs / 1000} s; peak ${
      withSessions.peak.toFixed(1)
    } MB`,
  });

  ctx.log(`sessions: idle CPU over ${settings.idleSeconds} s, no client`);
  const quiet = await cpuOver(server.pid, tmuxPid, settings.idleSeconds);
  ctx.record("idle-cpu", {
    value: quiet.self,
    unit: "%",
    detail: `of one core over ${quiet.elapsed.toFixed(1)} s; children ${
      quiet.children.toFixed(2)
    } %, tmux server ${quiet.tmux.toFixed(2)} %`,
  });

  ctx.log(`sessions: idle CPU over ${settings.idleSeconds} s, /api/events open`);
  {
    const events = new WebSocket(
      `${server.url.replace(/^http/, "ws")}/api/events`,
      { headers: { authorization: `Bearer ${server.token}` } } as unknown as string[],
    );
    let messages = 0;
    const first = new Promise<void>((resolve, reject) => {
      events.onmessage = () => {
        messages++;
        resolve();
      };
      events.onclose = () => reject(new Error("/api/events closed"));
    });
    const closed = new Promise<void>((resolve) =>
      events.addEventListener("close", () => resolve())
    );
    try {
      await within(first, 10_000, "/api/events");
      const watched = await cpuOver(server.pid, tmuxPid, settings.idleSeconds);
      ctx.record("idle-cpu-events", {
        value: watched.self,
        unit: "%",
        detail: `one /api/events socket; children (tmux list-sessions) ${
          watched.children.toFixed(2)
        } %, tmux server ${watched.tmux.toFixed(2)} %; ${messages} messages`,
      });
    } finally {
      events.onclose = null;
      events.close();
      await within(closed, 2000, "closing /api/events").catch(() => {});
    }
  }

  ctx.log(`sessions: ${settings.listSessions} sessions, GET /api/sessions`);
  await tmux.newSessions(idleSessions(settings.idleSessions, settings.listSessions));
  // The floor: one tmux command giving every field the API returns, as a script would run it.
  const everyField = sessionRowsFormat(0, listDelimiters());
  // What the server runs while the sessions are idle: the processes come from its cache.
  const idleFields = () => sessionRowsFormat(Math.floor(Date.now() / 1000), listDelimiters());
  const api: number[] = [];
  const raw: number[] = [];
  const control: number[] = [];
  const idleRaw: number[] = [];
  const idleControl: number[] = [];
  await using client = await RawControlClient.attach(tmux, "idle-0001");
  let size = 0;
  const listed = async () => {
    const started = performance.now();
    const response = await server.get("/api/sessions");
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET /api/sessions answered ${response.status}`);
    const count = (JSON.parse(response.text) as { sessions: unknown[] }).sessions.length;
    if (count !== settings.listSessions) {
      throw new Error(`GET /api/sessions listed ${count}, not ${settings.listSessions} sessions`);
    }
    size = response.text.length;
    return ms;
  };
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const overControl = (format: string) => () =>
    within(client.command(`list-sessions -F '${format}'`), 10_000, "list-sessions");
  for (let i = 0; i < settings.listSamples + 3; i++) {
    const apiMs = await listed();
    const rawMs = await timed(() => tmux.run("list-sessions", "-F", everyField));
    const controlMs = await timed(overControl(everyField));
    const idleRawMs = await timed(() => tmux.run("list-sessions", "-F", idleFields()));
    const idleControlMs = await timed(overControl(idleFields()));
    if (i >= 3) {
      api.push(apiMs);
      raw.push(rawMs);
      control.push(controlMs);
      idleRaw.push(idleRawMs);
      idleControl.push(idleControlMs);
    }
  }
  // The worst case: output in every session since the last list, so the server reads every
  // pane's process again (as it also does every 10 s).
  const panes = (await tmux.run("list-panes", "-a", "-F", "#{pane_id}")).trim().split("\n");
  const busy: number[] = [];
  for (let i = 0; i < (settings.quick ? 2 : 5); i++) {
    await tmux.run(
      ...panes.flatMap((pane, n) => [...(n > 0 ? [";"] : []), "send-keys", "-t", pane, "Enter"]),
    );
    await sleep(300);
    busy.push(await listed());
  }
  for (const p of [50, 99]) {
    const at = (samples: number[]) => percentile(samples, p).toFixed(1);
    ctx.record(`list-p${p}`, {
      value: percentile(api, p),
      baseline: percentile(raw, p),
      unit: "ms",
      detail: `n=${api.length} sequential; raw = spawning tmux list-sessions -F with every ` +
        `field the API returns; the same over an attached tmux -C: p${p} ${at(control)} ms; ` +
        `the command the server runs while sessions are idle (pane_current_command/path from ` +
        `its cache): spawned ${at(idleRaw)} ms, over tmux -C ${at(idleControl)} ms; after a ` +
        `keystroke in every session (every pane's process read again): p${p} ${at(busy)} ms ` +
        `(n=${busy.length}); ${(size / 1e3).toFixed(0)} kB of JSON`,
    });
  }
}

/** RSS of a server with several viewers, each watching a session that prints steadily. */
export async function measureStreamingMemory(ctx: PhaseContext): Promise<void> {
  const count = ctx.settings.streamingViewers;
  const tmux = await startTmux(ctx);
  await tmux.newSessions(Array.from({ length: count }, (_, i) => ({
    name: `stream-${i + 1}`,
    // A busy agent: a line of log every 0.2 s.
    command:
      'i=0; while :; do i=$((i+1)); echo "step $i: compiling src/server/routes.ts ... ok"; sleep 0.2; done',
  })));
  const server = await startServer(ctx, tmux);
  if ((await server.get("/api/health")).status !== 200) throw new Error("health check failed");
  await sleep(ctx.settings.quick ? 200 : 1000);
  const before = await memory(server.pid);
  const viewers: BenchViewer[] = [];
  for (let i = 0; i < count; i++) {
    viewers.push(ctx.stack.use(await BenchViewer.open(server, `stream-${i + 1}`)));
  }
  const seconds = ctx.settings.quick ? 0.5 : 5;
  await sleep(seconds * 1000);
  const { rss, peak } = await memory(server.pid);
  const bytes = viewers.reduce((sum, viewer) => sum + viewer.bytes, 0);
  ctx.record("rss-viewers", {
    value: rss,
    unit: "MB",
    detail: `${count} sessions, one viewer each, ${seconds} s of steady output (${
      (bytes / 1e3).toFixed(0)
    } kB delivered); ${before.rss.toFixed(1)} MB before the viewers, so +${
      ((rss - before.rss) / count).toFixed(2)
    } MB per viewed session; peak ${peak.toFixed(1)} MB`,
  });
}
