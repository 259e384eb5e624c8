/** Owns the formats tmux is asked for when listing sessions, and parsing what it answers. Pure. */

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
}

/** Unit separator: cannot appear in a session name and practically never in a path or title. */
const SEP = "\x1f";

const FIELDS = [
  "#{session_name}",
  "#{session_id}",
  "#{session_windows}",
  "#{session_created}",
  "#{session_activity}",
  "#{window_activity}",
  "#{session_attached}",
  "#{window_active}",
  "#{pane_active}",
  "#{pane_id}",
  "#{pane_pid}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_width}",
  "#{pane_height}",
  "#{alternate_on}",
  "#{pane_current_command}",
  "#{pane_current_path}",
  "#{window_bell_flag}",
  "#{pane_title}",
];

/** `list-panes -F` format with every field, one line per pane. */
export const SESSION_LIST_FORMAT = FIELDS.join(SEP);

/** Parse `list-panes -a -F SESSION_LIST_FORMAT` output: one entry per session (active pane). */
export function parseSessionList(text: string): SessionInfo[] {
  const rows: string[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(SEP);
    if (f.length < FIELDS.length) continue;
    if (f[7] !== "1" || f[8] !== "1") continue;
    // The same fields as a row of sessionRowsFormat(0): no pane filters, the process flag set.
    rows.push(
      [...f.slice(0, 7), ...f.slice(9, 16), f[18], "1", f[16], f[17], ...f.slice(19)].join(SEP),
    );
  }
  return parseSessionRows(rows.join("\n")).map((row) => row.info).sort(byName);
}

// The order of String#localeCompare, without building a collator for every comparison.
const collator = new Intl.Collator();

/** Sessions in name order (the locale's collation), as every list is returned. */
export function byName(a: { name: string }, b: { name: string }): number {
  return collator.compare(a.name, b.name);
}

/** A pane's foreground process as tmux reads it from the system (`pane_current_*`). */
export interface PaneProcess {
  command: string;
  cwd: string;
}

/** One line of {@link sessionRowsFormat}: a session, with its pane's process only if asked. */
export interface SessionRow {
  /** `command` and `cwd` are "" unless `hasProcess`. */
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
];
const ROW_PROCESS = `1${SEP}#{pane_current_command}${SEP}#{pane_current_path}`;
const ROW_NO_PROCESS = `0${SEP}${SEP}`;
const ROW_FIELD_COUNT = ROW_FIELDS.length + 4;

/**
 * `list-sessions -F` format. `pane_current_command` and `pane_current_path` are most of tmux's
 * work (it reads them from /proc for every pane), so with `since` > 0 (unix seconds) they are
 * only read for windows with activity at or after `since`; 0 reads them for every session.
 */
export function sessionRowsFormat(since: number): string {
  const process = since > 0
    ? `#{?#{e|>=:#{window_activity},${Math.floor(since)}},${ROW_PROCESS},${ROW_NO_PROCESS}}`
    : ROW_PROCESS;
  return [...ROW_FIELDS, process, "#{pane_title}"].join(SEP);
}

/** Parse `list-sessions -F sessionRowsFormat(…)` output, in tmux's order. */
export function parseSessionRows(text: string): SessionRow[] {
  const rows: SessionRow[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const f = line.split(SEP);
    if (f.length < ROW_FIELD_COUNT) continue;
    rows.push({
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
        command: f[16] as string,
        cwd: f[17] as string,
        bell: f[14] === "1",
        title: f.length === ROW_FIELD_COUNT ? f[18] as string : f.slice(18).join(SEP),
      },
      hasProcess: f[15] === "1",
    });
  }
  return rows;
}
