/**
 * Owns the page's sign-in credential. It lives in this origin's own storage, which no page on
 * another port can read (cookies, by contrast, go to every port of a host), and travels as an
 * `Authorization: Bearer` header on fetches and as a subprotocol on WebSockets, which cannot
 * carry headers.
 */

/** Where the credential is kept in the page's storage. */
export const CREDENTIAL_KEY = "maestro.credential";

/** The subprotocol the server picks, and the prefix of the one that carries the credential. */
export const WS_PROTOCOL = "maestro";
export const WS_AUTH_PREFIX = "maestro-auth.";

/** The part of `Storage` used here (tests pass a Map-backed one). */
export type CredentialStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * The credential `POST /api/login` issued to this browser, or none.
 *
 * @example
 * ```ts
 * const credential = new PageCredential(localStorage);
 * credential.set("…");
 * new WebSocket(url, credential.protocols());
 * ```
 */
export class PageCredential {
  readonly #storage: () => CredentialStorage | null;

  constructor(storage: () => CredentialStorage | null) {
    this.#storage = storage;
  }

  get(): string | null {
    try {
      return this.#storage()?.getItem(CREDENTIAL_KEY) ?? null;
    } catch {
      return null; // storage disabled: the page signs in each time it loads
    }
  }

  set(credential: string | null): void {
    try {
      if (credential === null) this.#storage()?.removeItem(CREDENTIAL_KEY);
      else this.#storage()?.setItem(CREDENTIAL_KEY, credential);
    } catch {
      // Storage disabled or full: the credential lasts as long as the page.
    }
  }

  /** The subprotocols a WebSocket offers: the protocol's name, then the credential. */
  protocols(): string[] {
    const credential = this.get();
    return credential === null ? [] : [WS_PROTOCOL, `${WS_AUTH_PREFIX}${credential}`];
  }
}

/** This page's credential, in its origin's local storage (shared by its tabs). */
export const pageCredential: PageCredential = new PageCredential(() =>
  typeof localStorage === "undefined" ? null : localStorage
);
