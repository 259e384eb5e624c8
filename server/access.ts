/**
 * Owns who may use this server: the token (replaced live when it is rotated), the page sign-ins
 * issued for it (one revocable credential per browser, kept in that page's own storage, never in
 * a cookie — cookies are shared by every port of a host), and the sockets each of them opened, so
 * that signing out or rotating the token ends every page's access at once.
 */

import { createHash } from "node:crypto";
import type { PageSessionStore } from "./db/page_session_store.ts";
import { generateToken, tokensEqual } from "./token_store.ts";

/** Who made a request: anyone (`--no-auth`), a holder of the token, or a signed-in page. */
export type Principal =
  | { readonly kind: "open" }
  | { readonly kind: "token" }
  | { readonly kind: "page"; readonly idHash: string };

/** A page sign-in unused for this long ends by itself. */
export const PAGE_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;

/** How stale a sign-in's "last used" may get before it is written again (one write per hour). */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

/** WebSocket close code for "your sign-in ended" (the page shows its sign-in screen). */
export const SIGNED_OUT_CLOSE_CODE = 4401;

/** Something that can be closed with a code and a reason (an open WebSocket). */
export interface Closable {
  close(code?: number, reason?: string): void;
}

export interface AccessOptions {
  /** The token; null serves without one (`--no-auth`, loopback only). */
  token: string | null;
  /** Where page sign-ins are kept across restarts. */
  store: PageSessionStore;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * The server's credentials. `identify` is on every request's path: one SHA-256 and a map lookup.
 *
 * @example
 * ```ts
 * const access = new Access({ token, store: new PageSessionStore(db) });
 * const credential = access.signIn(pastedToken); // null when the token is wrong
 * access.identify(credential); // { kind: "page", idHash: "…" }
 * ```
 */
export class Access {
  #token: string | null;
  #tokenHash: string;
  readonly #store: PageSessionStore;
  readonly #now: () => number;
  /** Sign-ins by the hash of their credential, with when each was last written as used. */
  readonly #pages = new Map<string, { lastUsedAt: number; written: number }>();
  readonly #sockets = new Map<Closable, Principal>();

  constructor(options: AccessOptions) {
    this.#token = options.token;
    this.#tokenHash = options.token === null ? "" : sha256(options.token);
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    if (this.#token === null) return;
    // Sign-ins made under an older token, or left unused too long, end here.
    this.#store.prune(this.#tokenHash, this.#now() - PAGE_SESSION_IDLE_MS);
    for (const session of this.#store.list()) {
      this.#pages.set(session.idHash, {
        lastUsedAt: session.lastUsedAt,
        written: session.lastUsedAt,
      });
    }
  }

  /** True when no credential is needed (`--no-auth`). */
  get open(): boolean {
    return this.#token === null;
  }

  /** How many browsers are signed in. */
  get signedInPages(): number {
    return this.#pages.size;
  }

  /** Who holds `secret` (the token, or a page's credential), or null for nobody. */
  identify(secret: string | undefined): Principal | null {
    if (this.#token === null) return { kind: "open" };
    if (secret === undefined || secret === "") return null;
    if (tokensEqual(secret, this.#token)) return { kind: "token" };
    const idHash = sha256(secret);
    const page = this.#pages.get(idHash);
    if (page === undefined) return null;
    const now = this.#now();
    if (now - page.lastUsedAt > PAGE_SESSION_IDLE_MS) {
      this.#endPage(idHash);
      return null;
    }
    page.lastUsedAt = now;
    if (now - page.written > TOUCH_EVERY_MS) {
      page.written = now;
      this.#store.touch(idHash, now);
    }
    return { kind: "page", idHash };
  }

  /**
   * Trades the token for a new page credential (null when `token` is not the token). The page
   * keeps the credential in its own storage and sends it as `Authorization: Bearer`.
   */
  signIn(token: string): string | null {
    if (this.#token === null || !tokensEqual(token, this.#token)) return null;
    const credential = generateToken();
    const idHash = sha256(credential);
    const now = this.#now();
    this.#store.add({ idHash, tokenHash: this.#tokenHash, createdAt: now, lastUsedAt: now });
    this.#pages.set(idHash, { lastUsedAt: now, written: now });
    return credential;
  }

  /**
   * Ends `principal`'s page sign-in, or every page's (`everywhere`), and closes their sockets.
   * Returns how many sign-ins ended.
   */
  signOut(principal: Principal, { everywhere = false } = {}): number {
    if (everywhere) {
      const ended = this.#pages.size;
      this.#pages.clear();
      this.#store.removeAll();
      this.#closeSockets((p) => p.kind === "page", "Signed out everywhere: sign in again");
      return ended;
    }
    if (principal.kind !== "page" || !this.#pages.has(principal.idHash)) return 0;
    this.#endPage(principal.idHash);
    return 1;
  }

  /**
   * Replaces the token (it was rotated). Every page sign-in and every socket opened with the old
   * token ends. Returns false when the token did not change.
   */
  setToken(token: string): boolean {
    if (this.#token === null || tokensEqual(token, this.#token)) return false;
    this.#token = token;
    this.#tokenHash = sha256(token);
    this.#pages.clear();
    this.#store.removeAll();
    this.#closeSockets(() => true, "The token changed: sign in with the new one");
    return true;
  }

  /** Remembers an open socket so that the end of its principal's access closes it. */
  track(principal: Principal, socket: Closable): () => void {
    this.#sockets.set(socket, principal);
    return () => this.#sockets.delete(socket);
  }

  #endPage(idHash: string): void {
    this.#pages.delete(idHash);
    this.#store.remove(idHash);
    this.#closeSockets((p) => p.kind === "page" && p.idHash === idHash, "Signed out");
  }

  #closeSockets(which: (principal: Principal) => boolean, reason: string): void {
    for (const [socket, principal] of [...this.#sockets]) {
      if (!which(principal)) continue;
      this.#sockets.delete(socket);
      try {
        socket.close(SIGNED_OUT_CLOSE_CODE, reason);
      } catch {
        // Already closing.
      }
    }
  }
}
