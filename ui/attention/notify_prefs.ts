/**
 * Owns this browser's notification preferences: whether to show browser notifications (once the
 * browser allows them) and whether to play a sound. Kept in localStorage on purpose: they are
 * about this device (its speakers, its notification centre), not about the sessions, so a phone
 * can stay quiet while the desk machine chimes.
 */

/** The storage key. */
export const NOTIFY_PREFS_KEY = "maestro.notify";

export interface NotifyPrefs {
  /** Show a browser notification when a session starts waiting (needs the browser's permission). */
  notify: boolean;
  /** Play a short tone when a session starts waiting. */
  sound: boolean;
}

export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { notify: true, sound: false };

/** The part of `Storage` used here (tests pass a Map-backed one). */
export type PrefsStorage = Pick<Storage, "getItem" | "setItem">;

/** The stored preferences; defaults for anything missing, malformed, or unreadable. */
export function loadNotifyPrefs(storage: PrefsStorage): NotifyPrefs {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(NOTIFY_PREFS_KEY) ?? "null");
  } catch {
    stored = null;
  }
  const value = (typeof stored === "object" && stored !== null ? stored : {}) as Record<
    string,
    unknown
  >;
  return {
    notify: typeof value.notify === "boolean" ? value.notify : DEFAULT_NOTIFY_PREFS.notify,
    sound: typeof value.sound === "boolean" ? value.sound : DEFAULT_NOTIFY_PREFS.sound,
  };
}

/** Store the preferences; returns false when storage refused (private mode, full). */
export function saveNotifyPrefs(storage: PrefsStorage, prefs: NotifyPrefs): boolean {
  try {
    storage.setItem(NOTIFY_PREFS_KEY, JSON.stringify({ notify: prefs.notify, sound: prefs.sound }));
    return true;
  } catch {
    return false;
  }
}
