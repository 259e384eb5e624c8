/**
 * End-to-end: a focused terminal gets the keys its program uses (Ctrl+K reaches bash, Ctrl+V
 * reaches the program), the page's shortcuts take keys terminals do not use, and `?` lists them.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

Deno.test("Page keys: Ctrl+K and Ctrl+V reach the terminal's program; Ctrl+K elsewhere and Ctrl+Shift+K open the switcher", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const created = await dashboard.api("POST", "/api/sessions", {
    name: "keys-test",
    command: "bash --norc --noprofile",
  });
  assert.equal(created.status, 201, await created.text());
  await page.goto(`${dashboard.origin}/#/local/keys-test`);
  await dashboard.waitForLive();
  // The command is typed into the session's shell: bash is ready once it runs a command.
  await page.keyboard.type("echo $((20+22))\n");
  await dashboard.waitForTerminal((t) => t.includes("\n42"), "bash answering");
  const switcher = page.getByRole("combobox", { name: "Jump to session" });

  // bash's Ctrl+K kills to the end of the line: "echo abcdef", three left, Ctrl+K → "abc".
  await page.keyboard.type("echo abcdef");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+k");
  assert.equal(await switcher.isVisible(), false, "Ctrl+K in the terminal is not the page's");
  await page.keyboard.press("Enter");
  await dashboard.waitForTerminal(
    (t) => t.split("\n").some((line) => line.trim() === "abc"),
    "abc printed",
  );

  // Ctrl+V is the program's too (vi's visual block): cat -v shows the byte (with the tty's own
  // literal-next turned off, which would otherwise swallow it).
  await page.keyboard.type("stty -iexten; cat -v\n");
  await dashboard.waitForTerminal((t) => t.includes("cat -v"), "cat -v typed");
  await page.keyboard.press("Control+v");
  await page.keyboard.type("x\n");
  await dashboard.waitForTerminal(
    (t) => t.split("\n").some((line) => line === "^Vx"),
    "^Vx printed by cat -v",
  );
  await page.keyboard.press("Control+c");

  // Ctrl+Shift+K opens the switcher from the terminal; Esc closes it.
  await page.keyboard.press("Control+Shift+K");
  await switcher.waitFor();
  await page.keyboard.press("Escape");
  await switcher.waitFor({ state: "hidden" });

  // Outside the terminal Ctrl+K is the switcher's.
  await page.getByRole("button", { name: "Overview" }).focus();
  await page.keyboard.press("Control+k");
  await switcher.waitFor();
  await page.keyboard.press("Escape");
  await switcher.waitFor({ state: "hidden" });
});

Deno.test("Page keys: ? lists every shortcut outside the terminal, not in it; Esc closes the list", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("help-test");
  await page.goto(`${dashboard.origin}/#/local/help-test`);
  await dashboard.waitForLive();
  const list = page.getByRole("dialog", { name: "Keyboard shortcuts" });

  // In the terminal ? is a character like any other.
  await page.keyboard.type("echo what?");
  await dashboard.waitForTerminal((t) => t.includes("echo what?"), "the ? typed");
  assert.equal(await list.isVisible(), false);
  await page.keyboard.press("Control+c");

  await page.getByRole("button", { name: "Overview" }).focus();
  await page.keyboard.press("?");
  await list.waitFor();
  for (const keys of ["Ctrl+Shift+K", "Ctrl+Shift+F", "Ctrl+Shift+Enter", "Esc"]) {
    assert.ok(await list.getByText(keys, { exact: true }).isVisible(), `${keys} listed`);
  }
  await page.keyboard.press("Escape");
  await list.waitFor({ state: "hidden" });

  // Not in a text field either (the sidebar's filter).
  const filter = page.getByRole("searchbox").first();
  await filter.focus();
  await page.keyboard.press("?");
  assert.equal(await filter.inputValue(), "?");
  assert.equal(await list.isVisible(), false);

  // The sidebar's ? button opens it too.
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await list.waitFor();
});
