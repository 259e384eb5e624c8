/**
 * Owns the page's side of the service worker: registering /sw.js (which makes the page an
 * installable app and gives it notifications with actions), and hearing from it when a
 * notification's body was clicked, so the page opens that session.
 */
/// <reference lib="dom" />

import type { SessionRef } from "../shared/types.ts";

export class ServiceWorkerLink {
  #registration: ServiceWorkerRegistration | null = null;
  readonly #onOpen: (ref: SessionRef) => void;

  constructor(onOpen: (ref: SessionRef) => void) {
    this.#onOpen = onOpen;
  }

  /** The active registration, or null (no service workers here, not yet, or it failed). */
  get registration(): ServiceWorkerRegistration | null {
    return this.#registration;
  }

  /** Register the worker; a browser without them (or an insecure address) goes without. */
  async start(): Promise<void> {
    const container = globalThis.navigator?.serviceWorker;
    if (!container || !globalThis.isSecureContext) return;
    container.addEventListener("message", this.#message);
    try {
      await container.register("/sw.js", { scope: "/" });
      this.#registration = await container.ready;
    } catch {
      // Notifications fall back to the page's own; nothing else depends on the worker.
    }
  }

  stop(): void {
    globalThis.navigator?.serviceWorker?.removeEventListener("message", this.#message);
  }

  #message = (event: MessageEvent): void => {
    const data = event.data;
    if (data?.type === "open" && typeof data.host === "string" && typeof data.name === "string") {
      globalThis.focus();
      this.#onOpen({ host: data.host, name: data.name });
    }
  };
}
