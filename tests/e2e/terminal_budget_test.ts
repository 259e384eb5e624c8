/**
 * End-to-end: the page holds a bounded amount of terminal history. Hidden terminals are closed,
 * least recently viewed first, while all open terminals hold more lines than the budget (120,000
 * by default; `localStorage["maestro.keptLines"]` here, so a few thousand lines show it), and a
 * closed one opens again with its history.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

type View = HTMLElement & { name: string; bufferLines: number };

async function open(dashboard: Dashboard, name: string): Promise<void> {
  const page = dashboard.page;
  await page.evaluate((name) => (location.hash = `#/local/${name}`), name);
  await page.waitForFunction(
    (name) => {
      const view = document.querySelector("terminal-view[active]") as View | null;
      return view?.name === name && view.dataset.snapshots !== undefined && view.bufferLines > 2000;
    },
    name,
  );
}

/** The sessions whose terminals are open in the page (shown or hidden). */
function openTerminals(dashboard: Dashboard): Promise<string[]> {
  return dashboard.page.evaluate(() =>
    [...document.querySelectorAll("terminal-view")].map((view) => (view as View).name).sort()
  );
}

Deno.test("Terminals over the page's lines budget are closed, least recently viewed first, and open again whole", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await page.evaluate(() => localStorage.setItem("maestro.keptLines", "5000"));
  for (const name of ["hist-a", "hist-b", "hist-c"]) {
    await dashboard.createSession(name);
    await dashboard.tmux("send-keys", "-t", `=${name}:`, "seq 1 2000", "Enter");
  }
  for (const name of ["hist-a", "hist-b", "hist-c"]) {
    for (let i = 0; i < 100; i++) {
      const size = await dashboard.tmux(
        "display-message",
        "-p",
        "-t",
        `=${name}:`,
        "#{history_size}",
      );
      if (Number(size) >= 1900) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await open(dashboard, "hist-a");
  await open(dashboard, "hist-b");
  assert.deepEqual(await openTerminals(dashboard), ["hist-a", "hist-b"], "4,000+ lines: both kept");
  await open(dashboard, "hist-c");
  // Over 6,000 lines: the least recently viewed hidden one goes, the last two stay.
  await page.waitForFunction(() => document.querySelectorAll("terminal-view").length === 2);
  assert.deepEqual(await openTerminals(dashboard), ["hist-b", "hist-c"]);
  // Back to it: a fresh snapshot with its whole history, and b (now the oldest) goes instead.
  await open(dashboard, "hist-a");
  const text = await dashboard.terminalText();
  assert.match(text, /\n1\n2\n3\n/);
  assert.match(text, /\n2000\n/);
  await page.waitForFunction(() => document.querySelectorAll("terminal-view").length === 2);
  assert.deepEqual(await openTerminals(dashboard), ["hist-a", "hist-c"]);
});
