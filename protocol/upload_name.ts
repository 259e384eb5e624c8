/**
 * Owns the rule for names of files uploaded into a session's directory (pure): one plain name,
 * never a path, and how a name that is taken gets a number. The header that carries it too.
 */

/** The request header carrying the file's name, percent-encoded (`encodeURIComponent`). */
export const UPLOAD_NAME_HEADER = "x-file-name";

/** Longest name, in UTF-8 bytes (most file systems allow 255). */
export const UPLOAD_NAME_MAX_BYTES = 255;

export const UPLOAD_NAME_RULE =
  'a file name: no "/" or "\\", not "." or "..", no control characters, at most 255 bytes';

/**
 * Why `name` cannot be an uploaded file's name, or null when it can.
 *
 * @example
 * ```ts
 * uploadNameProblem("shot.png"); // null
 * uploadNameProblem("../x"); // 'it contains "/"'
 * ```
 */
export function uploadNameProblem(name: string): string | null {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `it is "${name}"`;
  if (name.includes("/")) return 'it contains "/"';
  if (name.includes("\\")) return 'it contains "\\"';
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains a control character";
  if (!name.isWellFormed()) return "it is not valid Unicode";
  if (new TextEncoder().encode(name).length > UPLOAD_NAME_MAX_BYTES) {
    return `it is over ${UPLOAD_NAME_MAX_BYTES} bytes`;
  }
  return null;
}

/**
 * The `n`th other name for `name` when it is taken: the number before the extension.
 *
 * @example
 * ```ts
 * numberedName("shot.png", 2); // "shot-2.png"
 * numberedName(".env", 1); // ".env-1"
 * ```
 */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return `${name}-${n}`;
  return `${name.slice(0, dot)}-${n}${name.slice(dot)}`;
}
