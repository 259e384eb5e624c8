/**
 * End-to-end tests of searching every session from the dashboard: a real server, real tmux on a
 * private socket, headless Chromium.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

interface Revealed {
  text: string;
  row: number;
  visible: boolean;
  rowText: string;
  scrolledUp: boolean;
}

/** What the active terminal selected for the search, and the whole text of that row. */
function revealed(dashboard: Dashboard): Promise<Revealed | null> {
  return dashboard.page.evaluate(() => {
    const view = document.querySelector("terminal-view[active]") as
      | (HTMLElement & {
        revealedMatch: Omit<Revealed, "rowText"> | null;
        bufferText(): string;
      })
      | null;
    const match = view?.revealedMatch ?? null;
    if (view === null || match === null) return null;
    const rows = view.bufferText().split("\n");
    return { ...match, rowText: rows[match.row] ?? "" };
  });
}

async function waitForReveal(
  dashboard: Dashboard,
  ok: (r: Revealed) => boolean,
  what: string,
): Promise<Revealed> {
  const deadline = Date.now() + 10_000;
  let last: Revealed | null = null;
  while (Date.now() < deadline) {
    last = await revealed(dashboard);
    if (last !== null && ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}; the terminal selected ${JSON.stringify(last)}`);
}

/** Type a command into a session through tmux and wait for `done` on its screen. */
async function run(dashboard: Dashboard, name: string, command: string, done: string) {
  await dashboard.tmux("send-keys", "-t", `=${name}:`, command, "Enter");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const screen = await dashboard.tmux("capture-pane", "-p", "-t", `=${name}:`);
    if (screen.split("\n").includes(done)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`"${done}" never showed on ${name}`);
}

Deno.test("Search finds text in every session, and choosing a match opens it selected in the terminal", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("search-deep");
  await dashboard.createSession("search-near");
  // The marker is whole only in printf's output; 80 more lines push it into the scrollback.
  await run(dashboard, "search-deep", "printf 'deep %sWord\\n' Marker; seq 1 80", "80");
  await run(dashboard, "search-near", "printf 'near %sWord\\n' Marker", "near MarkerWord");

  await page.keyboard.press("Control+Shift+F");
  const panel = page.getByRole("dialog", { name: "Search all sessions" });
  await panel.waitFor();
  await panel.getByRole("combobox", { name: "Text to find in every session" }).fill("markerWORD");
  const results = panel.getByRole("listbox", { name: "Matches" });
  const deep = results.getByRole("group", { name: "search-deep" });
  const near = results.getByRole("group", { name: "search-near" });
  await deep.getByRole("option").first().waitFor();
  await near.getByRole("option").first().waitFor();
  assert.equal(await deep.getByRole("option").count(), 1);
  assert.equal(await near.getByRole("option").count(), 1);
  await panel.getByRole("status").filter({ hasText: "2 matches in 2 sessions" }).waitFor();
  // The matched text is highlighted, in the line as the screen shows it.
  assert.equal(await deep.locator("mark").textContent(), "MarkerWord");
  assert.equal(await deep.locator(".search-text").textContent(), "deep MarkerWord");
  assert.match((await deep.locator(".search-line").textContent()) ?? "", /lines up$/);

  // Choosing the scrollback match opens that session scrolled up to it, the match selected.
  await deep.getByRole("option").click();
  await panel.waitFor({ state: "hidden" });
  await page.getByRole("heading", { name: "search-deep" }).waitFor();
  await dashboard.waitForLive();
  const shown = await waitForReveal(
    dashboard,
    (r) => r.text === "MarkerWord" && r.visible,
    "the scrollback match selected on screen",
  );
  assert.equal(shown.rowText, "deep MarkerWord");
  assert.ok(shown.scrolledUp, "the terminal scrolled up into the scrollback");

  // The shortcut works from the focused terminal too: the panel reopens with the text kept.
  await page.waitForFunction(() => document.activeElement?.closest("terminal-view") !== null);
  await page.keyboard.press("Control+Shift+F");
  await panel.waitFor();
  const input = panel.getByRole("combobox");
  assert.equal(await input.inputValue(), "markerWORD");
  await panel.getByRole("status").filter({ hasText: "2 matches" }).waitFor();
  // The second match, chosen with the keyboard.
  await input.press("ArrowDown");
  await input.press("Enter");
  await panel.waitFor({ state: "hidden" });
  await page.getByRole("heading", { name: "search-near" }).waitFor();
  const near2 = await waitForReveal(
    dashboard,
    (r) => r.text === "MarkerWord" && r.rowText === "near MarkerWord" && r.visible,
    "the screen match selected",
  );
  assert.equal(near2.scrolledUp, false);
});

Deno.test("Search says when nothing matches and leaves scrollback out when unticked", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("quiet");
  await run(dashboard, "quiet", "printf 'gone %sWord\\n' Marker; seq 1 60", "60");

  await page.getByRole("button", { name: "Search", exact: true }).click();
  const panel = page.getByRole("dialog", { name: "Search all sessions" });
  await panel.getByRole("combobox").fill("no such text here");
  await panel.getByRole("status").filter({ hasText: "No matches for “no such text here”." })
    .waitFor();

  await panel.getByRole("combobox").fill("markerword");
  await panel.getByRole("status").filter({ hasText: "1 match in 1 session" }).waitFor();
  await panel.getByRole("checkbox", { name: "Scrollback" }).uncheck();
  await panel.getByRole("status").filter({ hasText: "No matches" }).waitFor();
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden" });
  // Reopened, it runs the search again with what it had.
  await page.keyboard.press("Control+Shift+F");
  await panel.getByRole("status").filter({ hasText: "No matches for “markerword”." }).waitFor();
  assert.equal(await panel.getByRole("checkbox", { name: "Scrollback" }).isChecked(), false);
});
