/**
 * Owns noticing that the token file changed (`maestro token --rotate` while the server runs), so
 * the new token takes effect at once and every sign-in made with the old one ends.
 */

import { join } from "node:path";
import { TOKEN_FILE } from "./token_store.ts";

/** Wait this long after the last change before reading, so a write in progress is not read. */
const SETTLE_MS = 50;

/**
 * Watches `$home/token` and calls `onToken` with its new contents after each change (never with an
 * empty or unreadable file: a half-done rotation keeps the old token).
 *
 * @example
 * ```ts
 * using watch = new TokenWatch(config.home, (token) => access.setToken(token));
 * ```
 */
export class TokenWatch implements Disposable {
  readonly #watcher: Deno.FsWatcher;
  readonly #path: string;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(home: string, onToken: (token: string) => void, onError?: (error: unknown) => void) {
    this.#path = join(home, TOKEN_FILE);
    const watcher = Deno.watchFs(home, { recursive: false });
    this.#watcher = watcher;
    (async () => {
      for await (const event of watcher) {
        if (!event.paths.some((path) => path === this.#path)) continue;
        if (this.#timer !== null) clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
          this.#timer = null;
          Deno.readTextFile(this.#path).then((text) => {
            const token = text.trim();
            if (token !== "") onToken(token);
          }, (error) => onError?.(error));
        }, SETTLE_MS);
      }
    })().catch((error) => onError?.(error));
  }

  [Symbol.dispose](): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      this.#watcher.close();
    } catch {
      // Already closed.
    }
  }
}
