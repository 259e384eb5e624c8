/** Owns `maestro search`: find text on every session's screen. */

import type { SearchResult } from "../protocol/search.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
  UsageError,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";

/** Render search matches as `host/name:line: text` lines. */
export function formatSearchMatches(result: SearchResult): string {
  return result.matches.map((m) => `${m.host}/${m.name}:${m.line}: ${m.text}\n`).join("");
}

/** `maestro search TEXT [--scrollback N] [--limit N] [--json]`. */
export async function searchCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("search", args, {
    scrollback: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return { stdout: USAGE.search + "\n", code: 0 };
  const [text] = positionals("search", pos, 1, 1) as [string];
  const params = new URLSearchParams({ q: text });
  for (const flag of ["scrollback", "limit"] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value)) {
      throw new UsageError(`--${flag} must be a whole number, got "${value}"`, "search");
    }
    params.set(flag, value);
  }
  const api = await clientFor(values, env);
  const result = await api.request<SearchResult>("GET", `/api/search?${params}`);
  if (values.json) return { stdout: JSON.stringify(result, null, 2) + "\n", code: 0 };
  const notes = result.errors.map((e) => `maestro: ${e.error}\n`);
  if (result.truncated) {
    notes.push("maestro: more lines match than shown: use a longer text or a higher --limit\n");
  }
  if (result.matches.length === 0) notes.push(`No matches for "${text}".\n`);
  return {
    stdout: formatSearchMatches(result),
    stderr: notes.join(""),
    code: result.matches.length === 0 ? 1 : 0,
  };
}
