/** Owns the shapes of sessions and hosts as the HTTP API, the events stream and the page see them. */

/**
 * What a session is doing (DESIGN §9b), in the order a person cares:
 * - `needs-you`: blocked on a decision (a permission or approval, a question, `[y/N]`, a
 *   password); the only status that notifies;
 * - `done`: finished something since anyone last looked (an agent's turn, a command typed into a
 *   shell); cleared when someone looks;
 * - `working`: busy (a spinner, streaming, a running tool or command);
 * - `idle`: quiet and seen (a fresh shell is idle);
 * - `exited`: its program has exited.
 */
export type SessionStatus = "working" | "needs-you" | "done" | "idle" | "exited";

/** Every status, most urgent first (the order the page sorts and counts by). */
export const SESSION_STATUSES: readonly SessionStatus[] = [
  "needs-you",
  "done",
  "working",
  "idle",
  "exited",
];

/** What kind of decision a session waits for (see docs/STATUS.md, "The prompt as data"). */
export const PROMPT_KINDS = ["permission", "question", "yes-no", "password", "other"] as const;
export type PromptKind = typeof PROMPT_KINDS[number];

/** One answer a prompt offers: `key` names it in `POST …/answer` and `maestro answer`. */
export interface PromptOption {
  key: string;
  label: string;
}

/** What a session that needs you asks, read from its screen. */
export interface SessionPrompt {
  /** Changes whenever the prompt changes (another question, or the same one asked again). */
  id: string;
  kind: PromptKind;
  /** The question, one line. */
  text: string;
  /** What it is about (the command to run, the file to edit), several lines, or "". */
  detail: string;
  /** The answers, in screen order; none for a password (type it in the terminal) or a bell. */
  options: PromptOption[];
  /** When it appeared, in seconds since the epoch. */
  since: number;
}

/** A session as the API, the events stream and the page see it (DESIGN §5). */
export interface SessionView {
  host: string;
  name: string;
  id: string;
  windows: number;
  created: number;
  /**
   * When the session last really changed, in seconds since the epoch: its screen, not just its
   * title, and not Maestro's own redraws when a viewer attaches or resizes.
   */
  activity: number;
  attached: number;
  cwd: string;
  command: string;
  title: string;
  status: SessionStatus;
  /**
   * The detection rule that decided `status` (`claude-permission`, `shell-prompt`, `bell`…; see
   * docs/STATUS.md); null or absent when a worker did not say.
   */
  statusRule?: string | null;
  /** What it asks, while it needs you and the screen says; null or absent otherwise. */
  prompt?: SessionPrompt | null;
  group: string[];
  paneId: string;
  cols: number;
  rows: number;
}

/** A host as listed with the sessions. */
export interface HostView {
  id: string;
  name: string;
  status: "online" | "offline";
  lastSeen: number | null;
  sessionCount: number;
  error?: string;
}

/** `GET /api/sessions` and the events stream's `sessions` message. */
export interface SessionList {
  sessions: SessionView[];
  hosts: HostView[];
}

/** `GET /api/health`. */
export interface Health {
  version: string;
  /** The commit it was built from ("dev" from a checkout). */
  commit?: string;
  host: { id: string; name: string };
  tmux: string;
  protocol?: number;
}

/** `GET …/notes`. */
export interface Notes {
  text: string;
  updatedAt: number | string | null;
}

/** A session's identity across hosts: host plus name. */
export interface SessionRef {
  host: string;
  name: string;
}

/** A stable string key for a session (`local/acme-web`). */
export function sessionKey(ref: SessionRef): string {
  return `${ref.host}/${ref.name}`;
}
