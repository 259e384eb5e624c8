/**
 * Owns `<notification-settings>`: the Notifications section of Settings. Asks the browser for
 * notification permission (only when the user clicks: browsers ignore or block prompts that
 * come unasked), and keeps this browser's choices: notifications on or off, the sound.
 */
/// <reference lib="dom" />

import { html, type TemplateResult } from "lit";
import { Chime } from "./chime.ts";
import { LightElement } from "../shared/light_element.ts";
import { loadNotifyPrefs, type NotifyPrefs, saveNotifyPrefs } from "./notify_prefs.ts";
import { type NotificationState, notificationState } from "./waiting_alerts.ts";

export class NotificationSettings extends LightElement {
  static override properties = {
    permission: { state: true },
    prefs: { state: true },
    notice: { state: true },
  };

  declare permission: NotificationState;
  declare prefs: NotifyPrefs;
  declare notice: string;
  #chime: Chime | null = null;
  #status: PermissionStatus | null = null;
  #disconnected = false;

  constructor() {
    super();
    this.permission = notificationState();
    this.prefs = loadNotifyPrefs(localStorage);
    this.notice = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#disconnected = false;
    this.permission = notificationState();
    this.#watchPermission();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#disconnected = true;
    if (this.#status !== null) this.#status.onchange = null;
    this.#status = null;
    this.#chime?.[Symbol.dispose]();
    this.#chime = null;
  }

  /** Follow changes made in the browser's own site settings while the page is open. */
  async #watchPermission(): Promise<void> {
    if (this.permission === "unsupported" || navigator.permissions === undefined) return;
    try {
      const status = await navigator.permissions.query({ name: "notifications" });
      if (this.#disconnected) return;
      this.#status = status;
      status.onchange = () => (this.permission = notificationState());
    } catch {
      // Permissions API without "notifications": the state is read again when Settings opens.
    }
  }

  override render(): TemplateResult {
    return html`
      <section class="settings-section notify-settings" aria-labelledby="notify-title">
        <h3 id="notify-title">Notifications</h3>
        <p class="hint">
          When an agent waits for your answer, the tab title counts it (<code>(2) Maestro</code>)
          and the tab's icon gets a dot. Mute a session with <strong>Mute</strong> in its top bar
          to leave it out everywhere. The choices below are kept in this browser.
        </p>
        ${this.#renderPermission()}
        <label class="check">
          <input
            type="checkbox"
            .checked=${this.prefs.sound}
            @change=${(e: Event) => this.#setSound((e.target as HTMLInputElement).checked)}
          >
          <span>Play a sound when a session starts waiting</span>
        </label>
        <div class="notify-actions">
          <button class="btn" type="button" @click=${() => this.#test()}>
            Test notification
          </button>
        </div>
        <p class="notice" role="status">${this.notice}</p>
      </section>
    `;
  }

  #renderPermission(): TemplateResult {
    switch (this.permission) {
      case "default":
        return html`
          <div class="notify-permission">
            <button class="btn primary" type="button" @click=${() => this.#ask()}>
              Enable browser notifications
            </button>
            <span class="hint">The browser asks you once.</span>
          </div>
        `;
      case "granted":
        return html`
          <label class="check">
            <input
              type="checkbox"
              .checked=${this.prefs.notify}
              @change=${(e: Event) => this.#setNotify((e.target as HTMLInputElement).checked)}
            >
            <span>Show a browser notification when a session starts waiting</span>
          </label>
        `;
      case "denied":
        return html`
          <p class="hint notify-blocked">
            This browser blocks notifications from this page. Allow them in the site's settings
            (the icon left of the address), then reload.
          </p>
        `;
      case "unsupported":
        return html`
          <p class="hint notify-blocked">
            This browser offers no notifications here: they need HTTPS or localhost. The tab
            title and the sound still tell you.
          </p>
        `;
    }
  }

  async #ask(): Promise<void> {
    try {
      this.permission = await Notification.requestPermission();
    } catch {
      this.permission = notificationState();
    }
    if (this.permission === "granted") {
      this.#setNotify(true);
      this.notice = "Notifications are on.";
    } else if (this.permission === "denied") {
      this.notice = "The browser will not show notifications from this page.";
    }
  }

  #save(prefs: NotifyPrefs): void {
    this.prefs = prefs;
    if (!saveNotifyPrefs(localStorage, prefs)) {
      this.notice = "This browser would not store the choice: it lasts until the page reloads.";
    }
  }

  #setNotify(notify: boolean): void {
    this.#save({ ...this.prefs, notify });
  }

  #setSound(sound: boolean): void {
    this.#save({ ...this.prefs, sound });
    // Playing it now, on the click, also lets the page make sound later.
    if (sound) this.#playChime();
  }

  #playChime(): void {
    this.#chime ??= new Chime();
    this.#chime.play();
  }

  #test(): void {
    const notify = this.permission === "granted" && this.prefs.notify;
    if (notify) {
      try {
        new Notification("Maestro notifications work", {
          body:
            "You get one like this when a session needs you: a permission, a question, a password.",
          tag: "maestro-test",
        });
      } catch {
        this.notice = "This browser refused to show the notification.";
        return;
      }
    }
    if (this.prefs.sound) this.#playChime();
    this.notice = notify && this.prefs.sound
      ? "Sent a notification and played the sound."
      : notify
      ? "Sent a notification."
      : this.prefs.sound
      ? "Played the sound; browser notifications are off."
      : "Browser notifications and the sound are both off: only the tab title will tell you.";
  }
}

customElements.define("notification-settings", NotificationSettings);

declare global {
  interface HTMLElementTagNameMap {
    "notification-settings": NotificationSettings;
  }
}
