/** Owns how a session's status is shown: a coloured dot with a text alternative. */

import { html, type TemplateResult } from "lit";
import type { SessionStatus } from "./types.ts";

export const STATUS_TEXT: Record<SessionStatus, string> = {
  working: "Working",
  idle: "Idle",
  waiting: "Waiting for input",
  exited: "Exited",
};

/** A status dot; screen readers hear the status, everyone else gets it as a tooltip too. */
export function statusDot(status: SessionStatus): TemplateResult {
  const text = STATUS_TEXT[status] ?? status;
  return html`
    <span class="dot" data-status=${status} role="img" aria-label=${text}
      title=${text}></span>
  `;
}
