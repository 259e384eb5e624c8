/** Owns small named settings stored as JSON values. */

import type { Database } from "./database.ts";

/** A stored setting is not valid JSON (edited by hand or corrupted). */
export class SettingCorruptError extends Error {
  constructor(readonly key: string, detail: string) {
    super(`Cannot read setting "${key}": the stored value is not valid JSON: ${detail}`);
    this.name = "SettingCorruptError";
  }
}

/**
 * Settings keyed by name, each any JSON value.
 *
 * @example
 * ```ts
 * const settings = new SettingsStore(db);
 * settings.set("ui.theme", "dark");
 * settings.get("ui.theme"); // "dark"
 * ```
 */
export class SettingsStore {
  #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The value stored under `key`, or undefined when there is none. Callers narrow the type.
   *
   * @throws {SettingCorruptError} when the stored text is not JSON.
   */
  get(key: string): unknown {
    const row = this.#db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    if (row === undefined) return undefined;
    try {
      return JSON.parse(row.value);
    } catch (error) {
      throw new SettingCorruptError(key, error instanceof Error ? error.message : String(error));
    }
  }

  /** Stores `value` (anything `JSON.stringify` can write) under `key`, replacing what was there. */
  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new TypeError(`Cannot save setting "${key}": the value has no JSON form`);
    }
    this.#db.prepare(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(key, json);
  }

  /** Removes `key`; returns whether it was set. */
  delete(key: string): boolean {
    return Number(this.#db.prepare("DELETE FROM settings WHERE key = ?").run(key).changes) > 0;
  }
}
