/**
 * Owns what the page does with files dropped or pasted into a terminal, pure: which can go (the
 * size limit), how each is refused or reported, and how a saved file's path is typed.
 */

import { UPLOAD_MAX_BYTES } from "../../protocol/limits.ts";

const MIB = 1024 * 1024;

function inMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;
}

/** Why `file` cannot be uploaded before trying (its size), or null. */
export function uploadRefusal(file: { name: string; size: number }): string | null {
  if (file.size <= UPLOAD_MAX_BYTES) return null;
  return `Not uploaded: ${file.name} is ${inMiB(file.size)}, over the ${
    UPLOAD_MAX_BYTES / MIB
  } MiB limit`;
}

/** What the terminal says when an upload failed (the server's words, or why it could not ask). */
export function uploadFailure(name: string, status: number, message: string): string {
  if (status === 0) return `Not uploaded: ${name} — the server cannot be reached`;
  return `Not uploaded: ${name} — ${message}`;
}

/**
 * A path as one shell word, followed by a space, ready to type: plain paths as they are, others
 * in single quotes.
 *
 * @example
 * ```ts
 * typedPath("/tmp/shot.png"); // "/tmp/shot.png "
 * typedPath("/tmp/my shot.png"); // "'/tmp/my shot.png' "
 * ```
 */
export function typedPath(path: string): string {
  if (/^[A-Za-z0-9_\/.,:@%+=-]+$/.test(path)) return `${path} `;
  return `'${path.replaceAll("'", `'\\''`)}' `;
}
