/** Owns the "recently viewed" order that decides which hidden terminals stay alive. */

/** Most recent first, at most `limit` keys. */
export class RecentList {
  #keys: string[] = [];
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get keys(): readonly string[] {
    return this.#keys;
  }

  /** Move `key` to the front; returns the keys that fell off the end. */
  touch(key: string): string[] {
    this.#keys = [key, ...this.#keys.filter((k) => k !== key)];
    return this.#keys.splice(this.limit);
  }

  remove(key: string): void {
    this.#keys = this.#keys.filter((k) => k !== key);
  }

  rename(from: string, to: string): void {
    this.#keys = this.#keys.map((k) => (k === from ? to : k));
  }

  has(key: string): boolean {
    return this.#keys.includes(key);
  }
}
