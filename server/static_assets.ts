/** Owns serving the bundled page (ui/dist), read relative to this module, never the cwd. */

import type { Context } from "hono";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  json: "application/json",
  webmanifest: "application/manifest+json",
  map: "application/json",
};

/** Where `deno task bundle` writes the page; `deno compile --include ui/dist` embeds it. */
const DIST = new URL("../ui/dist/", import.meta.url);

/**
 * Serves files from ui/dist by exact name (no directory traversal: only names listed at start),
 * cached in memory after the first read.
 */
export class StaticAssets {
  readonly #names: Set<string>;
  readonly #cache = new Map<string, Uint8Array>();

  private constructor(names: Set<string>) {
    this.#names = names;
  }

  static async load(): Promise<StaticAssets> {
    const names = new Set<string>();
    try {
      for await (const entry of Deno.readDir(DIST)) if (entry.isFile) names.add(entry.name);
    } catch {
      // Not built: the page says so.
    }
    return new StaticAssets(names);
  }

  get built(): boolean {
    return this.#names.has("index.html");
  }

  /** Respond with the named asset, or null when there is none. */
  async serve(c: Context, name: string): Promise<Response | null> {
    if (!this.#names.has(name)) return null;
    let body = this.#cache.get(name);
    if (!body) {
      body = await Deno.readFile(new URL(name, DIST));
      this.#cache.set(name, body);
    }
    const ext = name.slice(name.lastIndexOf(".") + 1);
    c.header("content-type", TYPES[ext] ?? "application/octet-stream");
    // The page and its service worker are checked on every load, so an upgrade shows at once.
    const fresh = name === "index.html" || name === "sw.js";
    c.header("cache-control", fresh ? "no-cache" : "public, max-age=300");
    c.header("x-content-type-options", "nosniff");
    return c.body(body as Uint8Array<ArrayBuffer>);
  }
}
