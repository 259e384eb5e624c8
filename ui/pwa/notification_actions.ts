/**
 * Owns what a notification for a session that needs you carries: the actions offered for its
 * prompt's answers, and the data the service worker needs to answer or open it. Pure; shared by
 * the page (which shows the notification) and the service worker (which handles its clicks).
 */

import { sessionPath } from "../../protocol/api_paths.ts";
import type { SessionPrompt } from "../../protocol/session.ts";

/** Prefix of an action that answers: `answer:<option key>`. */
const ANSWER = "answer:";

/** What the notification remembers, for the service worker. */
export interface NotificationData {
  host: string;
  name: string;
  /** The prompt the actions answer; null when it offers none. */
  promptId: string | null;
  /**
   * The page's own credential (origin-scoped like the page's storage; useless on another origin
   * and revoked by sign-out), so an action can answer with no page open.
   */
  credential: string | null;
}

export interface NotificationAction {
  action: string;
  title: string;
}

/**
 * One action per answer, as many as the browser shows (`max`, Notification.maxActions); none for a
 * password or a prompt without options — a notification never types a secret.
 */
export function notificationActions(
  prompt: SessionPrompt | null | undefined,
  max: number,
): NotificationAction[] {
  if (!prompt || prompt.kind === "password") return [];
  return prompt.options.slice(0, Math.max(0, max)).map((option) => ({
    action: `${ANSWER}${option.key}`,
    title: option.label.length > 40 ? `${option.label.slice(0, 39)}…` : option.label,
  }));
}

/** The option an action answers with, or null when the click was on the notification's body. */
export function answerOf(action: string): string | null {
  return action.startsWith(ANSWER) && action.length > ANSWER.length
    ? action.slice(ANSWER.length)
    : null;
}

/** The page's address of a session (`/#/host/name`), where a click opens it. */
export function sessionUrl(data: Pick<NotificationData, "host" | "name">): string {
  return `/#/${encodeURIComponent(data.host)}/${encodeURIComponent(data.name)}`;
}

/** The answer route of a session. */
export function answerPath(data: Pick<NotificationData, "host" | "name">): string {
  return sessionPath(data.host, data.name, "/answer");
}
