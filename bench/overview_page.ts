/**
 * Owns the overview's page-side benchmark: a real server, headless Chromium on `#/overview` with
 * many sessions (some printing all the time), and how busy the page's main thread is meanwhile —
 * the "stays smooth" half of the overview's cost (bench/overview.ts measures the server half).
 *
 *   deno run -A bench/overview_page.ts [--sessions 50] [--printing 10] [--seconds 20]
 */

import { parseArgs } from "node:util";
import type { CDPSession, Page } from "playwright-core";
import { Dashboard } from "../tests/e2e/harness.ts";
import { percentile } from "./stats.ts";
import { log } from "./output.ts";

const PRINTING =
  'i=0; while :; do i=$((i+1)); echo "step $i: compiling src/server/routes.ts ... ok"; sleep 0.1; done';

const encoder = new TextEncoder();

interface PageSample {
  frames: number[];
  longTasks: number;
  longTaskMs: number;
}

interface Measured {
  busy: Record<string, number>;
  frames: number[];
  longTasks: number;
  longTaskMs: number;
  elapsed: number;
}

/** Main-thread time (Chromium's own counters), frame intervals and long tasks over `seconds`. */
async function measure(page: Page, cdp: CDPSession, seconds: number): Promise<Measured> {
  const metrics = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics") as {
      metrics: { name: string; value: number }[];
    };
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  await page.evaluate(() => {
    const w = window as unknown as { __bench: PageSample & { stop?: boolean } };
    w.__bench = { frames: [], longTasks: 0, longTaskMs: 0 };
    const sample = w.__bench;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        sample.longTasks++;
        sample.longTaskMs += entry.duration;
      }
    });
    observer.observe({ type: "longtask" });
    let last = performance.now();
    const frame = (now: number) => {
      if (sample.stop) return observer.disconnect();
      sample.frames.push(now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const before = await metrics();
  const started = performance.now();
  await page.waitForTimeout(seconds * 1000);
  const after = await metrics();
  const elapsed = (performance.now() - started) / 1000;
  const sample = await page.evaluate(() => {
    const w = window as unknown as { __bench: PageSample & { stop?: boolean } };
    w.__bench.stop = true;
    return w.__bench;
  });
  const busy: Record<string, number> = {};
  for (const name of ["TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"]) {
    busy[name] = (((after[name] ?? 0) - (before[name] ?? 0)) / elapsed) * 100;
  }
  return { ...sample, frames: sample.frames.slice(1), busy, elapsed };
}

function describe(m: Measured): string {
  const pct = (name: string) => (m.busy[name] ?? 0).toFixed(1);
  return `main thread busy ${pct("TaskDuration")} % (script ${pct("ScriptDuration")} %, style ${
    pct("RecalcStyleDuration")
  } %, layout ${pct("LayoutDuration")} %); frames ${
    (m.frames.length / m.elapsed).toFixed(0)
  }/s, interval p50 ${percentile(m.frames, 50).toFixed(1)} ms, p99 ${
    percentile(m.frames, 99).toFixed(1)
  } ms; long tasks (> 50 ms) ${m.longTasks} (${m.longTaskMs.toFixed(0)} ms)`;
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sessions: { type: "string", default: "50" },
      printing: { type: "string", default: "10" },
      seconds: { type: "string", default: "20" },
    },
    strict: true,
  });
  const total = Number(values.sessions);
  const printing = Number(values.printing);
  const seconds = Number(values.seconds);
  if (![total, printing, seconds].every((n) => Number.isFinite(n) && n > 0) || printing > total) {
    throw new Error("Give positive --sessions, --printing (at most --sessions) and --seconds");
  }
  await using dashboard = await Dashboard.start({ viewport: { width: 1440, height: 900 } });
  const page = dashboard.page;
  log(`${total} sessions, ${printing} printing`);
  for (let start = 0; start < total; start += 25) {
    const args: string[] = [];
    for (let i = start; i < Math.min(total, start + 25); i++) {
      if (args.length > 0) args.push(";");
      args.push("new-session", "-d", "-s", `bench-${String(i + 1).padStart(3, "0")}`);
      args.push("-x", "80", "-y", "24");
      if (i < printing) args.push("sh", "-c", PRINTING);
    }
    await dashboard.tmux(...args);
  }
  const loading = performance.now();
  await page.goto(dashboard.origin);
  await page.getByRole("button", { name: "Overview" }).waitFor();
  // The tree with every session in it (rows of sessions, groups open).
  await page.waitForFunction(
    (count) => document.querySelectorAll('[role="treeitem"][data-name]').length >= count,
    total,
    { timeout: 60_000 },
  );
  const treeShown = performance.now() - loading;
  const cdp = await dashboard.context.newCDPSession(page);
  await cdp.send("Performance.enable");
  log(`dashboard without the overview, ${seconds} s`);
  const without = await measure(page, cdp, seconds);

  await page.getByRole("button", { name: "Overview" }).click();
  const opened = performance.now();
  // Every card drawn: its screen, or "No preview" past the server's session limit.
  await page.waitForFunction(
    (count) => {
      const cards = [...document.querySelectorAll("overview-thumb")];
      return cards.length >= count &&
        cards.every((card) =>
          card.querySelector(".ov-lines") !== null ||
          card.querySelector(".ov-placeholder")?.textContent === "No preview"
        );
    },
    total,
    { timeout: 60_000 },
  );
  const allShown = performance.now() - opened;
  log(`overview, ${seconds} s`);
  const withOverview = await measure(page, cdp, seconds);
  await cdp.detach();
  const visible = await page.evaluate(() =>
    [...document.querySelectorAll("overview-thumb")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    }).length
  );
  const lines = [
    `Overview page, ${total} sessions (${printing} printing 10 lines/s), Chromium 1440×900 ` +
    `(${visible} thumbnails on screen), ${seconds} s each:`,
    `- the page loaded with all ${total} sessions in the tree ${treeShown.toFixed(0)} ms after ` +
    `navigation`,
    `- all ${total} cards drawn ${allShown.toFixed(0)} ms after the overview opened`,
    `- overview open: ${describe(withOverview)}`,
    `- dashboard without the overview (same sessions): ${describe(without)}`,
  ];
  Deno.stdout.writeSync(encoder.encode(lines.join("\n") + "\n"));
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
