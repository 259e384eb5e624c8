/**
 * Owns restoring sessions that vanished without Maestro killing them (the tmux server died, the
 * machine rebooted): which ones are restorable, and rebuilding each from its record with its
 * windows, layouts and directories, its notes and mute carried over to the new tmux identity.
 */

import {
  type RestorableSession,
  type RestoreResult,
  UNDO_KILL_SECONDS,
} from "../protocol/restorable.ts";
import type { PaneShape, RestorePlan, SessionService } from "../tmux/mod.ts";
import { resumeCommand } from "./agent_conversation/resume_command.ts";
import { describeError } from "./http_error.ts";
import type { NotesStore } from "./db/notes_store.ts";
import { type SessionRecord, type SessionRecords, tmuxId } from "./db/session_records.ts";

/** Nothing by that name can be restored. */
export class NotRestorableError extends Error {
  constructor(readonly session: string, undo = false) {
    super(
      undo
        ? `Cannot undo killing session "${session}": none of that name was killed through ` +
          `Maestro in the last ${UNDO_KILL_SECONDS} s`
        : `Cannot restore session "${session}": no session of that name vanished`,
    );
    this.name = "NotRestorableError";
  }
}

/** The command that resumes a recorded pane's agent in its own conversation, or null. */
export function resumeLine(pane: PaneShape, startCommand: string): string | null {
  const agent = pane.agent;
  const id = pane.conversation;
  if (agent !== "claude" && agent !== "codex" && agent !== "gemini") return null;
  if (id === undefined) return null;
  // The line it was started with keeps its environment and flags; an agent started by hand in
  // a shell is started again as its process was.
  return (startCommand !== "" ? resumeCommand(startCommand, agent, id) : null) ??
    (pane.launch ? resumeCommand(pane.launch, agent, id) : null);
}

/**
 * The plan that rebuilds `record`: an agent whose conversation is known is started again in it;
 * with `rerun`, the other commands are typed again too. Pure.
 */
export function restorePlan(
  record: SessionRecord,
  rerun: boolean,
): RestorePlan & { resumed: Resumed[] } {
  const windows = record.windows.length > 0 ? record.windows : [{
    index: 0,
    name: null,
    layout: "",
    active: true,
    // Not yet recorded (it vanished right after it was made): one pane, its start command.
    panes: [{ cwd: record.cwd, command: "", startCommand: "" }],
  }];
  const resumed: Resumed[] = [];
  const commands = windows.map((window, w) =>
    window.panes.map((pane, p) => {
      const start = pane.startCommand !== ""
        ? pane.startCommand
        : w === 0 && p === 0
        ? record.command
        : "";
      const resume = resumeLine(pane, start);
      if (resume !== null) {
        resumed.push({ agent: pane.agent as string, conversation: pane.conversation as string });
        return resume;
      }
      return rerun && start !== "" ? start : null;
    })
  );
  return {
    name: record.name,
    cwd: record.cwd,
    windows: record.windows,
    ...(commands.flat().some((c) => c !== null) ? { commands } : {}),
    resumed,
  };
}

/** An agent a restore starts again in its own conversation. */
export interface Resumed {
  agent: string;
  conversation: string;
}

export interface SessionRestorerOptions {
  records: SessionRecords;
  notes: NotesStore;
  sessions: Pick<SessionService, "restore" | "exists">;
}

/** Restores this machine's vanished sessions. */
export class SessionRestorer {
  readonly #options: SessionRestorerOptions;

  constructor(options: SessionRestorerOptions) {
    this.#options = options;
  }

  /** The latest vanished record of each name, by name. */
  list(): RestorableSession[] {
    const { records, notes } = this.#options;
    const latest = new Map<string, SessionRecord>();
    for (const record of records.restorable("local")) {
      if (!latest.has(record.name)) latest.set(record.name, record);
    }
    return [...latest.values()].map((record) => {
      const note = notes.get(record);
      return {
        host: "local",
        name: record.name,
        id: tmuxId(record.id),
        created: record.created,
        cwd: record.cwd,
        command: record.command,
        agent: record.agent,
        vanishedAt: record.vanishedAt ?? 0,
        windows: record.windows,
        note: note.updatedAt === null ? null : note.text,
      };
    });
  }

  /**
   * Restores the named sessions (all of them when `names` is null), one after the other; one
   * failing never stops the rest. With `undo`, the ones Maestro just killed instead (the latest
   * of each name, within {@link UNDO_KILL_SECONDS}).
   */
  async restore(
    names: readonly string[] | null,
    rerun: boolean,
    undo = false,
  ): Promise<RestoreResult[]> {
    const { records } = this.#options;
    const gone = undo ? records.killed("local") : records.restorable("local");
    const restorable = new Map(gone.toReversed().map((r) => [r.name, r]));
    const wanted = names ?? [...restorable.keys()].sort();
    const results: RestoreResult[] = [];
    for (const name of wanted) {
      try {
        const record = restorable.get(name);
        if (record === undefined) throw new NotRestorableError(name, undo);
        const { id, created, resumed } = await this.#restoreOne(record, rerun);
        results.push({ host: "local", name, ok: true, id, created, resumed });
      } catch (error) {
        results.push({ host: "local", name, ok: false, error: describeError(error).body.error });
      }
    }
    return results;
  }

  /**
   * Forgets every vanished record named `name`, with its notes and mute (it will not be
   * restored). Returns how many there were.
   *
   * @throws {NotRestorableError} when none is.
   */
  forget(name: string): number {
    const { records } = this.#options;
    const named = records.restorable("local").filter((r) => r.name === name);
    if (named.length === 0) throw new NotRestorableError(name);
    for (const record of named) records.forget(record);
    return named.length;
  }

  async #restoreOne(
    record: SessionRecord,
    rerun: boolean,
  ): Promise<{ id: string; created: number; resumed: Resumed[] }> {
    const { sessions, records } = this.#options;
    const { resumed, ...plan } = restorePlan(record, rerun);
    const restored = await sessions.restore(plan);
    records.moveTo(record, { host: "local", name: record.name, ...restored });
    return { ...restored, resumed };
  }
}
