/**
 * The page's service worker (served as /sw.js, scope /): it makes the page installable and
 * handles clicks on the notifications the page shows through it — on Android Chrome the only
 * notifications there are. An action answers the session's prompt through the safe route (typed
 * only while that same prompt is on screen); a click on the body opens the session.
 */

import { answerOf, answerPath, type NotificationData, sessionUrl } from "./notification_actions.ts";

/** The few service worker shapes used here (the page's DOM types stay the only lib). */
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  navigate?(url: string): Promise<WindowClient | null>;
  postMessage(message: unknown): void;
}
interface ShownNotification {
  data: unknown;
  tag: string;
  close(): void;
}
interface NotificationClick extends Event {
  action: string;
  notification: ShownNotification;
  waitUntil(promise: Promise<unknown>): void;
}
interface ServiceWorkerScope {
  addEventListener(type: string, listener: (event: Event) => void): void;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  registration: {
    showNotification(title: string, options: Record<string, unknown>): Promise<void>;
  };
}

const worker = globalThis as unknown as ServiceWorkerScope;

/** Run `work` as the event's lifetime (a trusted event) or just run it (one a test dispatched). */
function keepAlive(event: Event, work: Promise<unknown>): void {
  try {
    (event as unknown as { waitUntil(p: Promise<unknown>): void }).waitUntil(work);
  } catch {
    // Not dispatched by the browser: the work runs all the same.
  }
}

worker.addEventListener("install", (event) => keepAlive(event, worker.skipWaiting()));
worker.addEventListener("activate", (event) => keepAlive(event, worker.clients.claim()));
// A fetch handler makes the page installable; the network answers everything (no offline copy
// of a live dashboard).
worker.addEventListener("fetch", () => {});

worker.addEventListener("notificationclick", (event) => {
  const click = event as NotificationClick;
  click.notification.close();
  const data = click.notification.data as NotificationData | null;
  if (data === null || typeof data !== "object") return;
  const option = answerOf(click.action);
  keepAlive(event, option === null ? openSession(data) : answer(data, option));
});

/** Focus an open page on the session, or open one. */
async function openSession(data: NotificationData): Promise<void> {
  const url = sessionUrl(data);
  const pages = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
  const page = pages[0];
  if (page === undefined) {
    await worker.clients.openWindow(url);
    return;
  }
  page.postMessage({ type: "open", host: data.host, name: data.name });
  // Browsers let a worker focus a window only during a real click.
  await page.focus().catch(() => {});
}

/** Answer through the API; say so in a notification when it was refused. */
async function answer(data: NotificationData, option: string): Promise<void> {
  let problem: string | null = null;
  if (data.promptId === null || data.credential === null) {
    problem = "This notification cannot answer: open the session.";
  } else {
    try {
      const response = await fetch(answerPath(data), {
        method: "POST",
        credentials: "omit",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${data.credential}`,
        },
        body: JSON.stringify({ promptId: data.promptId, option }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        problem = body?.error?.message ?? `Maestro answered HTTP ${response.status}`;
      }
    } catch (error) {
      problem = `Cannot reach Maestro: ${(error as Error).message}`;
    }
  }
  if (problem === null) return;
  await worker.registration.showNotification(`${data.name}: not answered`, {
    body: problem,
    tag: `maestro-answer:${data.host}/${data.name}`,
    data: { ...data, promptId: null },
  });
}
