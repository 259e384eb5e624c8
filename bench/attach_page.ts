/**
 * Owns what a long history costs the page: a real server and headless Chromium opening a session
 * whose pane holds N lines of history, timed from navigation until the terminal has parsed the
 * snapshot (`terminal-view[data-snapshots]`), against a session with none; with the page's JS heap
 * afterwards. Sessions Maestro creates keep 50,000 lines (tmux's default is 2,000), and the
 * snapshot carries all of them, so this is the price of issue 16's history.
 *
 *   deno run -A bench/attach_page.ts [--lines 2000,10000,50000] [--rounds 3] [--renderer webgl|dom]
 */

import { parseArgs } from "node:util";
import { Dashboard } from "../tests/e2e/harness.ts";
import { log, print } from "./output.ts";
import { median } from "./stats.ts";

/** A line as long as a typical log line (68 columns), numbered. */
const LINE = "%06g  2026-12-03T12:00:00Z INFO request served in 12 ms  GET /v1/orders";

interface Attach {
  ms: number;
  heapMB: number;
}

/** Open `name` in a new tab of the signed-in context; ms until its snapshot is parsed. */
async function attach(dashboard: Dashboard, name: string): Promise<Attach> {
  const page = await dashboard.context.newPage();
  try {
    const started = performance.now();
    await page.goto(`${dashboard.origin}/#/local/${name}`);
    await page.locator("terminal-view[active][data-snapshots]").waitFor({ timeout: 300_000 });
    const ms = performance.now() - started;
    const heap = await page.evaluate(() =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
        ?.usedJSHeapSize ?? 0
    );
    return { ms, heapMB: heap / 1e6 };
  } finally {
    await page.close();
  }
}

async function historySize(dashboard: Dashboard, name: string): Promise<number> {
  return Number(
    await dashboard.tmux("display-message", "-p", "-t", `=${name}:`, "#{history_size}"),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      lines: { type: "string", default: "2000,10000,50000" },
      rounds: { type: "string" },
      renderer: { type: "string", default: "webgl" },
    },
  });
  if (values.renderer !== "webgl" && values.renderer !== "dom") {
    throw new Error(`Invalid --renderer "${values.renderer}": give webgl or dom`);
  }
  const counts = values.lines.split(",").map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`Invalid --lines "${values.lines}": give whole numbers, comma-separated`);
  }
  const rounds = Number(values.rounds ?? 3);
  await using dashboard = await Dashboard.start({
    viewport: { width: 1280, height: 800 },
    ...(values.renderer === "dom" ? { renderer: "dom" as const } : {}),
  });
  await dashboard.createSession("empty");
  const sessions: { name: string; lines: number; history: number }[] = [];
  for (const lines of counts) {
    const name = `hist-${lines}`;
    await dashboard.createSession(name);
    await dashboard.api("POST", `/api/hosts/local/sessions/${name}/input`, {
      text: `seq -f '${LINE}' 1 ${lines}`,
      enter: true,
    });
    const deadline = Date.now() + 60_000;
    while ((await historySize(dashboard, name)) < lines - 30 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    sessions.push({ name, lines, history: await historySize(dashboard, name) });
  }
  const results = new Map<string, Attach[]>();
  // Rounds interleave the sessions, so the machine's noise falls on all alike.
  for (let round = 0; round < rounds; round++) {
    for (const name of ["empty", ...sessions.map((s) => s.name)]) {
      const measured = await attach(dashboard, name);
      log(
        `${name} round ${round + 1}: ${measured.ms.toFixed(0)} ms, heap ${
          measured.heapMB.toFixed(1)
        } MB`,
      );
      results.set(name, [...(results.get(name) ?? []), measured]);
    }
  }
  const medianOf = (name: string, pick: (a: Attach) => number) =>
    median((results.get(name) ?? []).map(pick));
  const empty = medianOf("empty", (a) => a.ms);
  const load = Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
  print(
    `\`deno run -A bench/attach_page.ts --lines ${values.lines} --rounds ${rounds} ` +
      `--renderer ${values.renderer}\` (headless Chromium, 1280×800, median of ${rounds}; ` +
      `load average ${load} at the end):\n`,
  );
  print(
    "| History in the pane | open → snapshot parsed | over an empty pane | page JS heap |",
  );
  print("| --- | --- | --- | --- |");
  print(
    `| none | ${empty.toFixed(0)} ms | — | ${medianOf("empty", (a) => a.heapMB).toFixed(1)} MB |`,
  );
  for (const session of sessions) {
    const ms = medianOf(session.name, (a) => a.ms);
    print(
      `| ${session.history.toLocaleString("en")} lines | ${ms.toFixed(0)} ms | +${
        (ms - empty).toFixed(0)
      } ms | ${medianOf(session.name, (a) => a.heapMB).toFixed(1)} MB |`,
    );
  }
}

if (import.meta.main) await main();
