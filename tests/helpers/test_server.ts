/** Owns an in-process Maestro server on port 0 over a private tmux server, for tests. */

import { loadConfig } from "../../server/config.ts";
import type { ConnectionLimits } from "../../server/listener/connection_policy.ts";
import { nullLogger } from "../../server/logger.ts";
import { type RunningServer, startServer } from "../../server/server.ts";
import { PrivateTmux } from "./private_tmux.ts";

/** A real server (HTTP + WebSockets) on 127.0.0.1:0 with its own home and tmux socket. */
export class TestServer implements AsyncDisposable {
  readonly tmux: PrivateTmux;
  readonly server: RunningServer;
  readonly home: string;

  private constructor(tmux: PrivateTmux, server: RunningServer, home: string) {
    this.tmux = tmux;
    this.server = server;
    this.home = home;
  }

  /**
   * Start a server. Pass `port`, `home` and `tmux` of an earlier server to restart it in place
   * (the caller then owns those: dispose the new server with `stop()`); `extraArgs` adds flags;
   * `limits` overrides connection limits (as `MAESTRO_CONNECTION_LIMITS` does).
   */
  static async start(
    options: {
      port?: number;
      home?: string;
      tmux?: PrivateTmux;
      extraArgs?: string[];
      limits?: Partial<ConnectionLimits>;
    } = {},
  ): Promise<TestServer> {
    const tmux = options.tmux ?? new PrivateTmux();
    const home = options.home ?? await Deno.makeTempDir({ prefix: "maestro-test-home-" });
    const config = loadConfig([
      "--port",
      String(options.port ?? 0),
      "--home",
      home,
      "--tmux-socket",
      tmux.options.socket as string,
      "--tmux-config",
      "/dev/null",
      ...(options.extraArgs ?? []),
    ], {
      HOME: home,
      ...(options.limits && { MAESTRO_CONNECTION_LIMITS: JSON.stringify(options.limits) }),
    });
    const server = await startServer(config, tmux.options.env ?? {}, nullLogger);
    return new TestServer(tmux, server, home);
  }

  /** Stop the HTTP server only (tmux and the home stay, e.g. to restart it). */
  async stop(): Promise<void> {
    await this.server[Symbol.asyncDispose]();
  }

  get token(): string {
    return this.server.token ?? "";
  }

  /** Headers a CLI-like client sends. */
  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  wsUrl(path: string): string {
    return this.server.url.replace(/^http/, "ws") + path;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return await fetch(this.server.url + path, {
      ...init,
      headers: { ...this.headers, ...(init.headers as Record<string, string> ?? {}) },
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    await this.tmux[Symbol.asyncDispose]();
    await Deno.remove(this.home, { recursive: true });
  }
}
