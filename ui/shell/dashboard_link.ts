/**
 * Owns being signed in and live: the sign-in state (trading the printed URL's token for this
 * page's own credential), the server's health, and the live session list — sessions, hosts and
 * muted sessions — from `/api/events`. The state several parts of the page share lives here, not
 * in the app element: it is a Lit controller, so its host re-renders on every change.
 */
/// <reference lib="dom" />

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { EventsConnection, type EventsState } from "../sessions/events_connection.ts";
import { type ApiClient, ApiError } from "../shared/api_client.ts";
import { socketUrl } from "../shared/socket.ts";
import type { Health, Host, Session, SessionList, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";
import { splitLandingToken } from "./route.ts";

export type AuthState = "checking" | "login" | "ready" | "unreachable";

/** What the page does when the link's state moves. */
export interface LinkHooks {
  /** Signed in and the live list is starting (restore the address's view). */
  onReady?: () => void;
  /** A new session list arrived (after the link's own state took it). */
  onList?: (list: SessionList) => void;
  /** The muted sessions changed. */
  onMuted?: (muted: ReadonlySet<string>) => void;
  /** The page is signed out (the credential ended): drop what was open. */
  onSignedOut?: () => void;
}

/** How long to wait before asking an unreachable server again. */
const RETRY_MS = 3000;

export class DashboardLink implements ReactiveController {
  auth: AuthState = "checking";
  health: Health | null = null;
  unreachableMessage = "";
  /** Why the sign-in screen shows, when the page knows (the address's token was refused). */
  loginNotice = "";
  sessions: Session[] = [];
  hosts: Host[] = [];
  /** Keys of the sessions muted on the server (no notification, not in the title's count). */
  muted: ReadonlySet<string> = new Set();
  eventsState: EventsState = "connecting";
  /** Whether a session list has arrived (until then a session missing from it may still exist). */
  listed = false;
  /** When the live list next tries to reconnect (ms since the epoch); 0 when not waiting. */
  retryAt = 0;

  readonly #host: ReactiveControllerHost;
  readonly #api: ApiClient;
  readonly #hooks: LinkHooks;
  #events: EventsConnection | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #checkingAuth = false;

  constructor(host: ReactiveControllerHost, api: ApiClient, hooks: LinkHooks = {}) {
    this.#host = host;
    this.#api = api;
    this.#hooks = hooks;
    host.addController(this);
  }

  hostConnected(): void {
    this.start();
  }

  hostDisconnected(): void {
    clearTimeout(this.#retry);
    this.#closeEvents();
  }

  /** Sign in with the address's token if it has one, check the server, then go live. */
  async start(): Promise<void> {
    clearTimeout(this.#retry);
    const landing = splitLandingToken(location.search);
    if (landing !== null) {
      // Out of the address bar and the history at once; then traded for this page's credential.
      history.replaceState(
        history.state,
        "",
        `${location.pathname}${landing.search}${location.hash}`,
      );
      await this.#api.login(landing.token).then(
        () => this.#set({ loginNotice: "" }),
        (error) => {
          if (error instanceof ApiError && error.status < 500) {
            this.#set({
              loginNotice: `The sign-in link's token was rejected: ${error.message}`,
            });
          }
        },
      );
    }
    try {
      this.health = await this.#api.health();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#api.forgetCredential();
        this.#set({ auth: "login" });
      } else {
        this.#set({ auth: "unreachable", unreachableMessage: (error as Error).message });
        this.#retry = setTimeout(() => this.start(), RETRY_MS);
      }
      return;
    }
    this.#set({ auth: "ready" });
    this.#hooks.onReady?.();
    this.#closeEvents();
    this.#events = new EventsConnection({
      url: socketUrl("/api/events", location),
      onSessions: (list) => this.#applyList(list),
      onMuted: (muted) => this.setMuted(new Set(muted.map(sessionKey))),
      onRetry: (delayMs) => this.#set({ retryAt: Date.now() + delayMs }),
      onState: (state) => {
        this.#set({ eventsState: state, retryAt: state === "live" ? 0 : this.retryAt });
        if (state === "reconnecting") this.#checkAuth();
      },
    });
    this.#events.connect();
    // The socket delivers the list too; fetching it at once makes the first paint quicker.
    this.#api.sessions().then((list) => {
      if (this.sessions.length === 0) this.#applyList(list);
    }).catch(() => {});
  }

  /** Reconnect the live list now instead of waiting out the back-off. */
  retryNow(): void {
    this.#events?.reconnectNow();
  }

  /** This page signed out (Settings): back to the sign-in screen. */
  signedOut(): void {
    this.#closeEvents();
    this.#set({ auth: "login" });
    this.#hooks.onSignedOut?.();
  }

  setMuted(muted: ReadonlySet<string>): void {
    this.#set({ muted });
    this.#hooks.onMuted?.(muted);
  }

  /** One session muted or unmuted from this page (the server's list follows). */
  mutedOne(ref: SessionRef, muted: boolean): void {
    const next = new Set(this.muted);
    if (muted) next.add(sessionKey(ref));
    else next.delete(sessionKey(ref));
    this.setMuted(next);
  }

  /** A session this page created: listed at once, before the live list says so. */
  created(session: Session): void {
    const same = (s: Session) => s.host === session.host && s.name === session.name;
    if (!this.sessions.some(same)) this.#set({ sessions: [...this.sessions, session] });
  }

  /** A session this page killed: gone at once. */
  killed(ref: SessionRef): void {
    this.#set({
      sessions: this.sessions.filter((s) => !(s.host === ref.host && s.name === ref.name)),
    });
  }

  /** The events socket dropped: if the credential is no longer good, show the sign-in screen. */
  async #checkAuth(): Promise<void> {
    if (this.#checkingAuth) return;
    this.#checkingAuth = true;
    try {
      await this.#api.health();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#api.forgetCredential();
        this.signedOut();
      }
    } finally {
      this.#checkingAuth = false;
    }
  }

  #applyList(list: SessionList): void {
    this.#set({ sessions: list.sessions, hosts: list.hosts, listed: true });
    this.#hooks.onList?.(list);
  }

  #closeEvents(): void {
    this.#events?.close();
    this.#events = null;
  }

  #set(change: Partial<DashboardLink>): void {
    Object.assign(this, change);
    this.#host.requestUpdate();
  }
}
