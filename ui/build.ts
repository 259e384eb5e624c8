/**
 * Owns building the page into ui/dist: app.js (deno bundle, minified), index.html, app.css and
 * xterm.js's stylesheet from the npm package. Prints nothing unless something fails.
 *
 * Run with `deno task bundle`.
 */

// A text import makes Deno fetch the package into its cache like any dependency, so this works
// offline once the cache is filled and needs no path into the cache's layout.
import xtermCss from "@xterm/xterm/css/xterm.css" with { type: "text" };

const ui = new URL("./", import.meta.url);
const dist = new URL("dist/", ui);

async function bundle(): Promise<void> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--output",
      new URL("app.js", dist).pathname,
      new URL("main.ts", ui).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const decoder = new TextDecoder();
    throw new Error(
      `deno bundle failed:\n${decoder.decode(output.stderr)}${decoder.decode(output.stdout)}`,
    );
  }
}

async function main(): Promise<void> {
  await Deno.mkdir(dist, { recursive: true });
  await Promise.all([
    bundle(),
    Deno.copyFile(new URL("index.html", ui), new URL("index.html", dist)),
    Deno.copyFile(new URL("app.css", ui), new URL("app.css", dist)),
    Deno.writeTextFile(new URL("xterm.css", dist), xtermCss),
  ]);
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
