/**
 * End-to-end: a session that asks a question shows a waiting dot whose tooltip names the rule; a
 * shell whose command finished shows one too, by its own rule.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

Deno.test("Dashboard shows a session waiting for an answer, with the rule in the tooltip, until it is answered", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const created = await dashboard.server?.api("POST", "/api/sessions", {
    name: "ask",
    // Once answered the script runs on silently: neither asking nor at a shell prompt.
    command: "printf 'Continue? [y/N] '; read answer; sleep 100000",
  });
  assert.equal(created?.status, 201);
  await created?.body?.cancel();

  const item = page.getByRole("treeitem", { name: /^ask,/ });
  await item.and(page.getByRole("treeitem", { name: /Waiting for input/ })).waitFor({
    timeout: 20_000,
  });
  const dot = item.locator(".dot");
  assert.equal(await dot.getAttribute("data-status"), "waiting");
  assert.equal(await dot.getAttribute("title"), "Waiting for input (generic-prompt)");
  assert.equal(await dot.getAttribute("aria-label"), "Waiting for input");
  // Drawn in the waiting colour, not the idle grey.
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
      waiting: colourOf("--status-waiting"),
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
  await page.getByRole("treeitem", { name: /^ask, (Working|Idle)/ }).waitFor({ timeout: 20_000 });
  assert.notEqual(await dot.getAttribute("data-status"), "waiting");
  await page.getByRole("treeitem", { name: /^ask, Idle,/ }).waitFor({ timeout: 20_000 });
  assert.equal(await dot.getAttribute("title"), "Idle (quiet)");
});

Deno.test("Dashboard shows a shell back at its prompt as waiting, by the shell-prompt rule", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const created = await dashboard.server?.api("POST", "/api/sessions", {
    name: "build",
    command: "echo built",
  });
  assert.equal(created?.status, 201);
  await created?.body?.cancel();

  const item = page.getByRole("treeitem", { name: /^build,/ });
  await item.and(page.getByRole("treeitem", { name: /Waiting for input/ })).waitFor({
    timeout: 20_000,
  });
  const dot = item.locator(".dot");
  assert.equal(await dot.getAttribute("data-status"), "waiting");
  assert.equal(await dot.getAttribute("title"), "Waiting for input (shell-prompt)");
  await page.waitForFunction(() => document.title === "(1) Maestro");
});
