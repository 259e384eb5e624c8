/**
 * Owns the overview benchmark: many sessions, some printing all the time, one page watching
 * `/api/overview` — what it costs the server (CPU, its tmux children included) and the network
 * (bytes per second to the page), next to the same server with only the dashboard's event socket.
 */

import { parseOverviewMessage } from "../protocol/overview_protocol.ts";
import { type PhaseContext, sleep, startServer, startTmux, within } from "./phase.ts";
import { cpuOver, memory } from "./proc_stats.ts";
import type { ServerProcess } from "./server_process.ts";

/** A busy agent: a line of log every 0.1 s, for as long as the session lives. */
const PRINTING =
  'i=0; while :; do i=$((i+1)); echo "step $i: compiling src/server/routes.ts ... ok"; sleep 0.1; done';

/** A socket that counts what arrives and keeps nothing else. */
class CountingSocket {
  readonly socket: WebSocket;
  bytes = 0;
  messages = 0;
  thumbnails = 0;
  syncedAt = 0;
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;

  constructor(server: ServerProcess, path: string) {
    this.socket = new WebSocket(
      `${server.url.replace(/^http/, "ws")}${path}`,
      { headers: { authorization: `Bearer ${server.token}` } } as unknown as string[],
    );
    this.opened = new Promise((resolve, reject) => {
      this.socket.onopen = () => resolve();
      this.socket.onerror = () => reject(new Error(`Cannot open ${path}`));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => this.socket.addEventListener("close", () => resolve()));
    this.socket.onmessage = (event) => {
      const text = String(event.data);
      this.bytes += new TextEncoder().encode(text).length;
      this.messages++;
      if (path !== "/api/overview") return;
      const message = parseOverviewMessage(text);
      this.thumbnails += message?.thumbnails.length ?? 0;
      if (message?.synced && this.syncedAt === 0) this.syncedAt = performance.now();
    };
  }

  async close(): Promise<void> {
    this.socket.close();
    await within(this.closed, 2000, "closing a socket").catch(() => {});
  }
}

/** Overview with N sessions, some printing: server CPU and bytes per second to the page. */
export async function measureOverview(ctx: PhaseContext): Promise<void> {
  const { overviewSessions: total, overviewPrinting: printing } = ctx.settings;
  const tmux = await startTmux(ctx);
  const tmuxPid = await tmux.pid();
  await tmux.newSessions(Array.from({ length: total }, (_, i) => ({
    name: `ov-${String(i + 1).padStart(3, "0")}`,
    ...(i < printing ? { command: PRINTING } : {}),
  })));
  const server = await startServer(ctx, tmux);
  if ((await server.get("/api/health")).status !== 200) throw new Error("health check failed");

  // The dashboard is open anyway: its event socket runs in both measurements.
  const events = new CountingSocket(server, "/api/events");
  ctx.stack.defer(() => events.close());
  await within(events.opened, 10_000, "/api/events");
  await sleep(ctx.settings.quick ? 200 : 1000);
  ctx.log(`overview: ${total} sessions, ${printing} printing, dashboard only`);
  const baseline = await cpuOver(server.pid, tmuxPid, ctx.settings.overviewBaselineSeconds);

  ctx.log(`overview: one /api/overview socket for ${ctx.settings.overviewSeconds} s`);
  const opened = performance.now();
  const overview = new CountingSocket(server, "/api/overview");
  ctx.stack.defer(() => overview.close());
  await within(overview.opened, 10_000, "/api/overview");
  const deadline = performance.now() + 20_000;
  while (overview.syncedAt === 0 && performance.now() < deadline) await sleep(20);
  if (overview.syncedAt === 0) throw new Error("the overview never sent its complete state");
  const firstFull = overview.syncedAt - opened;
  const start = { bytes: overview.bytes, messages: overview.messages, thumbs: overview.thumbnails };
  const cpu = await cpuOver(server.pid, tmuxPid, ctx.settings.overviewSeconds);
  const bytes = overview.bytes - start.bytes;
  const messages = overview.messages - start.messages;
  const thumbnails = overview.thumbnails - start.thumbs;
  const { rss } = await memory(server.pid);

  ctx.record("overview-cpu", {
    value: cpu.self + cpu.children,
    unit: "%",
    detail: `of one core over ${cpu.elapsed.toFixed(1)} s: server ${cpu.self.toFixed(2)} %, ` +
      `its tmux capture commands ${cpu.children.toFixed(2)} %, tmux server ${
        cpu.tmux.toFixed(2)
      } %; dashboard only (same sessions, ${baseline.elapsed.toFixed(1)} s): server ${
        (baseline.self + baseline.children).toFixed(2)
      } %, tmux server ${baseline.tmux.toFixed(2)} %; complete overview ${
        firstFull.toFixed(0)
      } ms after opening; RSS ${rss.toFixed(1)} MB`,
  });
  ctx.record("overview-rate", {
    value: bytes / cpu.elapsed / 1e3,
    unit: "kB/s",
    detail:
      `${(messages / cpu.elapsed).toFixed(1)} messages/s carrying ${
        (thumbnails / cpu.elapsed).toFixed(1)
      } thumbnails/s (${printing} sessions print 10 lines/s each; at most 1 capture/s per ` +
      `session), ${thumbnails > 0 ? (bytes / thumbnails / 1e3).toFixed(2) : "—"} kB per thumbnail`,
  });
}
