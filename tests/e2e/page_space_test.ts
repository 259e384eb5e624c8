/**
 * End-to-end: the terminal gets the room — the sidebar resizes (dragged or by keyboard) and
 * collapses, the notes panel stays closed while a session has no notes and resizes, and a reload
 * keeps all of it.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";
import { readUntil as until } from "../helpers/polling.ts";

Deno.test("Page space: at 900 px collapsing the sidebar widens the terminal, and widths survive a reload", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 900, height: 700 } });
  const page = dashboard.page;
  await dashboard.createSession("space-test");
  const columns = async () =>
    Number(
      (await dashboard.tmux("display-message", "-p", "-t", "=space-test:", "#{window_width}"))
        .trim(),
    );
  await page.goto(`${dashboard.origin}/#/local/space-test`);
  await dashboard.waitForLive();

  // Empty notes: the panel is closed, the terminal has the rest of the width.
  assert.equal(await page.locator("notes-panel").isHidden(), true, "empty notes start closed");
  const terminals = page.locator(".terminals");
  const before = (await terminals.boundingBox())?.width ?? 0;
  assert.ok(before >= 900 - 272 - 2, `the terminal is ${before} px wide`);
  const colsBefore = await until(columns, (c) => c > 0, "a size");

  await page.getByRole("button", { name: "Collapse sidebar" }).click();
  assert.equal(await page.locator("#sidebar").isHidden(), true);
  const after = await until(
    async () => (await terminals.boundingBox())?.width ?? 0,
    (w) => w >= 898,
    "the terminal to take the whole width",
  );
  const colsAfter = await until(columns, (c) => c > colsBefore + 20, "more columns");
  assert.ok(after > before && colsAfter > colsBefore);

  // Collapsed survives a reload; the way back is in the top bar.
  await page.reload();
  await dashboard.waitForLive();
  assert.equal(await page.locator("#sidebar").isHidden(), true, "still collapsed after reload");
  await page.getByRole("button", { name: "Show sidebar" }).click();
  assert.equal(await page.locator("#sidebar").isVisible(), true);

  // The sidebar's separator by keyboard: three steps narrower.
  const sidebarHandle = page.getByRole("separator", { name: "Sidebar width" });
  assert.equal(await sidebarHandle.getAttribute("aria-valuenow"), "272");
  await sidebarHandle.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  assert.equal(await sidebarHandle.getAttribute("aria-valuenow"), "224");
  assert.equal(Math.round((await page.locator("#sidebar").boundingBox())?.width ?? 0), 224);

  // Notes open on request; its separator dragged 100 px to the left makes it 100 px wider.
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  const notes = page.locator("notes-panel");
  await notes.waitFor();
  const notesHandle = page.getByRole("separator", { name: "Notes width" });
  assert.equal(await notesHandle.getAttribute("aria-valuenow"), "300");
  const box = await notesHandle.boundingBox();
  assert.ok(box !== null);
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 50, box.y + 200, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 - 100, box.y + 200, { steps: 4 });
  await page.mouse.up();
  assert.equal(await notesHandle.getAttribute("aria-valuenow"), "400");
  assert.equal(Math.round((await notes.boundingBox())?.width ?? 0), 400);
  await page.locator("#notes-text").fill("remember the port");
  await page.locator('.notes-state[data-state="saved"]').waitFor();

  await page.reload();
  await dashboard.waitForLive();
  assert.equal(Math.round((await page.locator("#sidebar").boundingBox())?.width ?? 0), 224);
  await notes.waitFor();
  assert.equal(Math.round((await notes.boundingBox())?.width ?? 0), 400);

  // The panel's own close button closes it, and closed it stays, notes or not.
  await page.getByRole("button", { name: "Close notes" }).click();
  assert.equal(await notes.isHidden(), true);
  await page.reload();
  await dashboard.waitForLive();
  assert.equal(await notes.isHidden(), true, "closed by the person, closed after reload");
});

Deno.test("Page space: a session with notes opens them, one without keeps the terminal wide", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 1100, height: 700 } });
  const page = dashboard.page;
  await dashboard.createSession("with-notes");
  await dashboard.createSession("no-notes");
  const saved = await dashboard.api("PUT", "/api/hosts/local/sessions/with-notes/notes", {
    text: "the plan",
  });
  assert.ok(saved.ok, await saved.text());
  await page.goto(`${dashboard.origin}/#/local/with-notes`);
  await dashboard.waitForLive();
  await page.locator("notes-panel:not([hidden]) #notes-text").waitFor();
  assert.equal(await page.locator("#notes-text").inputValue(), "the plan");
  await page.goto(`${dashboard.origin}/#/local/no-notes`);
  await page.locator("notes-panel[hidden]").waitFor({ state: "attached" });
  assert.equal(await page.locator("notes-panel").isHidden(), true);
});
