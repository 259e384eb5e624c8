/**
 * End-to-end: the page tells the person what is happening — a stopped server is unmistakable (a
 * banner counting down to the next try, the statuses and top bar greyed), a rejected sign-in link
 * says so and the sign-in box takes a whole URL, controls that cannot work are disabled with the
 * reason, Settings' fields line up, and the notes panel closes on a phone.
 */

import assert from "node:assert/strict";
import { Dashboard, MaestroServer } from "./harness.ts";

Deno.test("Page states: a stopped server shows a banner with the retry countdown and greys the page until it is back", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("states-live");
  await page.goto(`${dashboard.origin}/#/local/states-live`);
  await dashboard.waitForLive();
  const banner = page.getByRole("alert").filter({ hasText: "Maestro is not reachable" });
  assert.equal(await banner.count(), 0);

  const server = dashboard.server;
  assert.ok(server);
  await server.stop();
  await banner.waitFor();
  await banner.getByText(/Retrying in \d+ s…/).waitFor({ timeout: 15_000 });
  const greyed = await page.locator(".topbar").evaluate((el) => getComputedStyle(el).filter);
  assert.match(greyed, /grayscale\(1\)/);
  assert.match(
    await page.locator("session-tree .dot").first().evaluate((el) => getComputedStyle(el).filter),
    /grayscale\(1\)/,
  );

  // The page keeps trying: back as soon as the server is, at once with Retry now.
  dashboard.server = await MaestroServer.start({ restartOf: server });
  // The countdown may run out and reconnect first (seen under load): then there is nothing left
  // to click, which is the state this waits for anyway.
  await banner.getByRole("button", { name: "Retry now" }).click({ timeout: 5000 }).catch(
    async (error) => {
      if ((await banner.count()) !== 0) throw error;
    },
  );
  await banner.waitFor({ state: "detached" });
  assert.equal(await page.locator(".topbar").evaluate((el) => getComputedStyle(el).filter), "none");
});

Deno.test("Page states: a sign-in link with a wrong token says it was rejected; the box takes a whole URL", async () => {
  await using dashboard = await Dashboard.start({ signIn: false });
  const page = dashboard.page;
  await page.goto(`${dashboard.origin}/?token=wrong`);
  await page.getByRole("alert").filter({ hasText: "The sign-in link's token was rejected" })
    .waitFor();
  assert.equal(new URL(page.url()).search, "", "the token left the address");
  await page.getByLabel("Token").fill(` ${dashboard.origin}/?token=${dashboard.token} `);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "New session" }).first().waitFor();
});

Deno.test("Page states: an ended session's and an exited program's controls are disabled with the reason", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const topbar = page.locator(".topbar");
  const control = (name: string) => topbar.getByRole("button", { name, exact: true });

  // A program that exited, its pane kept: Kill still clears it, renaming and muting are moot.
  await dashboard.createSession("keeper");
  await dashboard.tmux("set-option", "-g", "remain-on-exit", "on");
  await dashboard.tmux("new-session", "-d", "-s", "states-exited", "sh", "-c", "exit 0");
  await page.goto(`${dashboard.origin}/#/local/states-exited`);
  await page.locator(
    `.topbar [aria-label="Rename"][disabled][title="Unavailable: states-exited's program has exited"]`,
  ).waitFor();
  assert.equal(await control("Mute notifications").isDisabled(), true);
  assert.equal(await control("Kill").isEnabled(), true);
  assert.equal(await control("Notes").isEnabled(), true);

  // A session that ended (killed outside the page): nothing can work.
  await dashboard.createSession("states-ended");
  await page.goto(`${dashboard.origin}/#/local/states-ended`);
  await dashboard.waitForLive();
  assert.equal(await control("Kill").isEnabled(), true);
  await dashboard.tmux("kill-session", "-t", "=states-ended");
  await page.locator('.topbar [aria-label="Kill"][disabled]').waitFor();
  for (const name of ["Mute notifications", "Notes", "Rename", "Kill"]) {
    assert.equal(await control(name).isDisabled(), true, `${name} is disabled`);
    assert.equal(
      await control(name).getAttribute("title"),
      "Unavailable: states-ended has ended",
    );
  }
});

Deno.test("Page states: Settings' host name and URL fields line up", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await page.getByRole("button", { name: "Settings" }).click();
  const name = page.getByLabel("Host name", { exact: true }).first();
  const url = page.getByLabel("URL", { exact: true }).first();
  // The sections above load their data after the page opens and may push the form down between
  // two measurements: measure both until the layout holds still.
  let [a, b] = [await name.boundingBox(), await url.boundingBox()];
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(100);
    const [c, d] = [await name.boundingBox(), await url.boundingBox()];
    const same = JSON.stringify([a, b]) === JSON.stringify([c, d]);
    [a, b] = [c, d];
    if (same) break;
  }
  assert.ok(a !== null && b !== null);
  assert.ok(Math.abs(a.x - b.x) > 100, "side by side");
  assert.equal(b.y, a.y, "the URL field is level with the name field");
  assert.equal(b.height, a.height);
});

Deno.test("Page states: on a phone the notes panel has its own close button", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 390, height: 844 } });
  const page = dashboard.page;
  await dashboard.createSession("states-phone");
  await page.goto(`${dashboard.origin}/#/local/states-phone`);
  await dashboard.waitForLive();
  const notes = page.locator("notes-panel");
  assert.equal(await notes.isHidden(), true, "closed on a phone until asked");
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  await notes.waitFor();
  const close = notes.getByRole("button", { name: "Close notes" });
  const box = await close.boundingBox();
  assert.ok(
    box !== null && box.x + box.width <= 390 && box.y >= 0,
    "the close button is on screen",
  );
  await close.click();
  await notes.waitFor({ state: "hidden" });
  const terminals = await page.locator(".terminals").boundingBox();
  assert.ok((terminals?.width ?? 0) >= 388, "the terminal has the width again");
});
