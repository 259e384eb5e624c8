/**
 * End-to-end tests of Undo after a kill from the page: the session comes back under its name with
 * its panes and notes, opened; a refusal is shown in words. Real server, tmux on a private socket,
 * headless Chromium.
 */

import assert from "node:assert/strict";
import { openDatabase } from "../../server/db/database.ts";
import { Dashboard } from "./harness.ts";

const treeItem = (dashboard: Dashboard, name: string) =>
  dashboard.page.locator(`[role="treeitem"][data-name="${name}"]`);

/** Until the server has recorded `name` with `panes` panes (it reads shapes as it lists). */
async function recorded(dashboard: Dashboard, name: string, panes: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    using db = openDatabase(dashboard.server?.home ?? "");
    const row = db.prepare(
      "SELECT windows FROM session_records WHERE name = ? AND vanished_at IS NULL",
    ).get(name) as { windows: string } | undefined;
    const windows = JSON.parse(row?.windows ?? "[]") as { panes: unknown[] }[];
    if (windows.reduce((n, w) => n + w.panes.length, 0) === panes) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The server never recorded ${name} with ${panes} panes`);
}

/** Kills `name` through its top bar's Kill and the dialog. */
async function killFromPage(dashboard: Dashboard, name: string): Promise<void> {
  const page = dashboard.page;
  await page.getByRole("heading", { name }).waitFor();
  await page.getByRole("button", { name: "Kill" }).click();
  const dialog = page.getByRole("dialog", { name: /Kill session/ });
  await dialog.getByText("Undo brings it back").waitFor();
  await dialog.getByRole("button", { name: "Kill" }).click();
  await treeItem(dashboard, name).waitFor({ state: "detached" });
}

Deno.test("Undo after a kill from the page brings the session back with its panes and notes, opened", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("undo-me");
  await dashboard.tmux("split-window", "-h", "-t", "=undo-me:");
  await dashboard.createSession("undo-other");
  await treeItem(dashboard, "undo-me").click();
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  await page.getByRole("textbox", { name: "Notes" }).fill("half way through the migration");
  await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  await recorded(dashboard, "undo-me", 2);

  await killFromPage(dashboard, "undo-me");
  const toast = page.locator("kill-undo-toast .kill-undo-item");
  await toast.filter({ hasText: "Killed undo-me." }).waitFor();
  const undo = toast.getByRole("button", { name: /^Undo \(\d+ s\)$/ });
  const label = (await undo.textContent())?.replace(/\s+/g, " ").trim();
  assert.match(label ?? "", /^Undo \((2[0-8]) s\)$/, "counting down from the window");
  assert.equal(
    await dashboard.tmux("has-session", "-t", "=undo-me").then(() => true, () => false),
    false,
    "killed in tmux at once",
  );
  const restorable = await dashboard.api("GET", "/api/restorable");
  assert.deepEqual(await restorable.json(), { restorable: [] }, "killed is never restorable");

  await undo.click();
  await treeItem(dashboard, "undo-me").waitFor();
  await toast.waitFor({ state: "detached" });
  await page.getByRole("heading", { name: "undo-me" }).waitFor();
  assert.match(page.url(), /#\/local\/undo-me$/);
  await dashboard.waitForLive();
  const panes = await dashboard.tmux("list-panes", "-t", "=undo-me:", "-F", "#{pane_index}");
  assert.equal(panes.trim().split("\n").length, 2);
  await page.getByRole("textbox", { name: "Notes" }).and(page.locator(":enabled")).waitFor();
  assert.equal(
    await page.getByRole("textbox", { name: "Notes" }).inputValue(),
    "half way through the migration",
  );
});

Deno.test("Undo after a kill shows the server's refusal when the name was taken meanwhile", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("undo-taken");
  await treeItem(dashboard, "undo-taken").click();
  await killFromPage(dashboard, "undo-taken");
  const toast = page.locator("kill-undo-toast .kill-undo-item");
  await toast.getByRole("button", { name: /^Undo/ }).waitFor();
  await dashboard.createSession("undo-taken");
  await treeItem(dashboard, "undo-taken").waitFor();
  await toast.getByRole("button", { name: /^Undo/ }).click();
  const alert = toast.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /undo-taken/);
  assert.match(await alert.innerText(), /exists/);
  await toast.getByRole("button", { name: "Dismiss the undo for undo-taken" }).click();
  await toast.waitFor({ state: "detached" });
  // Nothing changed: the new session is the one tmux has, alone.
  const listed = await dashboard.tmux("list-sessions", "-F", "#{session_name}");
  assert.deepEqual(listed.trim().split("\n"), ["undo-taken"]);
});
