/**
 * Owns the page's first load over a throttled link: headless Chromium with Chromium's own network
 * emulation (latency and bandwidth per profile, cache disabled, a fresh browser context each
 * round, so nothing is cached and the sign-in is the first one), from navigating to the sign-in
 * link until the dashboard is interactive — the session tree lists the server's sessions and
 * "New session" can be clicked — with the bytes on the wire (compressed) and what they unpack to.
 *
 *   deno run -A bench/first_load.ts [--rounds 3] [--sessions 20]
 */

import { parseArgs } from "node:util";
import { Dashboard } from "../tests/e2e/harness.ts";
import { log, print } from "./output.ts";
import { median } from "./stats.ts";

/** Chromium DevTools' presets (throughput in bytes per second, latency added per request, ms). */
const PROFILES = [
  { name: "no throttling (loopback)", latency: 0, down: -1, up: -1 },
  { name: "Fast 4G (9 Mbit/s, 60 ms)", latency: 60, down: 9e6 / 8, up: 1.5e6 / 8 },
  { name: "Slow 4G (1.6 Mbit/s, 150 ms)", latency: 150, down: 1.6e6 / 8, up: 0.75e6 / 8 },
  { name: "3G (0.4 Mbit/s, 400 ms)", latency: 400, down: 0.4e6 / 8, up: 0.4e6 / 8 },
] as const;

interface Load {
  ms: number;
  wireBytes: number;
  bodyBytes: number;
  requests: number;
}

async function firstLoad(
  dashboard: Dashboard,
  profile: typeof PROFILES[number],
  lastSession: string,
): Promise<Load> {
  const browser = dashboard.browser;
  if (browser === null) throw new Error("The dashboard has no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.down,
      uploadThroughput: profile.up,
    });
    let wireBytes = 0;
    let requests = 0;
    cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
      wireBytes += event.encodedDataLength;
      requests++;
    });
    const started = performance.now();
    await page.goto(`${dashboard.origin}/?token=${dashboard.token}`, { timeout: 120_000 });
    await page.getByRole("button", { name: "New session" }).first().waitFor({ timeout: 120_000 });
    await page.locator(`[role="treeitem"][data-name="${lastSession}"]`).waitFor({
      timeout: 120_000,
    });
    const ms = performance.now() - started;
    const bodyBytes = await page.evaluate(() =>
      performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation"))
        .reduce(
          (sum, entry) => sum + ((entry as PerformanceResourceTiming).decodedBodySize ?? 0),
          0,
        )
    );
    return { ms, wireBytes, bodyBytes, requests };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      rounds: { type: "string", default: "3" },
      sessions: { type: "string", default: "20" },
    },
  });
  const rounds = Number(values.rounds);
  const sessions = Number(values.sessions);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(sessions) || sessions < 1) {
    throw new Error("Give --rounds and --sessions as positive whole numbers");
  }
  await using dashboard = await Dashboard.start({ signIn: false });
  const names = Array.from(
    { length: sessions },
    (_, i) => `load-${String(i + 1).padStart(2, "0")}`,
  );
  for (const name of names) await dashboard.createSession(name);
  const last = names.at(-1) as string;
  const rows: string[] = [];
  for (const profile of PROFILES) {
    const loads: Load[] = [];
    for (let round = 0; round < rounds; round++) {
      const load = await firstLoad(dashboard, profile, last);
      log(`${profile.name} round ${round + 1}: ${load.ms.toFixed(0)} ms, ${load.wireBytes} B`);
      loads.push(load);
    }
    const ms = median(loads.map((l) => l.ms));
    const wire = median(loads.map((l) => l.wireBytes)) / 1000;
    const body = median(loads.map((l) => l.bodyBytes)) / 1000;
    const requests = median(loads.map((l) => l.requests));
    rows.push(
      `| ${profile.name} | ${ms.toFixed(0)} ms | ${wire.toFixed(0)} kB | ${body.toFixed(0)} kB | ` +
        `${requests} |`,
    );
  }
  const load = Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
  print(
    `\`deno run -A bench/first_load.ts --rounds ${rounds} --sessions ${sessions}\` (headless ` +
      `Chromium, cold cache, first sign-in, median of ${rounds}; load average ${load} at the end):\n`,
  );
  print(
    "| Link | sign-in link → dashboard interactive | on the wire | unpacked | requests |",
  );
  print("| --- | --- | --- | --- | --- |");
  for (const row of rows) print(row);
}

if (import.meta.main) await main();
