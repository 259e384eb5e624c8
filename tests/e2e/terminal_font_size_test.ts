/**
 * End-to-end: the terminals' text size — Ctrl + / − / 0 inside the terminal and the A−/A+
 * control in its status line change it for every terminal, the pane is resized to fit, and the
 * page remembers it.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

type View = HTMLElement & { name: string; fontSize: number };

async function open(dashboard: Dashboard, name: string): Promise<void> {
  await dashboard.page.evaluate((name) => (location.hash = `#/local/${name}`), name);
  await dashboard.page.waitForFunction(
    (name) => (document.querySelector("terminal-view[active]") as View | null)?.name === name,
    name,
  );
  await dashboard.waitForLive();
}

async function paneWidth(dashboard: Dashboard, name: string): Promise<number> {
  return Number(
    (await dashboard.tmux("display-message", "-p", "-t", `=${name}:`, "#{pane_width}")).trim(),
  );
}

async function untilPaneWidth(
  dashboard: Dashboard,
  name: string,
  test: (cols: number) => boolean,
): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const cols = await paneWidth(dashboard, name);
    if (test(cols)) return cols;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `${name}'s pane never reached the width expected (${await paneWidth(dashboard, name)})`,
  );
}

Deno.test("Terminal font size follows Ctrl + − 0 and the A−/A+ control, for every terminal, remembered", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("font-a");
  await dashboard.createSession("font-b");
  await open(dashboard, "font-b");
  await open(dashboard, "font-a");
  const startCols = await untilPaneWidth(dashboard, "font-a", (cols) => cols > 80);
  const size = page.locator("terminal-view[active] .term-font-size");
  assert.equal(await size.textContent(), "13px");

  await page.locator("terminal-view[active] .xterm-screen").click();
  await page.keyboard.press("Control+=");
  await page.keyboard.press("Control+=");
  assert.equal(await size.textContent(), "15px");
  const biggerCols = await untilPaneWidth(dashboard, "font-a", (cols) => cols < startCols);
  // The key did not reach the shell (Ctrl+= would be typed as "=").
  assert.doesNotMatch(await dashboard.terminalText(), /=/);

  await page.keyboard.press("Control+-");
  assert.equal(await size.textContent(), "14px");
  await untilPaneWidth(dashboard, "font-a", (cols) => cols > biggerCols && cols < startCols);
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("button", { name: "Larger text" }).click();
  assert.equal(await size.textContent(), "16px");
  await page.getByRole("button", { name: "Smaller text" }).click();
  assert.equal(await size.textContent(), "15px");

  // Every terminal follows, the hidden ones too; the other pane is refitted when shown.
  await open(dashboard, "font-b");
  assert.equal(await size.textContent(), "15px");
  await untilPaneWidth(dashboard, "font-b", (cols) => cols === biggerCols);

  // Remembered across a reload; Ctrl+0 goes back to the default.
  await page.reload();
  await dashboard.waitForLive();
  assert.equal(await size.textContent(), "15px");
  await page.locator("terminal-view[active] .xterm-screen").click();
  await page.keyboard.press("Control+0");
  assert.equal(await size.textContent(), "13px");
  await untilPaneWidth(dashboard, "font-b", (cols) => cols === startCols);
  assert.equal(await page.evaluate(() => localStorage.getItem("maestro.fontSize")), "13");
});
