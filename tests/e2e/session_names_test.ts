/**
 * End-to-end tests of session names in the page: sessions named outside Maestro (any name tmux
 * allows) are listed live and can be opened, typed into, renamed and killed; long names stay
 * readable on a phone. Real server, tmux on a private socket, headless Chromium.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

/** A treeitem by its visible label (its accessible name starts with the label). */
function treeItem(dashboard: Dashboard, label: string) {
  return dashboard.page.getByRole("treeitem", { name: new RegExp(`^${label},`) });
}

Deno.test("Dashboard shows a session created outside Maestro, live", async () => {
  await using dashboard = await Dashboard.start();
  await dashboard.page.getByRole("heading", { name: "No sessions yet" }).waitFor();
  await dashboard.tmux("new-session", "-d", "-s", "outside", "sh");
  await treeItem(dashboard, "outside").waitFor();
  await dashboard.tmux("kill-session", "-t", "=outside");
  await treeItem(dashboard, "outside").waitFor({ state: "detached" });
});

Deno.test("Dashboard opens, types into, renames and kills sessions named with a space or 65 characters", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  // Made in a terminal (`tmux new -d -s "my thing"`): names Maestro itself would not give.
  const names = ["my thing", "x".repeat(65)];
  for (const name of names) {
    await dashboard.tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", "sh");
  }
  for (const name of names) {
    while ((await dashboard.tmux("capture-pane", "-p", "-t", `=${name}:`)).trim() === "") {
      await page.waitForTimeout(50);
    }
  }
  for (const [i, name] of names.entries()) {
    const row = page.locator(`[role="treeitem"][data-name="${name}"]`);
    await dashboard.clickOrDescribe(row);
    assert.match(page.url(), new RegExp(`#/local/${encodeURIComponent(name)}$`));
    await dashboard.waitForLive();
    await page.keyboard.type(`echo seen-$((${i}+7))\n`);
    await dashboard.waitForTerminal((t) => t.includes(`\nseen-${i + 7}`), `seen-${i + 7}`);

    await page.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: /Rename/ });
    // The dialog offers a name that follows the rule.
    const offered = [`my-thing`, "x".repeat(64)][i];
    assert.equal(await rename.getByLabel("New name").inputValue(), offered);
    await rename.getByLabel("New name").fill(`fixed-${i}`);
    await rename.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("heading", { name: `fixed-${i}` }).waitFor();
    await row.waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Kill" }).click();
    const kill = page.getByRole("dialog", { name: /Kill session/ });
    await kill.getByRole("button", { name: "Kill" }).click();
    await page.locator(`[role="treeitem"][data-name="fixed-${i}"]`).waitFor({ state: "detached" });
  }
  await page.getByRole("heading", { name: "No sessions yet" }).waitFor();
});

Deno.test("Dashboard on a phone wraps a long name in the tree instead of cutting it", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 390, height: 844 } });
  const page = dashboard.page;
  const long = "customers-globex-payments-reconciliation-backend-worker-eu";
  await dashboard.createSession(long);
  await dashboard.createSession("customers-zoom-api");
  await page.getByRole("button", { name: "Sessions" }).click();
  const label = page.locator('[role="treeitem"][data-kind="session"] .tree-label')
    .filter({ hasText: "globex" });
  const short = page.locator('[role="treeitem"][data-name="customers-zoom-api"] .tree-label');
  // Until the second session is listed, the first is alone and shows its whole name.
  await short.waitFor();
  await label.waitFor();
  const box = await label.evaluate((el) => ({
    text: el.textContent ?? "",
    cut: el.scrollWidth > el.clientWidth,
    height: el.getBoundingClientRect().height,
  }));
  const line = await short.evaluate((el) => el.getBoundingClientRect().height);
  assert.equal(box.text, long.slice("customers-".length), "the leaf with the rest of its path");
  assert.equal(box.cut, false, "nothing of the name is hidden");
  assert.ok(box.height >= 1.8 * line, `it wraps (${box.height} px, one line ${line} px)`);
});
