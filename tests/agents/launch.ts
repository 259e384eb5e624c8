/**
 * Owns one run of a real agent: a throwaway HOME and working directory, its fake model server, a
 * private tmux server with the agent in a pane (clean environment, raw output logged with
 * pipe-pane), a timeline of what tmux reports, and ending every process it started. Over 400
 * lines because launching, sampling and ending a run share the run's processes and files.
 */

import { join } from "node:path";
import { SessionService } from "../../tmux/mod.ts";
import { PrivateTmux } from "../helpers/private_tmux.ts";
import type { AgentSpec } from "./agents.ts";
import { FakeModelServer } from "./fake/server.ts";

/** What tmux says about the pane, plus its visible screen. */
export interface Snapshot {
  /** Milliseconds since the run started. */
  at: number;
  /** The visible screen as `capture-pane -p` prints it. */
  text: string;
  title: string;
  command: string;
  alternate: boolean;
  cursorX: number;
  cursorY: number;
  /** tmux's `cursor_flag`: the cursor is shown. */
  cursorVisible: boolean;
  bell: boolean;
  dead: boolean;
  /** tmux's `window_activity` and `session_activity` (unix seconds). */
  windowActivity: number;
  sessionActivity: number;
  cols: number;
  rows: number;
}

/** One change in what tmux reports (sampled every {@link SAMPLE_MS}). */
export interface TimelineEntry {
  at: number;
  title: string;
  windowActivity: number;
  command: string;
  alternate: boolean;
  bell: boolean;
}

export interface LaunchOptions {
  spec: AgentSpec;
  bin: string;
  version: string;
  /** Arguments after the spec's own (e.g. `--permission-mode default`). */
  args?: readonly string[];
  cols?: number;
  rows?: number;
  /**
   * Where the run's folder is made (default the system's temporary folder). Codex refuses some
   * set-up under /tmp, so the lab passes a folder in its cache.
   */
  parent?: string;
  /** The run's folder itself (emptied first), instead of a fresh one under `parent`. */
  dir?: string;
  /** Turn on the agent's terminal notifications (as a bell); see {@link RunContext.notify}. */
  notify?: boolean;
  /**
   * Leave TMUX and TMUX_PANE out of the agent's environment (Claude Code animates its title only
   * when it does not know it runs in tmux).
   */
  hideTmux?: boolean;
}

/** How long the agents get to end by themselves after the tmux server is killed. */
export const SURVIVAL_MS = 1_000;

/** How often the timeline samples the title and activity. */
export const SAMPLE_MS = 50;
const SESSION = "agent";
const SEP = "\x1f";
const FORMAT = [
  "#{pane_title}",
  "#{pane_current_command}",
  "#{alternate_on}",
  "#{cursor_x}",
  "#{cursor_y}",
  "#{cursor_flag}",
  "#{window_bell_flag}",
  "#{pane_dead}",
  "#{window_activity}",
  "#{session_activity}",
  "#{pane_width}",
  "#{pane_height}",
  "#{pane_pid}",
].join(SEP);

/** What ending the run found: the agent's processes and which outlived the tmux server. */
export interface EndReport {
  pids: number[];
  /** Processes still alive {@link SURVIVAL_MS} after `kill-server` (then ended by us). */
  survivedTmux: { pid: number; command: string }[];
}

/**
 * One agent in a private tmux server.
 *
 * @example
 * ```ts
 * await using run = await AgentRun.start({ spec: AGENTS.gemini, bin, version });
 * await run.waitForScreen((s) => spec.ready(s.text, s.title), "the composer", 30_000);
 * ```
 */
export class AgentRun implements AsyncDisposable {
  readonly spec: AgentSpec;
  readonly version: string;
  readonly server: FakeModelServer;
  readonly tmux: PrivateTmux;
  readonly sessions: SessionService;
  /** The run's folder: `home/`, `<cwd>/`, `raw.bin`. */
  readonly dir: string;
  readonly home: string;
  readonly cwd: string;
  readonly timeline: TimelineEntry[] = [];
  /** Set by dispose. */
  endReport: EndReport | null = null;
  readonly #started = performance.now();
  readonly #rawPath: string;
  /** pid → start time (from /proc), so a reused pid is never signalled. */
  readonly #pids = new Map<number, string>();
  #panePid = 0;
  #sampler: ReturnType<typeof setTimeout> | undefined;
  #sampling: Promise<void> = Promise.resolve();
  #disposed = false;
  readonly #lock: RunLock;

  private constructor(
    spec: AgentSpec,
    version: string,
    server: FakeModelServer,
    tmux: PrivateTmux,
    dir: string,
    lock: RunLock,
  ) {
    this.#lock = lock;
    this.spec = spec;
    this.version = version;
    this.server = server;
    this.tmux = tmux;
    this.sessions = new SessionService(tmux.options);
    this.dir = dir;
    this.home = join(dir, "home");
    // Inside HOME, as people work: the agents show it as `~/lab-project` (the folder name also
    // shows in titles and footers).
    this.cwd = join(this.home, "lab-project");
    this.#rawPath = join(dir, "raw.bin");
  }

  /** Start the agent; returns once its process runs (not once it is ready). */
  static async start(options: LaunchOptions): Promise<AgentRun> {
    const lock = await RunLock.acquire();
    let dir = options.dir;
    if (dir === undefined) {
      if (options.parent !== undefined) await Deno.mkdir(options.parent, { recursive: true });
      dir = await Deno.makeTempDir({
        prefix: `${options.spec.id}-`,
        ...(options.parent === undefined ? {} : { dir: options.parent }),
      });
    } else {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await Deno.mkdir(dir, { recursive: true });
    }
    const server = new FakeModelServer(options.spec.api);
    const run = new AgentRun(options.spec, options.version, server, new PrivateTmux(), dir, lock);
    try {
      await run.#launch(options);
    } catch (error) {
      await run[Symbol.asyncDispose]();
      throw error;
    }
    return run;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return Math.round(performance.now() - this.#started);
  }

  async #launch(options: LaunchOptions): Promise<void> {
    const { spec } = options;
    await Deno.mkdir(this.home, { recursive: true });
    await Deno.mkdir(this.cwd, { recursive: true });
    const context = {
      home: this.home,
      cwd: this.cwd,
      serverUrl: this.server.url,
      notify: options.notify ?? false,
    };
    await spec.writeConfig(context);
    const env = Object.entries(spec.env(context)).map(([key, value]) => `${key}=${value}`);
    const go = join(this.dir, "go");
    // The pane waits for `go` so pipe-pane is on before the agent's first byte; then it execs the
    // agent with only the lab's variables and the ones tmux gives every pane (TMUX, TMUX_PANE).
    const tmuxEnv = options.hideTmux ? "" : 'TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" ';
    const script = 'while [ ! -e "$0" ]; do sleep 0.02; done; ' +
      `exec env -i ${tmuxEnv}TERM=tmux-256color "$@"`;
    await this.tmux.tmux(
      "new-session",
      "-d",
      "-s",
      SESSION,
      "-x",
      String(options.cols ?? 100),
      "-y",
      String(options.rows ?? 30),
      "-c",
      this.cwd,
      "/bin/sh",
      "-c",
      script,
      go,
      ...env,
      options.bin,
      ...spec.args,
      ...(options.args ?? []),
    );
    await this.tmux.tmux("set-option", "-t", `=${SESSION}:`, "remain-on-exit", "on");
    await this.tmux.tmux("pipe-pane", "-O", "-t", `=${SESSION}:`, `cat >> '${this.#rawPath}'`);
    this.#panePid = (await this.snapshot()).pid;
    await Deno.writeTextFile(go, "");
    this.#scheduleSample();
  }

  /** The pane's screen and what tmux says about it. */
  async snapshot(): Promise<Snapshot & { pid: number }> {
    const target = `=${SESSION}:`;
    const out = await this.tmux.tmux(
      "display-message",
      "-p",
      "-t",
      target,
      FORMAT,
      ";",
      "capture-pane",
      "-p",
      "-t",
      target,
    );
    const newline = out.indexOf("\n");
    const f = out.slice(0, newline).split(SEP);
    return {
      at: this.now(),
      text: out.slice(newline + 1).replace(/\n+$/, "\n"),
      title: f[0] ?? "",
      command: f[1] ?? "",
      alternate: f[2] === "1",
      cursorX: Number(f[3]),
      cursorY: Number(f[4]),
      cursorVisible: f[5] === "1",
      bell: f[6] === "1",
      dead: f[7] === "1",
      windowActivity: Number(f[8]),
      sessionActivity: Number(f[9]),
      cols: Number(f[10]),
      rows: Number(f[11]),
      pid: Number(f[12]),
    };
  }

  /** Poll the screen until `ok` accepts it; fails with the last screen. */
  async waitForScreen(
    ok: (snapshot: Snapshot) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<Snapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const snapshot = await this.snapshot();
      if (ok(snapshot)) return snapshot;
      if (Date.now() > deadline || snapshot.dead) {
        throw new Error(
          `${this.spec.label} ${this.version}: timed out waiting for ${what}` +
            `${snapshot.dead ? " (the agent exited)" : ""}; title ${
              JSON.stringify(snapshot.title)
            }, screen:\n${snapshot.text}`,
        );
      }
      await sleep(100);
    }
  }

  /**
   * Wait until the screen text has not changed for `quietMs` (the agent has drawn everything).
   * The title is left out: Codex blinks it while it waits for approval.
   */
  async settle(quietMs = 600, timeoutMs = 10_000): Promise<Snapshot> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.snapshot();
    let since = Date.now();
    for (;;) {
      await sleep(100);
      const next = await this.snapshot();
      if (next.text !== last.text || next.cursorX !== last.cursorX) {
        last = next;
        since = Date.now();
      } else if (Date.now() - since >= quietMs || Date.now() > deadline) {
        return next;
      }
    }
  }

  /** Type `text` (as Maestro's input route does, `send-keys -H`). */
  async type(text: string): Promise<void> {
    await this.sessions.sendText(SESSION, text);
  }

  /** Send raw bytes (e.g. a bracketed paste). */
  async sendBytes(bytes: Uint8Array): Promise<void> {
    await this.sessions.sendBytes(SESSION, bytes);
  }

  /** Send named tmux keys in one `send-keys` (`Enter`, `Escape`, `C-c`…). */
  async keys(...keys: string[]): Promise<void> {
    await this.sessions.sendKeys(SESSION, keys);
  }

  /** Type `text`, wait `pauseMs`, then press Enter as its own `send-keys`. */
  async submit(text: string, pauseMs: number): Promise<void> {
    await this.type(text);
    await sleep(pauseMs);
    await this.keys("Enter");
  }

  /** The raw bytes the pane printed so far (pipe-pane's log). */
  async raw(): Promise<Uint8Array> {
    try {
      return await Deno.readFile(this.#rawPath);
    } catch {
      return new Uint8Array();
    }
  }

  /** The agent's processes seen so far (every process in the pane's session). */
  get pids(): number[] {
    return [...this.#pids.keys()];
  }

  #scheduleSample(): void {
    if (this.#disposed) return;
    this.#sampler = setTimeout(() => {
      this.#sampling = this.#sample().finally(() => this.#scheduleSample());
    }, SAMPLE_MS);
  }

  #samples = 0;

  async #sample(): Promise<void> {
    try {
      const s = await this.snapshot();
      const last = this.timeline.at(-1);
      if (
        !last || last.title !== s.title || last.windowActivity !== s.windowActivity ||
        last.command !== s.command || last.alternate !== s.alternate || last.bell !== s.bell
      ) {
        this.timeline.push({
          at: s.at,
          title: s.title,
          windowActivity: s.windowActivity,
          command: s.command,
          alternate: s.alternate,
          bell: s.bell,
        });
      }
      if (this.#samples++ % 10 === 0) await this.#collectPids();
    } catch {
      // The server may be going away; dispose reports what matters.
    }
  }

  /** Remember every process whose session is the pane's (the agent and its children). */
  async #collectPids(): Promise<void> {
    if (this.#panePid === 0) return;
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const stat = await readStat(Number(entry.name));
      if (stat && stat.sid === this.#panePid) this.#pids.set(stat.pid, stat.startTime);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#sampler);
    await this.#sampling;
    await this.#collectPids().catch(() => {});
    try {
      await this.tmux[Symbol.asyncDispose]();
      // Give the agents the hang-up's usual grace, then end the ones that outlive it.
      const deadline = Date.now() + SURVIVAL_MS;
      let alive = await this.#alive();
      while (alive.length > 0 && Date.now() < deadline) {
        await sleep(100);
        alive = await this.#alive();
      }
      await endProcesses(alive.map((p) => p.pid), this.#pids);
      this.endReport = { pids: this.pids, survivedTmux: alive };
      await this.server[Symbol.asyncDispose]();
      await Deno.remove(this.dir, { recursive: true }).catch(() => {});
    } finally {
      this.#lock[Symbol.dispose]();
    }
  }

  /** The recorded processes still running (same pid and start time). */
  async #alive(): Promise<{ pid: number; command: string }[]> {
    const alive = [];
    for (const [pid, startTime] of this.#pids) {
      const stat = await readStat(pid);
      if (stat?.startTime === startTime && stat.state !== "Z") {
        alive.push({ pid, command: stat.command });
      }
    }
    return alive;
  }
}

interface Stat {
  pid: number;
  command: string;
  /** R, S, Z… */
  state: string;
  sid: number;
  startTime: string;
}

/** Fields of /proc/PID/stat (the command is in parentheses and may hold spaces). */
export async function readStat(pid: number): Promise<Stat | null> {
  try {
    const text = await Deno.readTextFile(`/proc/${pid}/stat`);
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    // After the command: state(0) ppid(1) pgrp(2) session(3) … starttime(19).
    return {
      pid,
      command: text.slice(text.indexOf("(") + 1, close),
      state: fields[0] ?? "",
      sid: Number(fields[3]),
      startTime: fields[19] ?? "",
    };
  } catch {
    return null;
  }
}

/** SIGTERM, then SIGKILL after 2 s, for the processes still alive with the same start time. */
export async function endProcesses(pids: number[], startTimes: Map<number, string>): Promise<void> {
  const alive = async (pid: number) => (await readStat(pid))?.startTime === startTimes.get(pid);
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGTERM");
    } catch {
      // Gone already.
    }
  }
  const deadline = Date.now() + 2_000;
  for (const pid of pids) {
    while (await alive(pid)) {
      if (Date.now() > deadline) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch {
          // Gone already.
        }
        break;
      }
      await sleep(50);
    }
  }
}

/**
 * One agent at a time on this machine: an exclusive lock on a file in the temporary folder, held
 * for a whole run (test files run in parallel; agents are heavy and timing matters).
 */
export class RunLock implements Disposable {
  readonly #file: Deno.FsFile;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  static async acquire(): Promise<RunLock> {
    const path = join(Deno.env.get("TMPDIR") ?? "/tmp", "maestro-agents-run.lock");
    const file = await Deno.open(path, { create: true, write: true });
    await file.lock(true);
    return new RunLock(file);
  }

  [Symbol.dispose](): void {
    this.#file.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
