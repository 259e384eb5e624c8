/**
 * End-to-end tests of broadcasting from the dashboard: a real server, real tmux on a private
 * socket, headless Chromium. Who received the input is read back from tmux itself.
 */

import assert from "node:assert/strict";
import { Dashboard, MaestroServer } from "./harness.ts";

type Tmux = { tmux(...args: string[]): Promise<string> };

const screenOf = (server: Tmux, name: string) =>
  server.tmux("capture-pane", "-p", "-t", `=${name}:`);

/** Wait until `name`'s screen satisfies `ok`; returns the screen. */
async function waitForScreen(
  server: Tmux,
  name: string,
  ok: (screen: string) => boolean,
  what: string,
): Promise<string> {
  const deadline = Date.now() + 10_000;
  let screen = "";
  while (Date.now() < deadline) {
    screen = await screenOf(server, name);
    if (ok(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what} on ${name}; it shows:\n${screen}`);
}

const hasLine = (line: string) => (screen: string) =>
  screen.split("\n").some((row) => row.trim() === line);

/** Shells whose prompt shows: input typed before a shell starts could be lost. */
async function shellsReady(server: Tmux, names: string[]): Promise<void> {
  for (const name of names) {
    await waitForScreen(server, name, (screen) => screen.trim() !== "", "a prompt");
  }
}

Deno.test("Broadcast from the dashboard reaches exactly the ticked sessions, two ticked via their group", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  // Two in crew: a group of one would be shown as its session, with no group box.
  const names = ["crew-alpha", "crew-delta", "beta", "gamma"];
  for (const name of names) await dashboard.createSession(name);
  await shellsReady(dashboard, names);
  const tree = page.getByRole("tree", { name: "Sessions" });
  const item = (label: string) => tree.getByRole("treeitem", { name: new RegExp(`^${label},`) });
  await item("gamma").waitFor();

  // No tick boxes until broadcast mode is on.
  assert.equal(await tree.getByRole("checkbox").count(), 0);
  const toggle = page.getByRole("button", { name: "Broadcast", exact: true });
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  const bar = page.getByRole("region", { name: "Broadcast" });
  const text = bar.getByRole("textbox", { name: "Broadcast text" });
  await text.waitFor();
  // Typing goes to the bar.
  await page.waitForFunction(() =>
    document.activeElement?.getAttribute("aria-label") === "Broadcast text"
  );
  await bar.getByText(/^No session selected/).waitFor();

  // The group's box ticks every session below it; Space on a row ticks that row.
  await tree.getByRole("checkbox", { name: "Broadcast to group crew" }).click();
  await item("beta").focus();
  await page.keyboard.press("Space");

  await bar.getByText("Sending to 3 sessions:").waitFor();
  const recipients = bar.getByRole("list", { name: "Sending to 3 sessions:" });
  assert.deepEqual(await recipients.getByRole("listitem").allInnerTexts(), [
    "beta",
    "crew-alpha",
    "crew-delta",
  ]);
  assert.equal(await item("crew").getAttribute("aria-checked"), "true");
  assert.equal(await item("alpha").getAttribute("aria-checked"), "true");
  assert.equal(await item("delta").getAttribute("aria-checked"), "true");
  assert.equal(await item("beta").getAttribute("aria-checked"), "true");
  assert.equal(await item("gamma").getAttribute("aria-checked"), "false");
  assert.deepEqual(
    await tree.locator("[data-broadcast]").evaluateAll((els) =>
      els.map((el) => (el as HTMLElement).dataset.key)
    ),
    ["local/beta", "local\x1fcrew", "local/crew-alpha", "local/crew-delta"],
    "exactly the ticked rows are highlighted",
  );
  // Nothing was opened: ticking is not choosing a session.
  assert.equal(new URL(page.url()).hash, "");

  await text.fill("echo bc-$((40+2))");
  await text.press("Enter");
  await bar.getByRole("status").filter({ hasText: "Sent to 3 sessions." }).waitFor();
  assert.equal(await text.inputValue(), "", "the line is cleared once sent");

  await waitForScreen(dashboard, "crew-alpha", hasLine("bc-42"), "the broadcast line");
  await waitForScreen(dashboard, "crew-delta", hasLine("bc-42"), "the broadcast line");
  await waitForScreen(dashboard, "beta", hasLine("bc-42"), "the broadcast line");
  // gamma types its own marker: input reaches a pane in order, so a broadcast would show first.
  await dashboard.tmux("send-keys", "-t", "=gamma:", "echo own-$((1+1))", "Enter");
  const gamma = await waitForScreen(dashboard, "gamma", hasLine("own-2"), "its own line");
  assert.doesNotMatch(gamma, /bc-/, "the unticked session received nothing");

  // Leaving broadcast mode removes the boxes and the bar.
  await toggle.click();
  await bar.waitFor({ state: "detached" });
  assert.equal(await tree.getByRole("checkbox").count(), 0);
  assert.equal(await item("beta").getAttribute("aria-checked"), null);
});

Deno.test("Broadcast shows a session that did not get the input inline, and sends keys", async () => {
  await using worker = await MaestroServer.start();
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await worker.tmux("new-session", "-d", "-s", "wk-one", "sh");
  await dashboard.createSession("here");
  await shellsReady(dashboard, ["here"]);
  const added = await dashboard.api("POST", "/api/hosts", {
    name: "worker",
    url: worker.origin,
    token: worker.token,
  });
  assert.equal(added.status, 201, await added.text());
  const workerTree = page.getByRole("tree", { name: "Sessions on worker" });
  await workerTree.getByRole("treeitem", { name: /^wk-one,/ }).waitFor();

  await page.getByRole("button", { name: "Broadcast", exact: true }).click();
  const bar = page.getByRole("region", { name: "Broadcast" });
  await page.getByRole("checkbox", { name: "Broadcast to here" }).click();
  await workerTree.getByRole("checkbox", { name: /^Broadcast to wk-one on / }).click();
  await bar.getByText("Sending to 2 sessions:").waitFor();

  // The worker goes away; its session stays listed (greyed) and stays ticked.
  await worker.stop();
  const text = bar.getByRole("textbox", { name: "Broadcast text" });
  await text.fill("echo still-$((1+2))");
  await text.press("Enter");
  await bar.getByRole("status").filter({ hasText: "Sent to 1 of 2 sessions." }).waitFor();
  const alert = bar.getByRole("alert");
  assert.match(
    await alert.innerText(),
    /^Not sent to worker\/wk-one: Host "worker" is unreachable/,
  );
  assert.equal(
    await bar.getByRole("list", { name: /^Sending to/ }).getByRole("listitem")
      .filter({ hasText: "worker/wk-one" }).getAttribute("data-failed"),
    "true",
  );
  await waitForScreen(dashboard, "here", hasLine("still-3"), "the line that did get through");

  // Dropping the failed recipient from the bar unticks it in the tree too.
  await bar.getByRole("button", { name: "Stop sending to worker/wk-one" }).click();
  await bar.getByText("Sending to 1 session:").waitFor();
  assert.equal(
    await workerTree.getByRole("treeitem", { name: /^wk-one,/ }).getAttribute("aria-checked"),
    "false",
  );

  // Keys: Ctrl+C interrupts a long command everywhere, so the next line runs at once.
  await text.fill("sleep 60");
  await text.press("Enter");
  await bar.getByRole("button", { name: "Send Ctrl+C" }).click();
  await text.fill("echo after-$((2+2))");
  await text.press("Enter");
  await waitForScreen(dashboard, "here", hasLine("after-4"), "the line after Ctrl+C");
  assert.equal(await bar.getByRole("alert").count(), 0, "the failure is gone once all succeed");
});
