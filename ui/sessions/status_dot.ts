/** Owns how a session's status is shown: a coloured dot with a text alternative. */

import { html, nothing, type TemplateResult } from "lit";
import type { SessionStatus } from "../shared/types.ts";

export const STATUS_TEXT: Record<SessionStatus, string> = {
  "needs-you": "Needs you",
  done: "Done",
  working: "Working",
  idle: "Idle",
  exited: "Exited",
};

/**
 * A status dot; screen readers hear the status, everyone else gets it as a tooltip too, with the
 * detection rule that decided it (`Needs you (claude-permission)`, see docs/STATUS.md).
 */
export function statusDot(status: SessionStatus, rule?: string | null): TemplateResult {
  const text = STATUS_TEXT[status] ?? status;
  return html`
    <span class="dot" data-status=${status} data-rule=${rule ?? nothing} role="img"
      aria-label=${text} title=${rule ? `${text} (${rule})` : text}></span>
  `;
}
