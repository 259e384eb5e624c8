/**
 * End-to-end: keys typed while the server cannot be reached are refused visibly — the terminal
 * says in words that it is not connected and that what was typed was not sent.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

Deno.test("Terminal refuses keys visibly while the server cannot be reached", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("offline-keys");
  await page.evaluate(() => (location.hash = "#/local/offline-keys"));
  await dashboard.waitForLive();
  // Every state line the terminal shows, kept: the first lasts only until the next attempt, which
  // on a loaded machine may come before the test reads it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    new MutationObserver(() => {
      const text = (document.querySelector("terminal-view[active] .term-state") as HTMLElement)
        ?.innerText;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dashboard.server?.stop();
  await page.locator('terminal-view[active][data-state="reconnecting"]').waitFor();
  const status = page.locator("terminal-view[active] .term-state");
  await page.waitForFunction(() =>
    (window as unknown as { seenStates: string[] }).seenStates.some((text) =>
      /^Not connected: Maestro is stopping/.test(text)
    )
  );
  // The next attempt finds no server: said in words, not as a close code.
  await page.waitForFunction(() =>
    /^Not connected: the server cannot be reached — reconnecting in \d+ s/.test(
      (document.querySelector("terminal-view[active] .term-state") as HTMLElement).innerText,
    )
  );
  assert.doesNotMatch(await status.innerText(), /not sent/);

  await page.locator("terminal-view[active] .xterm-screen").click();
  await page.keyboard.type("echo lost");
  await page.locator("terminal-view[active] .term-state-refused").waitFor();
  const text = await status.innerText();
  assert.match(text, /Not connected: what you typed was not sent/);
  assert.doesNotMatch(text, /1006/);
  assert.equal(await status.getAttribute("role"), "status");
});
