/** Owns the access token kept in `$home/token`: creating it, rotating it and comparing against it. */

import { createHash, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { secureHome } from "./home_dir.ts";

/** The token file's name inside the home directory. */
export const TOKEN_FILE = "token";

/** What {@linkcode loadOrCreateToken} found or made. */
export interface LoadedToken {
  readonly token: string;
  /** True when this call generated the token (print the ready-to-click URL once). */
  readonly created: boolean;
  /** True when the file was readable by others and its mode was fixed to 600 (worth a warning). */
  readonly repairedMode: boolean;
}

/**
 * A fresh token: 32 random bytes as base64url (43 characters, safe in URLs and headers), never
 * starting with "-" or "_" so that `--token <token>` is never read as a flag.
 */
export function generateToken(): string {
  while (true) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
      .replace(/=+$/, "");
    if (/^[A-Za-z0-9]/.test(token)) return token;
  }
}

/**
 * Reads `$home/token`, creating `home` (mode 700) and the token (mode 600) on first start. A file
 * with looser permissions is fixed to 600; an empty one (a crash mid-write long ago) is replaced.
 *
 * @example
 * ```ts
 * const { token, created } = await loadOrCreateToken(config.home);
 * if (created) log.info("Open Maestro", { url: `http://127.0.0.1:23000/?token=${token}` });
 * ```
 */
export async function loadOrCreateToken(home: string): Promise<LoadedToken> {
  await secureHome(home);
  const path = join(home, TOKEN_FILE);
  const existing = await readToken(path);
  if (existing !== null && existing.token !== "") {
    return { token: existing.token, created: false, repairedMode: await fixMode(path) };
  }
  const token = generateToken();
  if (existing === null) {
    // Linking a complete temporary file into place fails if another process got there first, so
    // two servers starting at once agree on one token and nobody ever reads a half-written file.
    const temporary = await writeTemporary(home, token);
    try {
      await Deno.link(temporary, path);
      return { token, created: true, repairedMode: false };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) {
        throw new Error(`Cannot create the token file "${path}": ${describe(error)}`, {
          cause: error,
        });
      }
      return await loadOrCreateToken(home);
    } finally {
      await Deno.remove(temporary).catch(() => {});
    }
  }
  await replaceToken(home, token);
  return { token, created: true, repairedMode: false };
}

/**
 * Replaces the token with a new one (atomically: readers see the old or the new, never neither)
 * and returns it. Sessions holding the old token must sign in again.
 */
export async function rotateToken(home: string): Promise<string> {
  await secureHome(home);
  const token = generateToken();
  await replaceToken(home, token);
  return token;
}

/**
 * Compares two tokens in constant time. Both are hashed first so that neither the contents nor the
 * length of the expected token leaks through timing. Empty tokens never match.
 */
export function tokensEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  const same = timingSafeEqual(left, right);
  return same && a.length > 0;
}

async function readToken(path: string): Promise<{ token: string } | null> {
  try {
    return { token: (await Deno.readTextFile(path)).trim() };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new Error(`Cannot read the token file "${path}": ${describe(error)}`, { cause: error });
  }
}

async function fixMode(path: string): Promise<boolean> {
  const { mode } = await Deno.stat(path);
  if (mode === null || (mode & 0o777) === 0o600) return false;
  await Deno.chmod(path, 0o600);
  return true;
}

async function writeTemporary(home: string, token: string): Promise<string> {
  const path = join(home, `.${TOKEN_FILE}-${generateToken().slice(0, 12)}.tmp`);
  using file = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
  await Deno.chmod(path, 0o600); // the umask could only have narrowed it; be exact anyway
  const bytes = new TextEncoder().encode(`${token}\n`);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.sync();
  return path;
}

async function replaceToken(home: string, token: string): Promise<void> {
  const temporary = await writeTemporary(home, token);
  try {
    await Deno.rename(temporary, join(home, TOKEN_FILE));
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw new Error(`Cannot replace the token file in "${home}": ${describe(error)}`, {
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
