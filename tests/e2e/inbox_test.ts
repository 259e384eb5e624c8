/**
 * End-to-end: answering from the inbox, the top bar and the overview — real manager and worker
 * servers, real tmux, real Chromium. Each answer goes through the safe route and the session
 * leaves the inbox once it no longer asks; the inbox is usable on a phone-sized screen.
 */

import assert from "node:assert/strict";
import { Dashboard, MaestroServer } from "./harness.ts";

/** Asks, says what it got, then stays (a shell would count as done). */
const ask = (question: string) =>
  `printf '${question} [y/N] '; read a; echo "got=$a"; exec sleep 100000`;

async function created(response: Response): Promise<void> {
  assert.equal(response.status, 201, await response.text());
}

async function screenOf(server: { tmux(...args: string[]): Promise<string> }, name: string) {
  return await server.tmux("capture-pane", "-p", "-t", `=${name}:`);
}

async function until(probe: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

Deno.test("Inbox: a worker's question is answered with its button and leaves; keys answer and open; the top bar and overview answer too", async () => {
  await using worker = await MaestroServer.start();
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await created(
    await worker.api("POST", "/api/sessions", { name: "wk-deploy", command: ask("Deploy?") }),
  );
  await created(
    await dashboard.api("POST", "/api/hosts", {
      name: "worker",
      url: worker.origin,
      token: worker.token,
    }),
  );
  await created(
    await dashboard.api("POST", "/api/sessions", {
      name: "local-restart",
      command: ask("Restart?"),
    }),
  );
  await created(
    await dashboard.api("POST", "/api/sessions", { name: "local-build", command: "echo built" }),
  );

  // The top of the tree counts them and opens the inbox.
  const entry = page.getByRole("button", { name: /^Inbox: 2 need you, 1 done$/ });
  await entry.waitFor({ timeout: 20_000 });
  await entry.click();
  assert.match(page.url(), /#\/inbox$/);
  const inbox = page.getByRole("region", { name: "Inbox" });
  const needs = inbox.getByRole("list", { name: "Needs you" });
  await needs.getByRole("listitem").nth(1).waitFor();
  assert.equal(await needs.getByRole("listitem").count(), 2);
  const remote = needs.getByRole("listitem", {
    name: /^worker\/wk-deploy, Needs you: Deploy\? \[y\/N\]$/,
  });
  await remote.waitFor();
  assert.equal(
    await inbox.getByRole("list", { name: "Done" }).getByRole("listitem").count(),
    1,
    "local-build is done",
  );

  // Its button answers through the manager and the worker: typed there, and it leaves the inbox.
  await remote.getByRole("button", { name: "y Yes" }).click();
  await until(
    async () => /^got=y$/m.test(await screenOf(worker, "wk-deploy")),
    "the worker's answer",
  );
  await remote.waitFor({ state: "detached", timeout: 20_000 });

  // Keys: focus the remaining item, 1 chooses its first answer.
  const local = needs.getByRole("listitem", { name: /^local-restart, Needs you/ });
  await local.focus();
  await page.keyboard.press("1");
  await until(
    async () => /^got=y$/m.test(await screenOf(dashboard, "local-restart")),
    "1 answered",
  );
  await local.waitFor({ state: "detached", timeout: 20_000 });
  await inbox.getByRole("status").filter({ hasText: "0 need you · 1 done" }).waitFor();

  // Enter opens the done session; the inbox closes.
  const build = inbox.getByRole("listitem", { name: /^local-build, Done/ });
  await build.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "local-build" }).waitFor();
  assert.equal(await inbox.count(), 0);

  // The top bar of a session that asks has its answers.
  await created(
    await dashboard.api("POST", "/api/sessions", { name: "local-bar", command: ask("Merge?") }),
  );
  await page.getByRole("treeitem", { name: /^bar, Needs you/ }).click();
  const bar = page.getByRole("region", { name: "local-bar asks" });
  await bar.getByText("Merge? [y/N]").waitFor({ timeout: 20_000 });
  await bar.getByRole("button", { name: "n No" }).click();
  await until(
    async () => /^got=n$/m.test(await screenOf(dashboard, "local-bar")),
    "the top bar's answer",
  );
  await bar.waitFor({ state: "detached", timeout: 20_000 });

  // An overview card of a session that asks has its answers.
  await created(
    await dashboard.api("POST", "/api/sessions", { name: "local-card", command: ask("Ship?") }),
  );
  await page.getByRole("button", { name: "Overview" }).click();
  const card = page.locator('overview-thumb:has(a[aria-label^="local-card, Needs you"])');
  await card.getByRole("button", { name: "y Yes" }).click({ timeout: 20_000 });
  await until(
    async () => /^got=y$/m.test(await screenOf(dashboard, "local-card")),
    "the card's answer",
  );
});

Deno.test("Inbox on a phone: 390×844, the question and full-width answers within the screen", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 390, height: 844 } });
  const page = dashboard.page;
  await created(
    await dashboard.api("POST", "/api/sessions", { name: "phone-ask", command: ask("Continue?") }),
  );
  await page.goto(`${dashboard.origin}/#/inbox`);
  const inbox = page.getByRole("region", { name: "Inbox" });
  const item = inbox.getByRole("listitem", { name: /^phone-ask, Needs you/ });
  await item.waitFor({ timeout: 20_000 });
  const yes = item.getByRole("button", { name: "y Yes" });
  const box = await yes.boundingBox();
  assert.ok(box);
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `within the screen: ${JSON.stringify(box)}`);
  assert.ok(box.height >= 44, `a thumb-sized target: ${box.height}px`);
  assert.ok(box.width >= 300, `full width: ${box.width}px`);
  assert.equal(
    await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    true,
    "nothing scrolls sideways",
  );
  await yes.tap().catch(() => yes.click());
  await until(async () => /^got=y$/m.test(await screenOf(dashboard, "phone-ask")), "the answer");
  await item.waitFor({ state: "detached", timeout: 20_000 });
});
