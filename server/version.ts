/** Owns Maestro's version and the commit it was built from (shown by --version and /api/health). */

export const VERSION = "0.1.0";

/**
 * The build stamp beside this module. `deno task compile` writes it into the copy of the sources
 * it compiles and embeds it; a checkout never has one, so `deno run` says "dev", not an old commit.
 */
export const BUILD_STAMP: URL = new URL("./build_stamp.json", import.meta.url);

/** The commit a checkout without a build stamp reports. */
export const DEV_COMMIT = "dev";

/**
 * The commit recorded in a build stamp's text, or {@linkcode DEV_COMMIT} when the text is not a
 * stamp (a short or full hex commit, `-dirty` when the tree had changes).
 *
 * @example
 * ```ts
 * commitFromStamp('{"commit":"abc1234"}'); // "abc1234"
 * commitFromStamp(null); // "dev"
 * ```
 */
export function commitFromStamp(text: string | null): string {
  if (text === null) return DEV_COMMIT;
  try {
    const commit: unknown = JSON.parse(text)?.commit;
    if (typeof commit === "string" && /^[0-9a-f]{7,40}(-dirty)?$/.test(commit)) return commit;
  } catch {
    // Not JSON: not a stamp.
  }
  return DEV_COMMIT;
}

function readStamp(): string | null {
  try {
    return Deno.readTextFileSync(BUILD_STAMP);
  } catch {
    return null;
  }
}

/** The commit this executable was built from, or "dev" when run from a checkout. */
export const COMMIT: string = commitFromStamp(readStamp());

/**
 * What `maestro --version` prints.
 *
 * @example
 * ```ts
 * versionLine("0.1.0", "abc1234"); // "maestro 0.1.0 (abc1234)"
 * ```
 */
export function versionLine(version: string = VERSION, commit: string = COMMIT): string {
  return `maestro ${version} (${commit})`;
}
