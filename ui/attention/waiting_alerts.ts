/**
 * Owns calling the user when a session starts waiting for input: a browser notification (when
 * the browser allows it and the user wants it) and the chime; and closing a notification again
 * once its session stops waiting or is muted. Decisions come from waiting_watch.ts. With a
 * service worker (ui/pwa/), notifications go through it, with an action per answer the browser
 * can show; without one, through the page.
 */
/// <reference lib="dom" />

import { Chime } from "./chime.ts";
import { notificationActions } from "../pwa/notification_actions.ts";
import { loadNotifyPrefs, type NotifyPrefs } from "./notify_prefs.ts";
import type { Host, Session, SessionRef } from "../shared/types.ts";
import {
  badgedFavicon,
  isMuted,
  type MutedKeys,
  notificationText,
  sessionsToAlert,
  WaitingWatch,
  watchKey,
} from "./waiting_watch.ts";

/** The browser's answer for this page, or "unsupported" (no API, or not a secure context). */
export type NotificationState = NotificationPermission | "unsupported";

export function notificationState(): NotificationState {
  if (typeof Notification === "undefined" || !globalThis.isSecureContext) return "unsupported";
  return Notification.permission;
}

export interface WaitingAlertsOptions {
  /** A notification was clicked: show that session. */
  onOpen: (ref: SessionRef) => void;
  /** The preferences in force (read at each alert, so Settings changes apply at once). */
  prefs?: () => NotifyPrefs;
  /** The service worker's registration, when there is one: notifications with actions. */
  registration?: () => ServiceWorkerRegistration | null;
  /** The page's credential, for the service worker to answer with. */
  credential?: () => string | null;
}

/** A notification shown, however it was shown. */
interface Shown {
  close(): void;
}

/** What the page knows besides the sessions. */
export interface PageState {
  hosts: readonly Host[];
  muted: MutedKeys;
  selected: SessionRef | null;
}

export class WaitingAlerts implements Disposable {
  readonly #options: WaitingAlertsOptions;
  readonly #watch = new WaitingWatch();
  readonly #chime = new Chime();
  /** Open notifications by session ({@linkcode watchKey}). */
  readonly #shown = new Map<string, Shown>();
  #sessions: readonly Session[] = [];
  /** Whether a session list has come yet (before it, nothing is known to be stale). */
  #listed = false;
  /** The waiting sessions the last stale check was for. */
  #staleCheckedFor: string | null = null;

  constructor(options: WaitingAlertsOptions) {
    this.#options = options;
  }

  /**
   * Take the latest session list: alert for the sessions that started waiting, close
   * notifications that no longer apply.
   */
  update(sessions: readonly Session[], page: PageState): void {
    this.#sessions = sessions;
    this.#listed = true;
    const entered = this.#watch.update(sessions);
    this.refresh(page);
    const targets = sessionsToAlert(entered, {
      muted: page.muted,
      selected: page.selected,
      pageVisible: document.visibilityState === "visible",
    });
    if (targets.length === 0) return;
    const prefs = (this.#options.prefs ?? (() => loadNotifyPrefs(localStorage)))();
    if (prefs.sound) this.#chime.play();
    if (!prefs.notify || notificationState() !== "granted") return;
    for (const session of targets) {
      const host = page.hosts.find((h) => h.id === session.host);
      this.#notify(session, host?.name ?? null);
    }
  }

  /** The page changed (a mute): close the notifications of sessions that no longer qualify. */
  refresh(page: PageState): void {
    this.#closeStale(page);
    for (const [key, notification] of this.#shown) {
      const session = this.#sessions.find((s) => watchKey(s) === key);
      if (session === undefined || session.status !== "needs-you" || isMuted(session, page.muted)) {
        this.#shown.delete(key);
        notification.close();
      }
    }
  }

  #notify(session: Session, hostName: string | null): void {
    const registration = this.#options.registration?.() ?? null;
    if (registration !== null) {
      this.#notifyThrough(registration, session, hostName);
      return;
    }
    const text = notificationText(session, hostName);
    let notification: Notification;
    try {
      notification = new Notification(text.title, { body: text.body, tag: text.tag });
    } catch {
      // Android's Chrome allows notifications only through a service worker.
      return;
    }
    const key = watchKey(session);
    this.#shown.get(key)?.close();
    this.#shown.set(key, notification);
    notification.onclick = (event) => {
      event.preventDefault();
      // The session may have been renamed since: find it by its tmux id.
      const now = this.#sessions.find((s) => watchKey(s) === key) ?? session;
      globalThis.focus();
      this.#options.onOpen({ host: now.host, name: now.name });
      notification.close();
    };
    notification.onclose = () => {
      if (this.#shown.get(key) === notification) this.#shown.delete(key);
    };
  }

  /**
   * Through the service worker: an action per answer (none for a password), the data it needs to
   * answer or open the session; its clicks come back as messages (ui/pwa/service_worker_link.ts).
   */
  #notifyThrough(
    registration: ServiceWorkerRegistration,
    session: Session,
    hostName: string | null,
  ): void {
    const text = notificationText(session, hostName);
    const max = (globalThis.Notification as unknown as { maxActions?: number })?.maxActions ?? 0;
    const actions = notificationActions(session.prompt, max);
    const key = watchKey(session);
    const options = {
      body: text.body,
      tag: text.tag,
      actions,
      data: {
        host: session.host,
        name: session.name,
        promptId: actions.length > 0 ? session.prompt?.id ?? null : null,
        credential: actions.length > 0 ? this.#options.credential?.() ?? null : null,
      },
    } as NotificationOptions;
    registration.showNotification(text.title, options).catch(() => {});
    const shown: Shown = {
      close: () => {
        registration.getNotifications({ tag: text.tag }).then((list) => {
          for (const notification of list) notification.close();
        }).catch(() => {});
      },
    };
    this.#shown.set(key, shown);
  }

  /**
   * The service worker's notifications outlive the page that showed them (a reload, a closed
   * tab): close those whose session no longer needs you, whichever page showed them.
   */
  #closeStale(page: PageState): void {
    const registration = this.#options.registration?.() ?? null;
    if (registration === null || !this.#listed) return;
    const waiting = new Set(
      this.#sessions.filter((s) => s.status === "needs-you" && !isMuted(s, page.muted))
        .map((s) => notificationText(s, null).tag),
    );
    // Only when who needs you changed: the list comes every poll.
    const key = [...waiting].sort().join("\n");
    if (key === this.#staleCheckedFor) return;
    this.#staleCheckedFor = key;
    registration.getNotifications().then((list) => {
      for (const notification of list) {
        if (notification.tag.startsWith("maestro-waiting:") && !waiting.has(notification.tag)) {
          notification.close();
        }
      }
    }).catch(() => {});
  }

  [Symbol.dispose](): void {
    for (const notification of this.#shown.values()) notification.close();
    this.#shown.clear();
    this.#chime[Symbol.dispose]();
  }
}

/** Put a dot on the tab's icon while sessions wait (the page's inline SVG icon), or take it off. */
export function setFaviconBadge(on: boolean): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link === null) return;
  link.dataset.plain ??= link.href;
  const href = on ? badgedFavicon(link.dataset.plain) : link.dataset.plain;
  if (link.href !== href) link.href = href;
  if (on) link.dataset.badge = "waiting";
  else delete link.dataset.badge;
}
