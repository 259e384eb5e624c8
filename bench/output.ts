/** Owns how the page benchmarks write: results to stdout, progress to stderr (lint bans console). */

const encoder = new TextEncoder();

/** One line of results (markdown the docs take). */
export function print(line = ""): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

/** One line of progress, `[bench] …`, kept out of the results. */
export function log(message: string): void {
  Deno.stderr.writeSync(encoder.encode(`[bench] ${message}\n`));
}
