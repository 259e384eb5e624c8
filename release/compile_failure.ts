/** Owns reading `deno compile`'s error output: a runtime it cannot get becomes one sentence. */

// deno compile colours its output even into a pipe.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** `text` without terminal colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** The innermost cause in a `Caused by:` list (`    4: failed to lookup …`), if any. */
function innermostCause(text: string): string | null {
  const start = text.indexOf("Caused by:");
  if (start < 0) return null;
  const end = text.indexOf("Stack backtrace:", start);
  const section = text.slice(start, end < 0 ? undefined : end);
  const causes = [...section.matchAll(/^\s+\d+: (.+)$/gm)].map((match) => match[1] ?? "");
  return causes.at(-1)?.trim() || null;
}

/**
 * The one sentence to print when `deno compile` failed because it could not get Deno's runtime
 * (denort) — downloaded from dl.deno.land, or the file DENORT_BIN names — or null when it failed
 * for another reason (then its own output says more than we could).
 *
 * @param stderr what `deno compile` wrote to stderr
 * @param denoVersion the Deno whose runtime is needed (denort must match it exactly)
 *
 * @example
 * ```ts
 * explainCompileFailure(
 *   "error: Writing deno compile executable …\n\nCaused by:\n    0: Setting up base binary.\n" +
 *     "    1: error sending request for url (https://dl.deno.land/…/denort-….zip): …\n" +
 *     "    2: failed to lookup address information: Name or service not known\n",
 *   "2.9.6",
 * ); // "Cannot compile Maestro: deno compile could not download Deno's runtime from …"
 * ```
 */
export function explainCompileFailure(stderr: string, denoVersion: string): string | null {
  const text = stripAnsi(stderr);
  const cause = innermostCause(text);
  const because = cause === null ? "" : ` (${cause})`;
  const missing = text.match(/Could not find denort at '([^']*)'/);
  if (missing) {
    return `Cannot compile Maestro: DENORT_BIN is "${
      missing[1]
    }", which is not a file${because}; ` +
      `point it at the denort binary of Deno ${denoVersion} for the target, or unset it to ` +
      "download one";
  }
  // The step that fetches denort (or reads DENORT_BIN) is the one named so.
  if (!text.includes("Setting up base binary")) return null;
  const url = text.match(/error sending request for url \((\S+?)\)/)?.[1];
  const what = url === undefined ? "get Deno's runtime" : `download Deno's runtime from ${url}`;
  return `Cannot compile Maestro: deno compile could not ${what}${because}; set DENORT_BIN to ` +
    `the path of a denort binary of Deno ${denoVersion} to build offline`;
}
