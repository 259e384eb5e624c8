/**
 * Owns keeping the session records' shapes current: the monitor hands it every list it takes
 * anyway, and only when a session's windows, layout or active pane changed does it read the
 * shapes from tmux (one `list-panes -a`), in the background, never holding the list up.
 */

import type { SessionInfo, WindowShape } from "../tmux/mod.ts";
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
      if (AGENTS.has(pane.command)) return pane.command;
    }
  }
  return null;
}

export interface SessionRecorderOptions {
  records: SessionRecords;
  /** Sessions' shapes, keyed `id@created`: these ids', or every session's (`readLayouts`). */
  readShapes: (ids?: readonly string[]) => Promise<Map<string, WindowShape[]>>;
  logger: Logger;
}

const keyOf = (s: SessionRef) => `${s.id}@${s.created}`;

/** Up to this many changed sessions are read one by one; more, all in one `list-panes -a`. */
export const MAX_SINGLE_READS = 8;

/** The monitor's {@link SessionObserver}: records, then shapes on change. */
export class SessionRecorder implements SessionObserver, AsyncDisposable {
  readonly #options: SessionRecorderOptions;
  /** The fingerprint each session's recorded shape was read at. */
  readonly #shapes = new Map<string, string>();
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
    const changed = sessions.filter((s) => this.#shapes.get(keyOf(s)) !== (s.shape ?? ""));
    if (changed.length > 0) this.#read(changed);
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
          const record = records.get(session);
          if (record === null) continue;
          records.saveShape(session, {
            cwd: windows[0]?.panes[0]?.cwd ?? "",
            windows,
            agent: agentKind(record.command, windows),
          });
          this.#shapes.set(keyOf(session), session.shape ?? "");
        }
      } catch (error) {
        this.#options.logger.warn("Cannot record session layouts", { error: String(error) });
      } finally {
        this.#reading = null;
        const again = this.#again;
        this.#again = null;
        if (again && !this.#disposed) this.#read(again);
      }
    })();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#disposed = true;
    this.#again = null;
    await this.settled();
  }
}
