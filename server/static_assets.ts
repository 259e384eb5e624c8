/**
 * Owns serving the bundled page (ui/dist), read relative to this module, never the cwd; text
 * files compressed for browsers that accept it: brotli where the build wrote a `.br` beside the
 * file (ui/build.ts; a quarter smaller than gzip for app.js), else gzip (once, then cached).
 */

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

/** Text assets worth compressing (images other than SVG are compressed already). */
const COMPRESSIBLE = new Set(["html", "js", "css", "svg", "json", "webmanifest", "map"]);

/** Whether an Accept-Encoding header allows `coding` (and does not refuse it with q=0). */
export function acceptsEncoding(header: string | undefined, coding: "gzip" | "br"): boolean {
  if (header === undefined) return false;
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name !== coding && name !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The suffix of the brotli copies the build writes (`app.js.br`); never served by that name. */
export const BROTLI_SUFFIX = ".br";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Where `deno task bundle` writes the page; `deno compile --include ui/dist` embeds it. */
const DIST = new URL("../ui/dist/", import.meta.url);

/**
 * Serves files from ui/dist by exact name (no directory traversal: only names listed at start),
 * cached in memory after the first read.
 */
export class StaticAssets {
  readonly #names: Set<string>;
  readonly #cache = new Map<string, Uint8Array>();
  readonly #gzipped = new Map<string, Uint8Array>();

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

  async #read(name: string): Promise<Uint8Array> {
    let body = this.#cache.get(name);
    if (!body) {
      body = await Deno.readFile(new URL(name, DIST));
      this.#cache.set(name, body);
    }
    return body;
  }

  /** Respond with the named asset, or null when there is none. */
  async serve(c: Context, name: string): Promise<Response | null> {
    if (!this.#names.has(name) || name.endsWith(BROTLI_SUFFIX)) return null;
    let body = await this.#read(name);
    const ext = name.slice(name.lastIndexOf(".") + 1);
    c.header("content-type", TYPES[ext] ?? "application/octet-stream");
    if (COMPRESSIBLE.has(ext)) {
      c.header("vary", "accept-encoding");
      const accepted = c.req.header("accept-encoding");
      if (this.#names.has(name + BROTLI_SUFFIX) && acceptsEncoding(accepted, "br")) {
        body = await this.#read(name + BROTLI_SUFFIX);
        c.header("content-encoding", "br");
      } else if (acceptsEncoding(accepted, "gzip")) {
        let gzipped = this.#gzipped.get(name);
        if (!gzipped) {
          gzipped = await gzip(body);
          this.#gzipped.set(name, gzipped);
        }
        body = gzipped;
        c.header("content-encoding", "gzip");
      }
    }
    // The page and its service worker are checked on every load, so an upgrade shows at once.
    const fresh = name === "index.html" || name === "sw.js";
    c.header("cache-control", fresh ? "no-cache" : "public, max-age=300");
    c.header("x-content-type-options", "nosniff");
    return c.body(body as Uint8Array<ArrayBuffer>);
  }
}
