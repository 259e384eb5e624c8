/**
 * Owns noticing that the token file changed (`maestro token --rotate` while the server runs), so
 * the new token takes effect at once and every sign-in made with the old one ends.
 *
 * It looks at the file's identity (inode, size, mtime) twice a second rather than watching the
 * home directory: Deno's directory watcher made this process drop its SQLite locks on
 * `maestro.db` whenever another process opened that file, and the next process to close it then
 * deleted the write-ahead log under the server, which went on writing into a deleted file (every
 * write after it lost). tests/database_locks_test.ts holds that.
 */

import { join } from "node:path";
import { TOKEN_FILE } from "./token_store.ts";

/** How often the token file is looked at. */
export const TOKEN_POLL_MS = 500;

/** What changes when the file is rewritten or replaced (rotation renames a new file over it). */
function identityOf(info: Deno.FileInfo): string {
  return `${info.ino ?? ""}:${info.size}:${info.mtime?.getTime() ?? ""}`;
}

/**
 * Calls `onToken` with the token file's new contents after each change (never with an empty or
 * unreadable file: a half-done rotation keeps the old token).
 *
 * @example
 * ```ts
 * using watch = new TokenWatch(config.home, (token) => access.setToken(token));
 * ```
 */
export class TokenWatch implements Disposable {
  readonly #path: string;
  readonly #onToken: (token: string) => void;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #timer: ReturnType<typeof setInterval>;
  /** The file's identity last seen; null before the first look or while it is missing. */
  #seen: string | null = null;
  /** The token last read, so a file looked at mid-write is not reported twice. */
  #token: string | null = null;
  #looking = false;
  #disposed = false;

  constructor(
    home: string,
    onToken: (token: string) => void,
    onError?: (error: unknown) => void,
    pollMs = TOKEN_POLL_MS,
  ) {
    this.#path = join(home, TOKEN_FILE);
    this.#onToken = onToken;
    this.#onError = onError;
    try {
      this.#seen = identityOf(Deno.statSync(this.#path));
      this.#token = Deno.readTextFileSync(this.#path).trim();
    } catch {
      this.#seen = null;
    }
    this.#timer = setInterval(() => this.#look().catch((error) => this.#onError?.(error)), pollMs);
  }

  async #look(): Promise<void> {
    if (this.#looking) return;
    this.#looking = true;
    try {
      let identity: string;
      try {
        identity = identityOf(await Deno.stat(this.#path));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) this.#onError?.(error);
        return;
      }
      if (identity === this.#seen) return;
      let token: string;
      try {
        token = (await Deno.readTextFile(this.#path)).trim();
      } catch (error) {
        // Said once per change of the file, not twice a second.
        this.#seen = identity;
        this.#onError?.(error);
        return;
      }
      // Read once the write is whole: an empty file is a rotation still in progress.
      if (token === "" || this.#disposed) return;
      this.#seen = identity;
      if (token === this.#token) return;
      this.#token = token;
      this.#onToken(token);
    } finally {
      this.#looking = false;
    }
  }

  [Symbol.dispose](): void {
    this.#disposed = true;
    clearInterval(this.#timer);
  }
}
