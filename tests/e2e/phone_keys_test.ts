/**
 * End-to-end: the page on a phone — the sessions drawer, and the key bar's keys a touch keyboard
 * lacks (Esc, Tab, sticky Ctrl and Alt, arrows, Page Up and Down), checked byte for byte.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

/** A treeitem by its visible label (its accessible name starts with the label). */
function treeItem(dashboard: Dashboard, label: string) {
  return dashboard.page.getByRole("treeitem", { name: new RegExp(`^${label},`) });
}

Deno.test("Dashboard on a phone has a sessions drawer and a key bar that sends Esc, Ctrl, Alt, arrows and pages", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 390, height: 844 } });
  const page = dashboard.page;
  await dashboard.createSession("phone-test");
  const drawerButton = page.getByRole("button", { name: "Sessions" });
  await drawerButton.click();
  assert.equal(await drawerButton.getAttribute("aria-expanded"), "true");
  await treeItem(dashboard, "phone-test").click();
  assert.equal(await drawerButton.getAttribute("aria-expanded"), "false");
  await dashboard.waitForLive();

  const bar = page.getByRole("toolbar", { name: "Terminal keys" });
  for (
    const name of [
      "Escape",
      "Tab",
      "Ctrl",
      "Alt",
      "Left arrow",
      "Up arrow",
      "Down arrow",
      "Right arrow",
      "Page up",
      "Page down",
    ]
  ) {
    assert.ok(await bar.getByRole("button", { name, exact: true }).isVisible(), `${name} is shown`);
  }
  // cat -v makes the bytes visible: ESC [ D for ←, ESC for Esc, ^A for Ctrl then "a".
  await page.keyboard.type("cat -v\n");
  await dashboard.waitForTerminal((t) => t.includes("cat -v"), "cat -v typed");
  await bar.getByRole("button", { name: "Left arrow" }).click();
  await bar.getByRole("button", { name: "Escape" }).click();
  const ctrl = bar.getByRole("button", { name: "Ctrl" });
  await ctrl.click();
  assert.equal(await ctrl.getAttribute("aria-pressed"), "true");
  await page.keyboard.type("a");
  assert.equal(await ctrl.getAttribute("aria-pressed"), "false");
  await page.keyboard.type("z\n");
  await dashboard.waitForTerminal(
    (t) => t.split("\n").filter((line) => line === "^[[D^[^Az").length === 2,
    "the echoed and the printed ^[[D^[^Az",
  );
  // Page Up, then a sticky Alt: ESC before the next key typed.
  await bar.getByRole("button", { name: "Page up" }).click();
  const alt = bar.getByRole("button", { name: "Alt" });
  await alt.click();
  assert.equal(await alt.getAttribute("aria-pressed"), "true");
  await page.keyboard.type("b");
  assert.equal(await alt.getAttribute("aria-pressed"), "false");
  await page.keyboard.type("\n");
  await dashboard.waitForTerminal(
    (t) => t.split("\n").filter((line) => line === "^[[5~^[b").length === 2,
    "the echoed and the printed ^[[5~^[b",
  );
});
