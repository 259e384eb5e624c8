/**
 * Owns the rules for connections strangers may open (DESIGN §6): how many unauthenticated
 * connections each peer and everyone together may hold, and which deadline closes a connection.
 * Pure: no sockets, no timers, no clock — the listener asks and acts.
 */

/** Timeouts and caps for incoming connections; every field is overridable (tests use small ones). */
export interface ConnectionLimits {
  /** A new connection must deliver its first complete request head within this many ms. */
  readonly headerTimeoutMs: number;
  /** A request body must arrive completely within this many ms of its head. */
  readonly bodyTimeoutMs: number;
  /** An unauthenticated connection gets this long after a response for its next request. */
  readonly idleTimeoutMs: number;
  /** The same for a connection that has authenticated (a dashboard's or a CLI's keep-alive). */
  readonly authenticatedIdleTimeoutMs: number;
  /** An unauthenticated connection is closed this long after it was accepted, whatever it does. */
  readonly unauthenticatedLifetimeMs: number;
  /** Unauthenticated connections one peer (remote IP address) may hold at once. */
  readonly maxUnauthenticatedPerPeer: number;
  /** Unauthenticated connections all peers together may hold at once. */
  readonly maxUnauthenticated: number;
}

/** The limit names, in the order documentation lists them. */
export const CONNECTION_LIMIT_NAMES = [
  "headerTimeoutMs",
  "bodyTimeoutMs",
  "idleTimeoutMs",
  "authenticatedIdleTimeoutMs",
  "unauthenticatedLifetimeMs",
  "maxUnauthenticatedPerPeer",
  "maxUnauthenticated",
] as const satisfies readonly (keyof ConnectionLimits)[];

/** What a server uses unless told otherwise. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = Object.freeze({
  headerTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  authenticatedIdleTimeoutMs: 120_000,
  unauthenticatedLifetimeMs: 30_000,
  maxUnauthenticatedPerPeer: 64,
  maxUnauthenticated: 512,
});

/**
 * After a body misses its deadline, the 408 answering it (sent with `Connection: close`, so the
 * connection ends once it is out) gets this long before the connection is closed regardless.
 */
export const BODY_TIMEOUT_GRACE_MS = 1000;

/**
 * `limits` with the total cap lowered so unauthenticated connections can use at most half of the
 * process's open files (`softLimit`; null when it is unknown), leaving the rest to tmux clients,
 * the database and authenticated sockets.
 *
 * @example
 * ```ts
 * limitsForOpenFiles(DEFAULT_CONNECTION_LIMITS, 256).maxUnauthenticated; // 128
 * ```
 */
export function limitsForOpenFiles(
  limits: ConnectionLimits,
  softLimit: number | null,
): ConnectionLimits {
  if (softLimit === null || !Number.isFinite(softLimit)) return limits;
  const maxUnauthenticated = Math.max(1, Math.min(limits.maxUnauthenticated, softLimit / 2 | 0));
  return Object.freeze({ ...limits, maxUnauthenticated });
}

/**
 * Whether a new connection may stay; `reason` says which cap refused it. An admission may name a
 * connection to close to make room (`evict`): see {@linkcode ConnectionLedger.admit}.
 */
export type Admission =
  | { readonly admitted: true; readonly ticket: number; readonly evict?: number }
  | { readonly admitted: false; readonly reason: "peer" | "total"; readonly limit: number };

/**
 * Counts unauthenticated connections per peer and in total. Every accepted connection starts
 * unauthenticated; it stops counting once it authenticates or closes.
 *
 * When the total cap is full, a peer holding fewer than its fair share (an eighth of the smaller
 * cap) still gets in: the oldest connection of the peer holding the most makes room. So strangers
 * on other addresses who fill the total cannot lock out a person opening the page.
 *
 * @example
 * ```ts
 * const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 1, maxUnauthenticated: 8 });
 * const first = ledger.admit("10.0.0.2"); // { admitted: true, ticket: 1 }
 * ledger.admit("10.0.0.2"); // { admitted: false, reason: "peer", limit: 1 }
 * if (first.admitted) ledger.authenticate(first.ticket);
 * ledger.admit("10.0.0.2"); // admitted again
 * ```
 */
export class ConnectionLedger {
  readonly #perPeer: number;
  readonly #total: number;
  readonly #fairShare: number;
  /** Peer of every unauthenticated connection, by ticket. */
  readonly #unauthenticated = new Map<number, string>();
  /** Each peer's unauthenticated tickets, oldest first. */
  readonly #byPeer = new Map<string, Set<number>>();
  #nextTicket = 1;

  constructor(
    limits: Pick<ConnectionLimits, "maxUnauthenticatedPerPeer" | "maxUnauthenticated">,
  ) {
    this.#perPeer = limits.maxUnauthenticatedPerPeer;
    this.#total = limits.maxUnauthenticated;
    this.#fairShare = Math.max(1, Math.floor(Math.min(this.#perPeer, this.#total) / 8));
  }

  /**
   * Admit a new (unauthenticated) connection from `peer`, or say which cap it is over. When the
   * answer names `evict`, that connection no longer counts: the caller closes it.
   */
  admit(peer: string): Admission {
    const held = this.#byPeer.get(peer)?.size ?? 0;
    if (held >= this.#perPeer) {
      return { admitted: false, reason: "peer", limit: this.#perPeer };
    }
    let evict: number | undefined;
    if (this.#unauthenticated.size >= this.#total) {
      evict = held < this.#fairShare ? this.#victim() : undefined;
      if (evict === undefined) return { admitted: false, reason: "total", limit: this.#total };
      this.#forget(evict);
    }
    const ticket = this.#nextTicket++;
    this.#unauthenticated.set(ticket, peer);
    const tickets = this.#byPeer.get(peer) ?? new Set();
    tickets.add(ticket);
    this.#byPeer.set(peer, tickets);
    return evict === undefined ? { admitted: true, ticket } : { admitted: true, ticket, evict };
  }

  /** The connection passed the token check: it no longer counts. Repeats are harmless. */
  authenticate(ticket: number): void {
    this.#forget(ticket);
  }

  /** The connection closed. Repeats, and tickets already authenticated, are harmless. */
  release(ticket: number): void {
    this.#forget(ticket);
  }

  /** Unauthenticated connections held now, by everyone or by one peer. */
  unauthenticated(peer?: string): number {
    return peer === undefined ? this.#unauthenticated.size : this.#byPeer.get(peer)?.size ?? 0;
  }

  /** The oldest connection of the peer holding the most, if that is more than a fair share. */
  #victim(): number | undefined {
    let most: Set<number> | undefined;
    for (const tickets of this.#byPeer.values()) {
      if (most === undefined || tickets.size > most.size) most = tickets;
    }
    if (most === undefined || most.size <= this.#fairShare) return undefined;
    return most.values().next().value;
  }

  #forget(ticket: number): void {
    const peer = this.#unauthenticated.get(ticket);
    if (peer === undefined) return;
    this.#unauthenticated.delete(ticket);
    const tickets = this.#byPeer.get(peer);
    tickets?.delete(ticket);
    if (tickets?.size === 0) this.#byPeer.delete(peer);
  }
}

/** What the policy needs to know about one connection; times are ms on one monotonic clock. */
export interface ConnectionState {
  readonly acceptedAt: number;
  /** A request on it passed the token check. */
  readonly authenticated: boolean;
  /** It became a WebSocket (which has its own ping and idle timeout). */
  readonly upgraded: boolean;
  /** Requests whose response is not finished yet. */
  readonly inFlight: number;
  /** Requests whose head has arrived, finished or not. */
  readonly requests: number;
  /** When the last response finished (`acceptedAt` before any). */
  readonly idleSince: number;
  /** When a request body missed its deadline; null if none did. */
  readonly bodyTimedOutAt: number | null;
}

/** Why a connection is closed by the server. */
export type CloseReason = "header" | "idle" | "lifetime" | "body";

/** When to close a connection, and why. */
export interface Deadline {
  readonly at: number;
  readonly reason: CloseReason;
}

/**
 * The earliest deadline that applies to a connection now, or null if none does (a WebSocket, or
 * an authenticated connection busy with a request). Recompute after every change of state.
 *
 * @example
 * ```ts
 * const fresh = { acceptedAt: 0, authenticated: false, upgraded: false, inFlight: 0,
 *   requests: 0, idleSince: 0, bodyTimedOutAt: null };
 * connectionDeadline(fresh, DEFAULT_CONNECTION_LIMITS); // { at: 10000, reason: "header" }
 * ```
 */
export function connectionDeadline(
  state: ConnectionState,
  limits: ConnectionLimits,
): Deadline | null {
  if (state.upgraded) return null;
  const deadlines: Deadline[] = [];
  if (state.bodyTimedOutAt !== null) {
    deadlines.push({ at: state.bodyTimedOutAt + BODY_TIMEOUT_GRACE_MS, reason: "body" });
  }
  if (!state.authenticated) {
    deadlines.push({ at: state.acceptedAt + limits.unauthenticatedLifetimeMs, reason: "lifetime" });
  }
  if (state.inFlight === 0) {
    if (state.requests === 0) {
      deadlines.push({ at: state.acceptedAt + limits.headerTimeoutMs, reason: "header" });
    } else {
      const idle = state.authenticated ? limits.authenticatedIdleTimeoutMs : limits.idleTimeoutMs;
      deadlines.push({ at: state.idleSince + idle, reason: "idle" });
    }
  }
  let earliest: Deadline | null = null;
  for (const deadline of deadlines) {
    if (earliest === null || deadline.at < earliest.at) earliest = deadline;
  }
  return earliest;
}
