/**
 * End-to-end: one viewer does not squeeze another. A phone opening a session the desktop shows
 * leaves the pane at the desktop's size; when the phone types, the pane takes the phone's size
 * and the desktop shows it letterboxed, saying so; a click on the desktop takes it back.
 */

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Dashboard } from "./harness.ts";
import { readUntil as until } from "../helpers/polling.ts";

async function paneSize(dashboard: Dashboard): Promise<{ cols: number; rows: number }> {
  const [cols, rows] = (await dashboard.tmux(
    "display-message",
    "-p",
    "-t",
    "=shared:",
    "#{pane_width} #{pane_height}",
  )).trim().split(" ").map(Number);
  return { cols: cols ?? 0, rows: rows ?? 0 };
}

const banner = (page: Page) => page.locator("terminal-view[active] .term-sized");

Deno.test("Terminal sizing: a phone does not squeeze the desktop until it types; a click takes the size back", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 1280, height: 800 } });
  const desk = dashboard.page;
  await dashboard.createSession("shared");
  await desk.evaluate(() => (location.hash = "#/local/shared"));
  await dashboard.waitForLive();
  const wide = await until(() => paneSize(dashboard), (s) => s.cols > 80, "the desktop's size");

  const browser = dashboard.browser;
  assert.ok(browser);
  await using phoneContext = {
    context: await browser.newContext({ viewport: { width: 390, height: 700 } }),
    async [Symbol.asyncDispose]() {
      await this.context.close();
    },
  };
  const phone = await phoneContext.context.newPage();
  await phone.goto(`${dashboard.origin}/?token=${dashboard.token}#/local/shared`);
  await phone.locator('terminal-view[active][data-state="live"]').waitFor();
  await banner(phone).waitFor();
  assert.equal(
    await banner(phone).innerText(),
    `Sized by another viewer, ${wide.cols}×${wide.rows} — click or type to take over`,
  );
  await desk.waitForTimeout(300);
  assert.deepEqual(await paneSize(dashboard), wide, "opening on the phone changed nothing");
  assert.equal(await banner(desk).count(), 0);

  // The phone types: the pane takes its size; the desktop is told and shows it letterboxed.
  await phone.locator("terminal-view[active] .xterm-screen").click({ force: true });
  await phone.keyboard.type("echo from-phone\n");
  const narrow = await until(() => paneSize(dashboard), (s) => s.cols < 60, "the phone's size");
  await banner(desk).waitFor();
  assert.equal(
    await banner(desk).innerText(),
    `Sized by another viewer, ${narrow.cols}×${narrow.rows} — click or type to take over`,
  );
  assert.equal(await banner(phone).count(), 0);
  await dashboard.waitForTerminal((t) => t.includes("from-phone"), "the phone's echo");

  // A click on the desktop's terminal takes the size back.
  await desk.locator("terminal-view[active] .xterm-screen").click();
  await until(() => paneSize(dashboard), (s) => s.cols === wide.cols, "the desktop's size again");
  await banner(phone).waitFor();
  assert.equal(await banner(desk).count(), 0);
});
