/**
 * Owns the rule for the names Maestro gives sessions (creating, renaming to) and the group path a
 * name stands for. Sessions made outside Maestro may have any name tmux allows; they are found by
 * exact name in the session list, never by a tmux target (session_lookup.ts).
 */

export const SESSION_NAME_MAX = 64;

/**
 * The rule in words, for error messages and the UI. "." is refused although DESIGN §5 lists it:
 * tmux silently turns "." (and ":") into "_" in session names, so a session created as "a.b"
 * would come back as "a_b".
 */
export const SESSION_NAME_RULE =
  `names are 1-${SESSION_NAME_MAX} letters, digits, "_" and "-", not starting with "-"`;

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Why `name` is not a valid session name, or null when it is. */
export function sessionNameProblem(name: unknown): string | null {
  if (typeof name !== "string") return "a name must be a string";
  if (name.length === 0) return "a name must not be empty";
  if (name.length > SESSION_NAME_MAX) {
    return `a name must be at most ${SESSION_NAME_MAX} characters (got ${name.length})`;
  }
  if (name.startsWith("-")) return 'a name must not start with "-"';
  if (!NAME.test(name)) return 'names may contain only letters, digits, "_" and "-"';
  return null;
}

/** The group path shown in the sidebar: `customers-zoom-backend` → customers ▸ zoom ▸ backend. */
export function groupPath(name: string): string[] {
  const parts = name.split("-").filter((part) => part.length > 0);
  if (parts.length <= 1) return [name];
  if (parts.length === 2) return parts;
  return [parts[0] as string, parts[1] as string, parts.slice(2).join("-")];
}
