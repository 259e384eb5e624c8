/**
 * End-to-end: the mouse wheel scrolls by its distance — history by as many lines as the pixels
 * make, and a program that asked for mouse reports (tmux in mouse mode, vim, less) gets one
 * wheel report per line.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

type View = HTMLElement & { scrollPosition: { viewportY: number; baseY: number } };

async function open(dashboard: Dashboard, name: string): Promise<void> {
  await dashboard.page.evaluate((name) => (location.hash = `#/local/${name}`), name);
  await dashboard.page.waitForFunction(
    (name) =>
      (document.querySelector("terminal-view[active]") as View & { name: string } | null)
        ?.name === name,
    name,
  );
  await dashboard.waitForLive();
}

/** Wheel over the middle of the terminal; the lines it moved once the scroll has settled. */
async function wheel(dashboard: Dashboard, deltaY: number): Promise<number> {
  const page = dashboard.page;
  const box = await page.locator("terminal-view[active] .xterm-screen").boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const position = () =>
    page.evaluate(() =>
      (document.querySelector("terminal-view[active]") as View).scrollPosition.viewportY
    );
  const before = await position();
  await page.mouse.wheel(0, deltaY);
  let after = before;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(50);
    const now = await position();
    if (now === after && now !== before) break;
    after = now;
  }
  return before - after;
}

Deno.test("Terminal wheel scrolls history in proportion to the wheel's distance", async () => {
  await using dashboard = await Dashboard.start();
  await dashboard.createSession("wheel");
  await dashboard.tmux("send-keys", "-t", "=wheel:", "seq 1 3000", "Enter");
  await open(dashboard, "wheel");
  await dashboard.waitForTerminal((t) => /\n3000\n/.test(t), "seq's last line");
  const short = await wheel(dashboard, -100);
  const long = await wheel(dashboard, -400);
  assert.ok(short >= 4 && short <= 8, `100 px scrolls ${short} lines`);
  assert.ok(Math.abs(long - 4 * short) <= 4, `400 px scrolls ${long} lines, 100 px ${short}`);
  // Down again by the same distance.
  assert.ok(Math.abs(-(await wheel(dashboard, 400)) - long) <= 1);
});

Deno.test("Terminal wheel sends a program in mouse mode one wheel report per line", async () => {
  await using dashboard = await Dashboard.start();
  await dashboard.createSession("mouse");
  // Mouse reports on (SGR encoding); cat -v shows each report as ^[[<65;x;yM (wheel down).
  await dashboard.tmux(
    "send-keys",
    "-t",
    "=mouse:",
    "clear; printf '\\033[?1000h\\033[?1006h'; stty -echo; cat -v",
    "Enter",
  );
  await open(dashboard, "mouse");
  await dashboard.page.waitForFunction(() =>
    (document.querySelector("terminal-view[active]") as HTMLElement & {
      mouseTracking: string;
    })?.mouseTracking !== "none"
  );
  const page = dashboard.page;
  const box = await page.locator("terminal-view[active] .xterm-screen").boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const reports = async (deltaY: number) => {
    const key = `w${deltaY}`;
    await page.mouse.wheel(0, deltaY);
    await page.keyboard.type(`${key}\n`);
    const text = await dashboard.waitForTerminal(
      (t) => t.includes(`${key}`),
      `the marker ${key}`,
    );
    // Reports wrap over several rows: count those since the previous marker.
    const flat = text.replaceAll("\n", "");
    const end = flat.indexOf(key);
    const start = flat.lastIndexOf("w", end - 1);
    return (flat.slice(Math.max(0, start), end).match(/\^\[\[<65;/g) ?? []).length;
  };
  const short = await reports(100);
  const long = await reports(400);
  assert.ok(short >= 4 && short <= 8, `100 px sends ${short} reports`);
  assert.ok(Math.abs(long - 4 * short) <= 4, `400 px sends ${long} reports, 100 px ${short}`);
});
