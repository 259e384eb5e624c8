/** Owns the formats tmux is asked for when listing sessions, and parsing what it answers. Pure. */

import { compareNames } from "../protocol/name_order.ts";
import { type ListDelimiters, listFormat, parseList } from "./list_format.ts";
import { LAYOUTS_FIELD } from "./session_layout.ts";

/** One session as tmux reports it (its current window's active pane stands for the session). */
export interface SessionInfo {
  name: string;
  id: string;
  windows: number;
  /** Unix seconds. */
  created: number;
  /** Unix seconds of the latest output or input in the session. */
  activity: number;
  attached: number;
  paneId: string;
  panePid: number;
  paneDead: boolean;
  paneDeadStatus: number | null;
  cwd: string;
  command: string;
  title: string;
  cols: number;
  rows: number;
  alternate: boolean;
  /** A bell rang in the window since a client last looked at it (tmux's `window_bell_flag`). */
  bell: boolean;
  /** Every window's index and layout ({@link LAYOUTS_FIELD}): changes when the shape does. */
  layouts?: string;
}

// list-panes -s/-a: every pane, so the session's current window's active pane is picked here.
const PANE_FILTER_FIELDS = ["#{window_active}", "#{pane_active}"];

/**
 * `list-panes -F` format with every field, one row per pane, delimited by `delimiters` (see
 * {@link parseSessionList}).
 */
export function sessionListFormat(delimiters: ListDelimiters): string {
  return listFormat([...PANE_FILTER_FIELDS, ...ROW_FIELDS, ...processFields(1)], delimiters);
}

/** Parse `list-panes -a -F sessionListFormat(…)` output: one entry per session (active pane). */
export function parseSessionList(text: string, delimiters: ListDelimiters): SessionInfo[] {
  const sessions: SessionInfo[] = [];
  for (const fields of parseList(text, delimiters, PANE_FILTER_FIELDS.length + ROW_FIELD_COUNT)) {
    if (fields[0] !== "1" || fields[1] !== "1") continue;
    sessions.push(sessionRow(fields.slice(PANE_FILTER_FIELDS.length)).info);
  }
  return sessions.sort(byName);
}

/** Sessions in name order (natural, as the tree shows them: protocol/name_order.ts), as every list is returned. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareNames(a.name, b.name);
}

/** A pane's foreground process as tmux reads it from the system (`pane_current_*`). */
export interface PaneProcess {
  command: string;
  cwd: string;
}

/** One row of {@link sessionRowsFormat}: a session, with its pane's process only if asked. */
export interface SessionRow {
  /** `command`, `cwd` and `layouts` are "" unless `hasProcess`. */
  info: SessionInfo;
  /** false when the window had no activity since the threshold, so tmux was not asked. */
  hasProcess: boolean;
}

// `list-sessions` formats each session with its current window's active pane, so the pane
// filter `list-panes -a` needs is implicit and a session costs one format however many panes.
const ROW_FIELDS = [
  "#{session_name}",
  "#{session_id}",
  "#{session_windows}",
  "#{session_created}",
  "#{session_activity}",
  "#{window_activity}",
  "#{session_attached}",
  "#{pane_id}",
  "#{pane_pid}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_width}",
  "#{pane_height}",
  "#{alternate_on}",
  "#{window_bell_flag}",
  "#{pane_title}",
];
/**
 * The fields asked only of windows with activity: a flag saying whether tmux was asked, then the
 * pane's command and path, then every window's layout (a third of a list's cost at 500 sessions).
 */
const processFields = (asked: 0 | 1) =>
  asked
    ? ["1", "#{pane_current_command}", "#{pane_current_path}", LAYOUTS_FIELD]
    : ["0", "", "", ""];
const ROW_FIELD_COUNT = ROW_FIELDS.length + 4;

/**
 * `list-sessions -F` format, delimited by `delimiters`. `pane_current_command` and
 * `pane_current_path` are most of tmux's work (it reads them from /proc for every pane) and the
 * windows' layouts a third of it, so with `since` > 0 (unix seconds) they are only read for
 * windows with activity at or after `since`; 0 reads them for every session.
 */
export function sessionRowsFormat(since: number, delimiters: ListDelimiters): string {
  const { field } = delimiters;
  const asked = processFields(1).join(field);
  const process = since > 0
    ? `#{?#{e|>=:#{window_activity},${Math.floor(since)}},${asked},${processFields(0).join(field)}}`
    : asked;
  return listFormat([...ROW_FIELDS, process], delimiters);
}

/** Parse `list-sessions -F sessionRowsFormat(…)` output, in tmux's order. */
export function parseSessionRows(text: string, delimiters: ListDelimiters): SessionRow[] {
  return parseList(text, delimiters, ROW_FIELD_COUNT).map(sessionRow);
}

/** One row's fields, in the order of ROW_FIELDS then the process fields. */
function sessionRow(f: string[]): SessionRow {
  return {
    info: {
      name: f[0] as string,
      id: f[1] as string,
      windows: Number(f[2]),
      created: Number(f[3]),
      activity: Math.max(Number(f[4]) || 0, Number(f[5]) || 0),
      attached: Number(f[6]),
      paneId: f[7] as string,
      panePid: Number(f[8]),
      paneDead: f[9] === "1",
      paneDeadStatus: f[10] === "" ? null : Number(f[10]),
      cols: Number(f[11]),
      rows: Number(f[12]),
      alternate: f[13] === "1",
      bell: f[14] === "1",
      title: f[15] as string,
      command: f[17] as string,
      cwd: f[18] as string,
      layouts: f[19] as string,
    },
    hasProcess: f[16] === "1",
  };
}

/**
 * What a list must show as soon as it changes: which sessions exist, their names, how many windows
 * they have and how many clients are attached (see {@link sessionShape}). Activity, titles, panes
 * and processes are not in it: they change all the time, and each field costs tmux time.
 */
export type SessionShapeFields = Pick<SessionInfo, "id" | "name" | "windows" | "attached">;

const SHAPE_FIELDS = [
  "#{session_id}",
  "#{session_name}",
  "#{session_windows}",
  "#{session_attached}",
];

/** `list-sessions -F` format for {@link parseSessionShape}: a few fields, cheap for tmux to expand. */
export function sessionShapeFormat(delimiters: ListDelimiters): string {
  return listFormat(SHAPE_FIELDS, delimiters);
}

/** Parse `list-sessions -F sessionShapeFormat(…)` output. */
export function parseSessionShape(text: string, delimiters: ListDelimiters): SessionShapeFields[] {
  return parseList(text, delimiters, SHAPE_FIELDS.length).map((f) => ({
    id: f[0] as string,
    name: f[1] as string,
    windows: Number(f[2]),
    attached: Number(f[3]),
  }));
}

/** The shape of a list as one string, in any order: equal strings, same sessions. */
export function sessionShape(sessions: readonly SessionShapeFields[]): string {
  return sessions
    .map((s) => JSON.stringify([s.id, s.name, s.windows, s.attached]))
    .sort()
    .join("\n");
}
