/**
 * End-to-end: a session that asks a question shows a needs-you dot whose tooltip names the rule; a
 * shell whose command finished shows a done dot, counted apart from the sessions that need you.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

Deno.test("Dashboard shows a session that needs an answer, with the rule in the tooltip, until it is answered", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const created = await dashboard.server?.api("POST", "/api/sessions", {
    name: "ask",
    // Once answered the script runs a moment, then the shell is back.
    command: "printf 'Continue? [y/N] '; read answer; sleep 2",
  });
  assert.equal(created?.status, 201);
  await created?.body?.cancel();

  const item = page.getByRole("treeitem", { name: /^ask,/ });
  await item.and(page.getByRole("treeitem", { name: /Needs you/ })).waitFor({
    timeout: 20_000,
  });
  const dot = item.locator(".dot");
  assert.equal(await dot.getAttribute("data-status"), "needs-you");
  assert.equal(await dot.getAttribute("title"), "Needs you (generic-prompt)");
  assert.equal(await dot.getAttribute("aria-label"), "Needs you");
  // Drawn in the needs-you colour, not the idle grey.
  const colours = await dot.evaluate((el) => {
    const colourOf = (variable: string) => {
      const probe = document.createElement("span");
      probe.style.background = `var(${variable})`;
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    };
    return {
      dot: getComputedStyle(el).backgroundColor,
      waiting: colourOf("--status-needs-you"),
      idle: colourOf("--status-idle"),
    };
  });
  assert.equal(colours.dot, colours.waiting);
  assert.notEqual(colours.dot, colours.idle);

  const answered = await dashboard.server?.api(
    "POST",
    "/api/hosts/local/sessions/ask/input",
    { text: "y", enter: true },
  );
  assert.equal(answered?.status, 204);
  await answered?.body?.cancel();
  await page.getByRole("treeitem", { name: /^ask, (Working|Done)/ }).waitFor({ timeout: 20_000 });
  assert.notEqual(await dot.getAttribute("data-status"), "needs-you");
  await page.getByRole("treeitem", { name: /^ask, Done,/ }).waitFor({ timeout: 20_000 });
  assert.equal(await dot.getAttribute("title"), "Done (command-finished)");
});

Deno.test("Dashboard shows a finished command as done, apart from the badge, and idle once opened", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const created = await dashboard.server?.api("POST", "/api/sessions", {
    name: "build",
    command: "sleep 1; echo built",
  });
  assert.equal(created?.status, 201);
  await created?.body?.cancel();

  const item = page.getByRole("treeitem", { name: /^build,/ });
  await item.and(page.getByRole("treeitem", { name: /^build, Done/ })).waitFor({
    timeout: 20_000,
  });
  const dot = item.locator(".dot");
  assert.equal(await dot.getAttribute("data-status"), "done");
  assert.equal(await dot.getAttribute("title"), "Done (command-finished)");
  assert.equal(await page.title(), "Maestro", "done is not in the badge: nothing needs you");

  // A plain shell that ran nothing is idle: neither done nor needing you.
  await dashboard.createSession("plain");
  await page.getByRole("treeitem", { name: /^plain, Idle/ }).waitFor({ timeout: 20_000 });

  // Looking at it clears done, for every browser (the server knows).
  await item.click();
  await dashboard.waitForLive();
  await page.getByRole("treeitem", { name: /^build, Idle/ }).waitFor({ timeout: 20_000 });
  const seen = await (await dashboard.api("GET", "/api/hosts/local/sessions/build")).json();
  assert.deepEqual([seen.status, seen.statusRule], ["idle", "shell-prompt"]);
});
