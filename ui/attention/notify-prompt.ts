/**
 * Owns `<notify-prompt>`: a one-time offer, shown the first time a session waits while this
 * browser has not been asked, to turn browser notifications on. The permission request runs on
 * the user's click (browsers block prompts that come unasked); "Not now" is remembered here.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { bellIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import { loadNotifyPrefs, saveNotifyPrefs } from "./notify_prefs.ts";
import { type NotificationState, notificationState } from "./waiting_alerts.ts";

const DISMISSED_KEY = "maestro.notify.prompted";

function loadDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === "1";
  } catch {
    return false;
  }
}

/** Properties in: `waiting` (how many sessions wait, not muted). */
export class NotifyPrompt extends LightElement {
  static override properties = {
    waiting: { attribute: false },
    dismissed: { state: true },
  };

  declare waiting: number;
  declare dismissed: boolean;

  constructor() {
    super();
    this.waiting = 0;
    this.dismissed = loadDismissed();
  }

  override render(): TemplateResult | typeof nothing {
    // Read at each render: answered in Settings or another tab since, the browser's answer wins.
    if (notificationState() !== "default" || this.dismissed || this.waiting === 0) return nothing;
    return html`
      <section class="notify-prompt" role="region" aria-label="Notifications offer">
        <p>
          ${bellIcon}
          <span>A session needs you. Get a browser notification next time?</span>
        </p>
        <div class="notify-prompt-actions">
          <button class="btn primary" type="button" @click=${() => this.#enable()}>
            Notify me
          </button>
          <button class="btn ghost" type="button" @click=${() => this.#dismiss()}>Not now</button>
        </div>
      </section>
    `;
  }

  async #enable(): Promise<void> {
    let answer: NotificationState;
    try {
      answer = await Notification.requestPermission();
    } catch {
      answer = notificationState();
    }
    if (answer === "granted") {
      saveNotifyPrefs(localStorage, { ...loadNotifyPrefs(localStorage), notify: true });
    }
    this.#dismiss();
  }

  #dismiss(): void {
    this.dismissed = true;
    try {
      localStorage.setItem(DISMISSED_KEY, "1");
    } catch {
      // Not stored: the offer comes back after a reload, no harm.
    }
  }
}

customElements.define("notify-prompt", NotifyPrompt);

declare global {
  interface HTMLElementTagNameMap {
    "notify-prompt": NotifyPrompt;
  }
}
