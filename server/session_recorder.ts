/**
 * Owns keeping the session records' shapes current: the monitor hands it every list it takes
 * anyway, and only when a session's windows, layout or active pane changed does it read the
 * shapes from tmux (one `list-panes -a`), in the background, never holding the list up. Each
 * pane's agent and its conversation id are read from its processes with the shape, and again
 * every {@link AGENT_SWEEP_MS} for panes that run an agent (a conversation starts on the first
 * turn, and `/clear` or `/resume` changes it).
 */

import type { PaneShape, SessionInfo, WindowShape } from "../tmux/mod.ts";
import type { PaneAgent } from "./agent_conversation/process_reader.ts";
import type { SessionRecords, SessionRef } from "./db/session_records.ts";
import type { Logger } from "./logger.ts";
import type { SessionObserver, SessionsSnapshot } from "./session_monitor.ts";

/** A listed session as the records see it. */
export interface ObservedSession extends SessionRef {
  /** Local sessions: a fingerprint of its windows, layouts and active pane (changes with them). */
  shape?: string;
}

/** Program names that are agents, as the pane shows them. */
const AGENTS = new Set(["claude", "codex", "aider", "gemini", "opencode", "goose"]);

/** The agent a session runs, from its start command and its panes' programs; null if none. */
export function agentKind(command: string, windows: readonly WindowShape[]): string | null {
  const first = command.trim().split(/\s+/)[0] ?? "";
  const named = first.split("/").at(-1) ?? "";
  if (AGENTS.has(named)) return named;
  for (const window of windows) {
    for (const pane of window.panes) {
      if (pane.agent !== undefined) return pane.agent;
      if (AGENTS.has(pane.command)) return pane.command;
    }
  }
  return null;
}

/** How often panes that run an agent have their conversation read again. */
export const AGENT_SWEEP_MS = 5_000;

/** How long a restored session's panes keep their recorded agents while those start again. */
export const AGENT_START_MS = 60_000;

const hasAgent = (window: WindowShape) => window.panes.some((pane) => pane.agent !== undefined);

/** A pane whose processes may be an agent's: named one, or a Node program (Codex, Gemini CLI). */
const mayRunAgent = (pane: PaneShape) =>
  pane.agent !== undefined || AGENTS.has(pane.command) || pane.command === "node";

/** `pane` with what its processes say about its agent (pid kept: it is not recorded). */
export function withAgent(pane: PaneShape, found: PaneAgent | null): PaneShape {
  const { agent: _a, conversation: _c, launch: _l, ...rest } = pane;
  if (found === null) return rest;
  return {
    ...rest,
    agent: found.agent,
    ...(found.conversation === null ? {} : { conversation: found.conversation }),
    ...(found.launch === null ? {} : { launch: found.launch }),
  };
}

/** The windows as they are recorded: without the panes' pids (they mean nothing after a reboot). */
export function recordedWindows(windows: readonly WindowShape[]): WindowShape[] {
  return windows.map((window) => ({
    ...window,
    panes: window.panes.map(({ pid: _pid, ...pane }) => pane),
  }));
}

export interface SessionRecorderOptions {
  records: SessionRecords;
  /** Sessions' shapes, keyed `id@created`: these ids', or every session's (`readLayouts`). */
  readShapes: (ids?: readonly string[]) => Promise<Map<string, WindowShape[]>>;
  /** The agent in the pane whose first process is `pid` (readPaneAgent); none by default. */
  readAgent?: (pid: number) => Promise<PaneAgent | null>;
  logger: Logger;
  /** Milliseconds now (tests pass a clock). */
  now?: () => number;
}

const keyOf = (s: SessionRef) => `${s.id}@${s.created}`;

/** Up to this many changed sessions are read one by one; more, all in one `list-panes -a`. */
export const MAX_SINGLE_READS = 8;

/** The monitor's {@link SessionObserver}: records, then shapes on change. */
export class SessionRecorder implements SessionObserver, AsyncDisposable {
  readonly #options: SessionRecorderOptions;
  /** The fingerprint each session's recorded shape was read at. */
  readonly #shapes = new Map<string, string>();
  /** Each live session's windows as last read, with the panes' pids and agents. */
  readonly #windows = new Map<string, WindowShape[]>();
  /** Until when (ms) a just-restored session's panes keep their recorded agents. */
  readonly #starting = new Map<string, number>();
  #lastSweep = 0;
  #reading: Promise<void> | null = null;
  #again: readonly ObservedSession[] | null = null;
  #disposed = false;

  constructor(options: SessionRecorderOptions) {
    this.#options = options;
  }

  observeLists(
    snapshot: SessionsSnapshot,
    localInfos: readonly SessionInfo[],
    listedAtMs: number,
  ): void {
    for (const host of snapshot.hosts) {
      if (host.status !== "online") continue;
      if (host.id === "local") {
        const listed = localInfos.map((info) => ({
          host: "local",
          id: info.id,
          created: info.created,
          name: info.name,
          shape: [info.layouts ?? "", info.cwd, info.command].join("\n"),
        }));
        this.observe("local", listed, true, listedAtMs);
        continue;
      }
      // An online worker's list is its whole list (it goes online with its first one).
      const listed = snapshot.sessions.filter((s) => s.host === host.id)
        .map(({ host, id, created, name }) => ({ host, id, created, name }));
      this.observe(host.id, listed, true);
    }
  }

  /** One host's list: records, then, for this machine, shapes that changed. */
  observe(
    host: string,
    sessions: readonly ObservedSession[],
    complete: boolean,
    listedAtMs?: number,
  ): void {
    this.#options.records.observe(host, sessions, complete, listedAtMs);
    // Shapes are this machine's to read; a worker records its own.
    if (!complete || host !== "local" || this.#disposed) return;
    const live = new Set(sessions.map(keyOf));
    for (const key of this.#shapes.keys()) if (!live.has(key)) this.#shapes.delete(key);
    for (const key of this.#windows.keys()) if (!live.has(key)) this.#windows.delete(key);
    for (const key of this.#starting.keys()) if (!live.has(key)) this.#starting.delete(key);
    const changed = sessions.filter((s) => this.#shapes.get(keyOf(s)) !== (s.shape ?? ""));
    if (changed.length > 0) this.#read(changed);
    const now = this.#now();
    if (this.#options.readAgent && !this.#reading && now - this.#lastSweep >= AGENT_SWEEP_MS) {
      this.#lastSweep = now;
      const agents = sessions.filter((s) =>
        this.#windows.get(keyOf(s))?.some((w) => w.panes.some(mayRunAgent))
      );
      if (agents.length > 0) this.#sweep(agents);
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /**
   * The windows with each pane's agent read from its processes. A pane whose agent is not (yet)
   * running keeps the one recorded for it while the session is {@link #starting}: a restored
   * session's shells start their agents a moment after the session is first listed.
   */
  async #withAgents(
    session: ObservedSession,
    windows: readonly WindowShape[],
  ): Promise<WindowShape[]> {
    const readAgent = this.#options.readAgent;
    if (readAgent === undefined) return [...windows];
    const starting = (this.#starting.get(keyOf(session)) ?? 0) > this.#now();
    const recorded = starting ? this.#options.records.get(session)?.windows ?? [] : [];
    return await Promise.all(windows.map(async (window) => ({
      ...window,
      panes: await Promise.all(window.panes.map(async (pane, p) => {
        const found = pane.pid ? await readAgent(pane.pid).catch(() => null) : null;
        const before = recorded.find((w) => w.index === window.index)?.panes[p];
        if (found === null && before?.agent !== undefined) {
          return withAgent(pane, {
            agent: before.agent as PaneAgent["agent"],
            conversation: before.conversation ?? null,
            launch: before.launch ?? null,
          });
        }
        return withAgent(pane, found);
      })),
    })));
  }

  #save(session: ObservedSession, windows: WindowShape[]): void {
    const { records } = this.#options;
    const record = records.get(session);
    if (record === null) return;
    this.#windows.set(keyOf(session), windows);
    records.saveShape(session, {
      cwd: windows[0]?.panes[0]?.cwd ?? "",
      windows: recordedWindows(windows),
      agent: agentKind(record.command, windows),
    });
  }

  /** Reads the agents of these sessions' panes again; records the ones that changed. */
  #sweep(sessions: readonly ObservedSession[]): void {
    this.#reading = (async () => {
      try {
        for (const session of sessions) {
          const before = this.#windows.get(keyOf(session));
          if (before === undefined || this.#disposed) continue;
          const after = await this.#withAgents(session, before);
          if (JSON.stringify(after) !== JSON.stringify(before)) this.#save(session, after);
        }
      } catch (error) {
        this.#options.logger.warn("Cannot read the agents' conversations", {
          error: String(error),
        });
      } finally {
        this.#reading = null;
        this.#readAgain();
      }
    })();
  }

  #readAgain(): void {
    const again = this.#again;
    this.#again = null;
    if (again && !this.#disposed) this.#read(again);
  }

  /** Resolves once every shape asked for so far is recorded. */
  async settled(): Promise<void> {
    while (this.#reading) await this.#reading;
  }

  #read(sessions: readonly ObservedSession[]): void {
    if (this.#reading) {
      // Read again once this read is done (the latest list says what changed since).
      this.#again = [
        ...(this.#again ?? []).filter((a) => !sessions.some((s) => keyOf(s) === keyOf(a))),
        ...sessions,
      ];
      return;
    }
    this.#reading = (async () => {
      try {
        const shapes = await this.#options.readShapes(
          sessions.length <= MAX_SINGLE_READS ? sessions.map((s) => s.id) : undefined,
        );
        const { records } = this.#options;
        for (const session of sessions) {
          const windows = shapes.get(keyOf(session));
          if (windows === undefined) continue;
          const key = keyOf(session);
          // First read of a session whose record already has agents: one just restored.
          if (!this.#windows.has(key) && records.get(session)?.windows.some(hasAgent)) {
            this.#starting.set(key, this.#now() + AGENT_START_MS);
          }
          this.#save(session, await this.#withAgents(session, windows));
          this.#shapes.set(keyOf(session), session.shape ?? "");
        }
      } catch (error) {
        this.#options.logger.warn("Cannot record session layouts", { error: String(error) });
      } finally {
        this.#reading = null;
        this.#readAgain();
      }
    })();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#disposed = true;
    this.#again = null;
    await this.settled();
  }
}
