/**
 * Owns building the page into ui/dist: app.js (deno bundle, minified), the service worker sw.js,
 * index.html, the web app manifest and its icons, app.css (each part's stylesheet, in cascade
 * order) and xterm.js's stylesheet from the npm package, then a brotli copy of each text file.
 * Prints nothing unless something fails.
 *
 * Run with `deno task bundle`.
 */

// A text import makes Deno fetch the package into its cache like any dependency, so this works
// offline once the cache is filled and needs no path into the cache's layout.
import xtermCss from "@xterm/xterm/css/xterm.css" with { type: "text" };
import { brotliCompressSync, constants as zlib } from "node:zlib";

const ui = new URL("./", import.meta.url);
const dist = new URL("dist/", ui);

/**
 * Every part's stylesheet, in the order they cascade: the design tokens and shared controls
 * first, then the parts as they appear on the page. ui/build_test.ts checks that every .css under
 * ui/ is listed.
 */
export const STYLESHEETS: readonly string[] = [
  "shared/base.css",
  "shell/layout.css",
  "sessions/tree.css",
  "sessions/restorable.css",
  "sessions/status_dot.css",
  "terminal/terminal.css",
  "overview/overview.css",
  "settings/settings.css",
  "sessions/notes.css",
  "broadcast/broadcast.css",
  "sessions/quick_switcher.css",
  "shell/login.css",
  "attention/attention.css",
  "search/search.css",
  "inbox/inbox.css",
];

/** The page's one stylesheet: every part's, concatenated in {@linkcode STYLESHEETS} order. */
export async function appStylesheet(): Promise<string> {
  const parts = await Promise.all(
    STYLESHEETS.map(async (name) => `/* ${name} */\n${await Deno.readTextFile(new URL(name, ui))}`),
  );
  return parts.join("\n");
}

/** The files copied into ui/dist as they are: the page, the web app manifest and its icons. */
const COPIED: readonly [string, string][] = [
  ["index.html", "index.html"],
  ["pwa/manifest.webmanifest", "manifest.webmanifest"],
  ["pwa/icon.svg", "icon.svg"],
  ["pwa/icon-maskable.svg", "icon-maskable.svg"],
];

async function bundle(entry: string, output: string): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--output",
      new URL(output, dist).pathname,
      new URL(entry, ui).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const decoder = new TextDecoder();
    throw new Error(
      `deno bundle ${entry} failed:\n${decoder.decode(result.stderr)}${
        decoder.decode(result.stdout)
      }`,
    );
  }
}

/** Text files the server sends compressed; brotli copies are written for those over 1 kB. */
const PRECOMPRESSED = /\.(js|css|html|svg|webmanifest)$/;

/**
 * Beside each text file of ui/dist over 1 kB, its brotli copy at the best quality (`app.js.br`):
 * about two seconds for app.js, once per build, and a quarter fewer bytes than the gzip the
 * server makes on the fly (server/static_assets.ts sends it to browsers that take `br`).
 */
async function precompress(): Promise<void> {
  for await (const entry of Deno.readDir(dist)) {
    if (entry.name.endsWith(".br")) await Deno.remove(new URL(entry.name, dist));
  }
  for await (const entry of Deno.readDir(dist)) {
    if (!entry.isFile || !PRECOMPRESSED.test(entry.name)) continue;
    const bytes = await Deno.readFile(new URL(entry.name, dist));
    if (bytes.length <= 1024) continue;
    const compressed = brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    await Deno.writeFile(new URL(`${entry.name}.br`, dist), compressed);
  }
}

async function main(): Promise<void> {
  await Deno.mkdir(dist, { recursive: true });
  await Promise.all([
    bundle("main.ts", "app.js"),
    // The service worker lives at the root, so its scope is the whole page.
    bundle("pwa/service_worker.ts", "sw.js"),
    ...COPIED.map(([from, to]) => Deno.copyFile(new URL(from, ui), new URL(to, dist))),
    appStylesheet().then((css) => Deno.writeTextFile(new URL("app.css", dist), css)),
    Deno.writeTextFile(new URL("xterm.css", dist), xtermCss),
  ]);
  await precompress();
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    Deno.stderr.writeSync(
      new TextEncoder().encode(`${error instanceof Error ? error.message : error}\n`),
    );
    Deno.exit(1);
  }
}
