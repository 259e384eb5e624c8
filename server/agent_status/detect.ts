/** Owns deciding a pane's status from its facts: the first matching row of the rules table. Pure. */

import { StatusFacts, type StatusInput, type StatusVerdict } from "./facts.ts";
import { STATUS_RULES, type StatusRule, WORKING_WINDOW_SECONDS } from "./rules.ts";

/**
 * The status of one pane and the rule that decided it.
 *
 * @example
 * ```ts
 * detectStatus({ dead: false, idleSeconds: 10, title: "", command: "sh", alternate: false,
 *   bell: false, screen: screenFromText("Continue? [y/N]", 16, 0) });
 * // → { status: "waiting", rule: "generic-prompt" }
 * ```
 */
export function detectStatus(
  input: StatusInput,
  rules: readonly StatusRule[] = STATUS_RULES,
): StatusVerdict {
  const facts = new StatusFacts(input);
  for (const rule of rules) {
    if (rule.matches(facts)) return { status: rule.status, rule: rule.id };
  }
  return { status: "idle", rule: "quiet" };
}

/**
 * Whether the screen can change the verdict: the pane is alive and has been quiet for the working
 * window. Busy or dead panes are decided without capturing anything.
 */
export function screenMatters(input: Pick<StatusInput, "dead" | "idleSeconds">): boolean {
  return !input.dead && input.idleSeconds >= WORKING_WINDOW_SECONDS;
}
