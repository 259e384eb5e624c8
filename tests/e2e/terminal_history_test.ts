/**
 * End-to-end: a terminal's history — after `seq 1 5000` and a reload the buffer starts at line
 * 1 (the session keeps 50,000 lines and the snapshot carries them), and a scrolled-back position
 * survives switching to another session and back.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

type View = HTMLElement & { scrollPosition: { viewportY: number; baseY: number } };

function scrollPosition(dashboard: Dashboard) {
  return dashboard.page.evaluate(() =>
    (document.querySelector("terminal-view[active]") as View | null)?.scrollPosition
  );
}

async function open(dashboard: Dashboard, name: string): Promise<void> {
  await dashboard.page.evaluate((name) => (location.hash = `#/local/${name}`), name);
  await dashboard.page.locator(`terminal-view[active][data-state="live"]`).waitFor();
  await dashboard.page.waitForFunction(
    (name) =>
      (document.querySelector("terminal-view[active]") as HTMLElement & { name: string } | null)
        ?.name === name,
    name,
  );
}

Deno.test("Terminal history starts at line 1 after seq 1 5000 and a reload, and keeps its scroll position across sessions, closed or not", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("long");
  await dashboard.createSession("other");
  await dashboard.tmux("send-keys", "-t", "=long:", "seq 1 5000", "Enter");
  await open(dashboard, "long");
  await dashboard.waitForTerminal((t) => /\n5000\n/.test(t), "seq's last line");
  await page.reload();
  await dashboard.waitForLive();
  const text = await dashboard.waitForTerminal((t) => /\n5000\n/.test(t), "seq after a reload");
  const lines = text.split("\n");
  assert.match(lines[0] ?? "", /seq 1 5000/, "the buffer starts with the command");
  assert.equal(lines[1], "1");
  assert.equal(lines.filter((line) => /^\d+$/.test(line)).length, 5000);

  // Scroll back, visit another session, come back: the same line is on top.
  const box = await page.locator("terminal-view[active] .xterm-screen").boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -1000);
  const before = await page.waitForFunction(() => {
    const view = document.querySelector("terminal-view[active]") as View | null;
    const position = view?.scrollPosition;
    return position !== undefined && position.viewportY < position.baseY - 100 ? position : null;
  }).then((handle) => handle.jsonValue());
  assert.ok(before);
  await open(dashboard, "other");
  await open(dashboard, "long");
  await page.waitForTimeout(300);
  assert.deepEqual(await scrollPosition(dashboard), before);
  // Past the 8 terminals the page keeps alive, it is closed; opened again, it is where it was.
  for (let i = 1; i <= 8; i++) {
    await dashboard.createSession(`more-${i}`);
    await open(dashboard, `more-${i}`);
  }
  assert.equal(await page.locator("terminal-view").count(), 8);
  await open(dashboard, "long");
  await page.waitForFunction(
    (line) =>
      (document.querySelector("terminal-view[active]") as View | null)?.scrollPosition
        .viewportY === line,
    before.viewportY,
  );
});
