/**
 * End-to-end tests of restorable sessions in the page: once the tmux server dies its sessions show
 * greyed under the tree, grouped by name, with when they vanished; Restore, Restore all and Forget
 * work from the page (the keyboard too) and tmux and the API agree. Real server, tmux on a private
 * socket, headless Chromium.
 */

import assert from "node:assert/strict";
import type { RestorableSession } from "../../protocol/restorable.ts";
import { Dashboard, MaestroServer } from "./harness.ts";

/** The names `GET /api/restorable` lists, sorted. */
async function restorableNames(dashboard: Dashboard): Promise<string[]> {
  const response = await dashboard.api("GET", "/api/restorable");
  const body = await response.json() as { restorable: RestorableSession[] };
  return body.restorable.map((s) => s.name).sort();
}

/** Whether tmux has a session of exactly this name. */
async function inTmux(dashboard: Dashboard, name: string): Promise<boolean> {
  return await dashboard.tmux("has-session", "-t", `=${name}`).then(() => true, () => false);
}

Deno.test("Restorable sessions show greyed after the tmux server dies, and Restore, Forget and Restore all bring them back or drop them", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const names = ["rp-gone", "rp-solo", "rp-web-a", "rp-web-b"];
  for (const name of names) await dashboard.createSession(name);
  const live = (name: string) => page.locator(`[role="treeitem"][data-name="${name}"]`);
  for (const name of names) await live(name).waitFor();

  await dashboard.tmux("kill-server");
  const part = page.getByRole("region", { name: /^Restorable/ });
  const row = (name: string) => part.locator(`.restorable-item[data-name="${name}"]`);
  for (const name of names) {
    await row(name).waitFor().catch(async (error) => {
      throw new Error(`${error.message}\n${await dashboard.describe()}`);
    });
  }
  for (const name of names) await live(name).waitFor({ state: "detached" });

  // Grouped like live rows: rp ▸ gone, solo, web ▸ a, b.
  const outline = await part.locator(".restorable-row .tree-label").allInnerTexts();
  assert.deepEqual(outline, ["rp", "gone", "solo", "web", "a", "b"]);
  assert.match(await row("rp-solo").innerText(), /vanished just now/);
  const exact = await row("rp-solo").locator(".vanished").getAttribute("title");
  assert.match(exact ?? "", /^Vanished \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  // Greyed: the row's text is the page's faint colour.
  const greyed = await row("rp-solo").locator(".restorable-row").evaluate((el) => {
    const probe = document.createElement("span");
    probe.style.color = "var(--fg-faint)";
    document.body.append(probe);
    const faint = getComputedStyle(probe).color;
    probe.remove();
    return getComputedStyle(el).color === faint;
  });
  assert.ok(greyed, "a restorable row is greyed");
  await part.getByRole("button", { name: "Restore all (4)" }).waitFor();

  // Restore one from the keyboard: it is live in tmux and in the tree, and leaves the part.
  await part.getByRole("button", { name: "Restore rp-solo" }).focus();
  await page.keyboard.press("Enter");
  await live("rp-solo").waitFor();
  await row("rp-solo").waitFor({ state: "detached" });
  assert.ok(await inTmux(dashboard, "rp-solo"));
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  assert.equal(focused, "Restore rp-web-a", "focus moves to the row that took its place");
  await part.getByRole("button", { name: "Restore all (3)" }).waitFor();

  // Forget asks first; Cancel keeps it.
  await part.getByRole("button", { name: "Forget rp-gone" }).click();
  const dialog = page.getByRole("dialog", { name: "Forget session “rp-gone”?" });
  await dialog.getByText("its notes and mute are dropped").waitFor();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.deepEqual(await restorableNames(dashboard), ["rp-gone", "rp-web-a", "rp-web-b"]);
  await part.getByRole("button", { name: "Forget rp-gone" }).click();
  await dialog.getByRole("button", { name: "Forget" }).click();
  await row("rp-gone").waitFor({ state: "detached" });
  assert.deepEqual(await restorableNames(dashboard), ["rp-web-a", "rp-web-b"]);
  assert.equal(await inTmux(dashboard, "rp-gone"), false);

  // Restore all: both live, the part gone, nothing left to restore.
  await part.getByRole("button", { name: "Restore all (2)" }).click();
  await live("rp-web-a").waitFor();
  await live("rp-web-b").waitFor();
  await part.waitFor({ state: "detached" });
  assert.deepEqual(await restorableNames(dashboard), []);
  assert.ok(await inTmux(dashboard, "rp-web-a"));
  assert.ok(await inTmux(dashboard, "rp-web-b"));
});

Deno.test("Restorable part shows the server's refusal when a live session holds the name", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("rp-taken");
  await page.locator('[role="treeitem"][data-name="rp-taken"]').waitFor();
  await dashboard.tmux("kill-server");
  const part = page.getByRole("region", { name: /^Restorable/ });
  await part.locator('.restorable-item[data-name="rp-taken"]').waitFor();
  // A new session under the old name: the vanished one cannot come back under it.
  await dashboard.createSession("rp-taken");
  await page.locator('[role="treeitem"][data-name="rp-taken"]').waitFor();
  await part.getByRole("button", { name: "Restore rp-taken" }).click();
  const alert = part.getByRole("alert");
  await alert.filter({ hasText: "session_exists" }).waitFor();
  assert.match(await alert.innerText(), /rp-taken/);
  assert.deepEqual(await restorableNames(dashboard), ["rp-taken"], "still restorable");
  await part.getByRole("button", { name: "Dismiss the restore errors" }).click();
  await alert.waitFor({ state: "detached" });
  await part.locator('.restorable-item[data-name="rp-taken"]').waitFor();
});

Deno.test("Restorable part lists a worker's vanished sessions under its name and restores them there", async () => {
  await using worker = await MaestroServer.start();
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await worker.createSession("wk-lost");
  await dashboard.createSession("mgr-here");
  const added = await dashboard.api("POST", "/api/hosts", {
    name: "worker",
    url: worker.origin,
    token: worker.token,
  });
  assert.equal(added.status, 201, await added.text());
  const workerTree = page.getByRole("tree", { name: "Sessions on worker" });
  await workerTree.getByRole("treeitem", { name: /^wk-lost,/ }).waitFor();

  await worker.tmux("kill-server");
  const list = page.getByRole("list", { name: "Restorable sessions on worker" });
  await list.locator('.restorable-item[data-name="wk-lost"]').waitFor();
  assert.equal(
    await page.locator(".restorable-item").count(),
    1,
    "the manager's live session is not restorable",
  );
  await list.getByRole("button", { name: "Restore wk-lost on worker" }).click();
  await workerTree.getByRole("treeitem", { name: /^wk-lost,/ }).waitFor();
  await page.getByRole("region", { name: /^Restorable/ }).waitFor({ state: "detached" });
  await worker.tmux("has-session", "-t", "=wk-lost");
});
