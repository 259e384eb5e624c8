/**
 * End-to-end tests of remote hosts in the dashboard: two real servers (a manager with the page,
 * a worker), each with its own home and private tmux socket, and headless Chromium.
 */

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Dashboard, MaestroServer } from "./harness.ts";

async function openSettings(page: Page) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  return page.getByRole("form", { name: "Add a host" });
}

/** The Settings list entry of a host (a listitem named after it). */
function hostCard(page: Page, name: string) {
  return page.getByRole("list", { name: "Hosts" }).getByRole("listitem", { name, exact: true });
}

Deno.test("Remote hosts: add a worker from Settings, use its terminal through the manager, see it go offline and come back", async () => {
  await using worker = await MaestroServer.start();
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await worker.tmux("new-session", "-d", "-s", "wk-demo", "sh");
  await dashboard.createSession("mgr-shell");

  // Add the worker by typing its URL and token; the server tests it while the form says so.
  const form = await openSettings(page);
  await form.getByLabel("Host name").fill("worker");
  await form.getByLabel("URL").fill(worker.origin);
  await form.getByLabel("Token").fill(worker.token);
  let releaseTest = () => {};
  const testHeld = new Promise<void>((resolve) => (releaseTest = resolve));
  await page.route(/\/api\/hosts$/, async (route) => {
    if (route.request().method() === "POST") await testHeld;
    await route.continue();
  });
  await form.getByRole("button", { name: "Add host" }).click();
  await form.getByRole("button", { name: "Testing…" }).waitFor();
  releaseTest();
  const card = hostCard(page, "worker");
  await card.getByText("Online").waitFor();
  await card.getByText(worker.origin).waitFor();
  assert.match(await card.innerText(), /1 session · HTTP, not encrypted/);
  assert.equal(await form.getByLabel("Token").inputValue(), "", "the form is cleared");
  await page.unroute(/\/api\/hosts$/);

  // Both hosts in the sidebar, the worker's session under the worker.
  await page.getByRole("button", { name: "Close settings" }).click();
  const workerTree = page.getByRole("tree", { name: "Sessions on worker" });
  await workerTree.waitFor();
  assert.equal(await page.getByRole("tree", { name: /^Sessions on / }).count(), 2);
  await page.getByRole("tree", { name: /^Sessions on / }).first()
    .getByRole("treeitem", { name: /^mgr-shell,/ }).waitFor();
  const demo = workerTree.getByRole("treeitem", { name: /^wk-demo,/ });
  await demo.click();
  assert.match(page.url(), /#\/worker\/wk-demo$/);

  // Its terminal, relayed by the manager.
  await dashboard.waitForLive();
  await page.keyboard.type("echo relay-$((6*7))");
  await page.keyboard.press("Enter");
  await dashboard.waitForTerminal((t) => t.includes("\nrelay-42"), "relay-42");

  // Stop the worker: the host is offline with its reason, its session greyed, not dropped.
  await worker.stop();
  const heading = page.locator('.host-heading-block[data-state="offline"]');
  await heading.getByText("offline", { exact: true }).waitFor();
  assert.match(await heading.locator(".host-detail").innerText(), /· last seen just now$/);
  await workerTree.getByRole("treeitem", { name: /^wk-demo, .*unavailable: its host is offline$/ })
    .waitFor();
  assert.equal(await demo.getAttribute("data-unavailable"), "true");
  // The open terminal says why and keeps trying.
  await page.getByRole("status").filter({ hasText: "Host worker is offline — reconnecting" })
    .waitFor();

  // New sessions can go only to hosts that are online.
  await page.getByRole("button", { name: "New session" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New session" });
  const options = await dialog.getByLabel("Host").locator("option").allInnerTexts();
  assert.equal(options.length, 1);
  assert.ok(!options.includes("worker"));
  await dialog.getByText(/Not available now: worker \(offline/).waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await page.locator("terminal-view[active] .term-host").click();

  // Start it again on the same port: the host is back and the terminal resumes by itself.
  await using again = await MaestroServer.start({ restartOf: worker });
  await workerTree.getByRole("treeitem", { name: /^wk-demo, [^,]+, [^,]+$/ }).waitFor({
    timeout: 15_000,
  });
  await dashboard.waitForLive();
  await page.keyboard.type("echo back-$((1+1))");
  await page.keyboard.press("Enter");
  await dashboard.waitForTerminal((t) => t.includes("\nback-2"), "back-2");
  assert.match(await again.tmux("list-sessions", "-F", "#{session_name}"), /^wk-demo$/m);
});

Deno.test("Remote hosts: a wrong token shows the server's error in the form; disable, edit and remove a host", async () => {
  await using worker = await MaestroServer.start();
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await worker.tmux("new-session", "-d", "-s", "wk-one", "sh");

  const form = await openSettings(page);
  await form.getByLabel("Host name").fill("worker");
  await form.getByLabel("URL").fill(worker.origin);
  await form.getByLabel("Token").fill("not-the-token");
  await form.getByRole("button", { name: "Add host" }).click();
  const alert = form.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /rejected the token: copy it from `maestro token`/);
  assert.equal(await form.getByLabel("Token").getAttribute("aria-invalid"), "true");
  assert.equal(await hostCard(page, "worker").count(), 0);

  await form.getByLabel("Token").fill(worker.token);
  await form.getByRole("button", { name: "Add host" }).click();
  const card = hostCard(page, "worker");
  await card.getByText("Online").waitFor();

  // Disable: it stops being relayed; enable: back.
  await card.getByRole("button", { name: "Disable" }).click();
  await card.locator('.host-card-state[data-state="disabled"]', { hasText: "Disabled" }).waitFor();
  await page.locator('.host-heading-block[data-state="disabled"]').waitFor();
  await card.getByRole("button", { name: "Enable" }).click();
  await card.getByText("Online").waitFor();

  // Edit: a new URL is tested first, and a failure is shown in that host's form.
  await card.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit worker" });
  assert.equal(await edit.getByLabel("URL").inputValue(), worker.origin);
  await edit.getByLabel("URL").fill("http://127.0.0.1:9");
  await edit.getByRole("button", { name: "Save" }).click();
  await edit.getByRole("alert").filter({ hasText: "Cannot reach http://127.0.0.1:9" }).waitFor();
  await edit.getByRole("button", { name: "Cancel" }).click();
  await edit.waitFor({ state: "detached" });

  // Remove, after a confirmation naming the host.
  await card.getByRole("button", { name: "Remove" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove host “worker”?" });
  await confirm.getByRole("button", { name: "Remove" }).click();
  await card.waitFor({ state: "detached" });
  await page.getByRole("tree", { name: "Sessions on worker" }).waitFor({ state: "detached" });
  const hosts = await (await dashboard.api("GET", "/api/hosts")).json();
  assert.deepEqual(hosts.hosts.map((h: { id: string }) => h.id), ["local"]);
});
