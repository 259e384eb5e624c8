/** Owns live validation of session names in the page; the rule itself is the server's. */

import { sessionNameProblem } from "../../protocol/session_name.ts";

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
