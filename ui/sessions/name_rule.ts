/** Owns live validation of session names in the page; the rule itself is the server's. */

import { SESSION_NAME_MAX, sessionNameProblem } from "../../protocol/session_name.ts";

/** The rule in words, shown under the name field. */
export const NAME_RULE_TEXT = `1–64 letters, digits, "_" and "-"; not starting with "-"`;

/** Why `name` cannot be a session name (a sentence for the form), or null when it can. */
export function nameProblem(name: string): string | null {
  const problem = sessionNameProblem(name);
  if (problem === null) return null;
  if (/[^A-Za-z0-9_-]/.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ""))].map((c) => JSON.stringify(c));
    return `Not allowed: ${bad.join(" ")}`;
  }
  return capitalize(problem);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A name that follows the rule, made from `name` (a session named outside Maestro, to rename):
 * `name` itself when it follows the rule; else every run of other characters becomes one "-",
 * without "-" at either end, cut to the longest a name may be. "session" when nothing is left.
 *
 * @example
 * ```ts
 * suggestedName("my thing"); // "my-thing"
 * ```
 */
export function suggestedName(name: string): string {
  if (sessionNameProblem(name) === null) return name;
  const dashed = name.replace(/[^A-Za-z0-9_]+/g, "-").replace(/^-+/, "");
  const cut = dashed.slice(0, SESSION_NAME_MAX).replace(/-+$/, "");
  return cut === "" ? "session" : cut;
}
