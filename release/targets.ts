/** Owns the list of platforms a release ships a binary for, and the names of their files. */

/** One platform a release ships: its `deno compile --target` and what `uname` says there. */
export interface ReleaseTarget {
  /** The `deno compile --target` triple, also the binary's name suffix. */
  readonly target: string;
  /** `uname -s` on that platform. */
  readonly kernel: "Linux" | "Darwin";
  /** `uname -m` on that platform (Linux says aarch64 where macOS says arm64). */
  readonly machine: "x86_64" | "aarch64" | "arm64";
}

/** Linux and macOS, on x86 and ARM. install.sh maps `uname` to these by hand (it is sh). */
export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { target: "x86_64-unknown-linux-gnu", kernel: "Linux", machine: "x86_64" },
  { target: "aarch64-unknown-linux-gnu", kernel: "Linux", machine: "aarch64" },
  { target: "x86_64-apple-darwin", kernel: "Darwin", machine: "x86_64" },
  { target: "aarch64-apple-darwin", kernel: "Darwin", machine: "arm64" },
];

/**
 * The name of a release's binary for a target; its checksum is the same name plus `.sha256`.
 *
 * @example
 * ```ts
 * binaryName("aarch64-apple-darwin"); // "maestro-aarch64-apple-darwin"
 * ```
 */
export function binaryName(target: string): string {
  return `maestro-${target}`;
}
