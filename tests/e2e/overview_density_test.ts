/**
 * End-to-end: the overview at 40+ sessions — card sizes S/M/L with readable text at each, and the
 * sessions that need you first — real server, tmux and Chromium.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

Deno.test("Overview: S/M/L cards keep text readable, needs-you-first sorts, both remembered", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 1440, height: 900 } });
  const page = dashboard.page;
  const args: string[] = [];
  for (let i = 1; i <= 42; i++) {
    if (args.length > 0) args.push(";");
    args.push(
      "new-session",
      "-d",
      "-s",
      `fleet-${String(i).padStart(2, "0")}`,
      "-x",
      "80",
      "-y",
      "24",
    );
    args.push("sh", "-c", `echo "agent ${i} ready"; exec sleep 100000`);
  }
  await dashboard.tmux(...args);
  const asked = await dashboard.api("POST", "/api/sessions", {
    name: "zz-asks",
    command: "printf 'Deploy? [y/N] '; read a",
  });
  assert.equal(asked.status, 201);
  await page.getByRole("treeitem", { name: /^zz-asks, Needs you/ }).waitFor({ timeout: 20_000 });

  await page.getByRole("button", { name: "Overview" }).click();
  const grid = page.getByRole("list", { name: "Sessions" });
  const cards = grid.locator("overview-thumb");
  await page.waitForFunction(
    () => document.querySelectorAll("overview-thumb .ov-lines").length >= 43,
    null,
    {
      timeout: 30_000,
    },
  );
  const fontPx = () =>
    grid.locator(".ov-lines").first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const onScreen = () =>
    cards.evaluateAll((all) =>
      all.filter((el) => {
        const r = el.getBoundingClientRect();
        return r.top < innerHeight && r.bottom > 0;
      }).length
    );

  // Medium (the default): a whole 80-column screen per card, at about 9 px or more.
  assert.equal(await grid.getAttribute("data-density"), "m");
  assert.ok((await fontPx()) >= 8.5, `medium text is ${await fontPx()} px`);
  const medium = await onScreen();

  // Large: easy to read.
  await page.getByRole("radio", { name: /^Large cards/ }).click();
  assert.ok((await fontPx()) >= 12, `large text is ${await fontPx()} px`);
  assert.ok((await onScreen()) < medium, "fewer, larger cards");

  // Small: many at once, each its last lines at 11 px (not a screen shrunk to nothing).
  await page.getByRole("radio", { name: /^Small cards/ }).click();
  await grid.locator(".ov-lines-small").first().waitFor();
  assert.equal(await fontPx(), 11);
  assert.ok((await onScreen()) >= 2 * medium, `small shows more: ${await onScreen()} vs ${medium}`);
  assert.match(await cards.first().innerText(), /agent 1 ready/);

  // Needs you first: the session that asks leads, though its name sorts last.
  const first = () => cards.first().locator("a").getAttribute("aria-label");
  assert.match(await first() ?? "", /^fleet-01,/);
  const overview = page.getByRole("region", { name: "Overview" });
  await overview.getByRole("button", { name: "Needs you first" }).click();
  assert.match(await first() ?? "", /^zz-asks, Needs you/);

  // Both choices survive a reload.
  await page.reload();
  await page.getByRole("radio", { name: /^Small cards/, checked: true }).waitFor();
  await overview.getByRole("button", { name: "Needs you first", pressed: true }).waitFor();
  await cards.first().waitFor();
  assert.match(await first() ?? "", /^zz-asks, Needs you/);
});
