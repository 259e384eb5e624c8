/**
 * End-to-end: the split view. Two sessions side by side at 1280×800, each live and typed into on
 * its own, the focused one marked and driving the top bar; the divider sizes both panes (and
 * their tmux windows follow); a reload keeps the split; at a narrow viewport the panes stack; a
 * pane's close button or its session's end goes back to one terminal.
 */

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Dashboard } from "./harness.ts";
import { readSettled, readUntil as until } from "../helpers/polling.ts";

const pane = (page: Page, which: "first" | "second") =>
  page.locator(`terminal-panes > terminal-view[data-pane="${which}"]`);

function paneText(page: Page, which: "first" | "second"): Promise<string> {
  return page.evaluate((which) => {
    const view = document.querySelector(`terminal-view[data-pane="${which}"]`) as
      | (HTMLElement & { bufferText(): string })
      | null;
    return view?.bufferText() ?? "";
  }, which);
}

async function width(dashboard: Dashboard, name: string): Promise<number> {
  const out = await dashboard.tmux("display-message", "-p", "-t", `=${name}:`, "#{window_width}");
  return Number(out.trim());
}

/** The page's address hash (read through the page: replaceState moves it without navigating). */
function hashOf(page: Page): Promise<string> {
  return page.evaluate(() => location.hash);
}

async function box(page: Page, which: "first" | "second") {
  const found = await pane(page, which).boundingBox();
  assert.ok(found !== null, `the ${which} pane is shown`);
  return found;
}

/** Open `left`, then `right` beside it through the top bar's Split and the switcher. */
async function openSplit(dashboard: Dashboard, left: string, right: string): Promise<void> {
  const page = dashboard.page;
  await page.goto(`${dashboard.origin}/#/local/${left}`);
  await dashboard.waitForLive();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  const picker = page.getByRole("dialog", { name: "Split view" });
  await picker.waitFor();
  assert.equal(
    await picker.getByRole("option", { name: new RegExp(`^${left}\\b`) }).count(),
    0,
    "the open session is not offered",
  );
  await page.keyboard.type(right);
  await page.keyboard.press("Enter");
  await page.locator('terminal-view[data-pane="second"][data-state="live"]').waitFor();
  await page.locator('terminal-view[data-pane="first"][data-state="live"]').waitFor();
}

Deno.test("Split view: two sessions side by side, typed into on their own, sized by the divider, kept by a reload", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 1280, height: 800 } });
  const page = dashboard.page;
  await dashboard.createSession("left");
  await dashboard.createSession("right");
  await openSplit(dashboard, "left", "right");
  assert.equal(await hashOf(page), "#/split/local/left/local/right");

  // Side by side, the new pane focused and driving the top bar.
  const [a, b] = [await box(page, "first"), await box(page, "second")];
  assert.ok(b.x >= a.x + a.width - 1 && Math.abs(a.y - b.y) < 2, "side by side");
  assert.ok(Math.abs(a.width - b.width) < 12, `halves: ${a.width} and ${b.width}`);
  assert.equal(await page.locator(".topbar-title h2").innerText(), "right");
  assert.equal(await page.locator('.pane-head[data-focused="true"]').innerText(), "right");

  // Each pane's input reaches its own session only.
  await page.keyboard.type("echo right-$((2+2))\n");
  await until(() => paneText(page, "second"), (t) => t.includes("right-4"), "right-4 on the right");
  await pane(page, "first").locator(".xterm-screen").click();
  assert.equal(await page.locator(".topbar-title h2").innerText(), "left", "focus followed");
  await page.keyboard.type("echo left-$((1+1))\n");
  await until(() => paneText(page, "first"), (t) => t.includes("left-2"), "left-2 on the left");
  assert.ok(!(await paneText(page, "second")).includes("left-2"), "not on the right");
  assert.ok(!(await paneText(page, "first")).includes("right-4"), "not on the left");

  // Each tmux window has its own pane's width; dragging the divider moves both.
  const leftBefore = await until(() => width(dashboard, "left"), (w) => w > 20, "left's width");
  const rightBefore = await until(() => width(dashboard, "right"), (w) => w > 20, "right's width");
  assert.ok(Math.abs(leftBefore - rightBefore) <= 3, `${leftBefore} and ${rightBefore} columns`);
  const divider = page.getByRole("separator", { name: "Split divider" });
  assert.equal(await divider.getAttribute("aria-valuenow"), "50");
  const handle = await divider.boundingBox();
  assert.ok(handle !== null);
  await page.mouse.move(handle.x + handle.width / 2, handle.y + 300);
  await page.mouse.down();
  await page.mouse.move(handle.x + 100, handle.y + 300, { steps: 4 });
  await page.mouse.move(handle.x + 200, handle.y + 300, { steps: 4 });
  await page.mouse.up();
  const share = Number(await divider.getAttribute("aria-valuenow"));
  assert.ok(share >= 65 && share <= 72, `the first pane has ${share} %`);
  // Settled: the drag resizes in steps (debounced), and a first read may catch one on the way.
  const wider = await readSettled(
    () => width(dashboard, "left"),
    (w) => w > leftBefore + 15,
    "wider",
  );
  const narrower = await readSettled(
    () => width(dashboard, "right"),
    (w) => w < rightBefore - 15,
    "narrower",
  );
  assert.ok((await box(page, "first")).width > (await box(page, "second")).width + 200);

  // A reload keeps the split and the divider where it was.
  await page.reload();
  await page.locator('terminal-view[data-pane="first"][data-state="live"]').waitFor();
  await page.locator('terminal-view[data-pane="second"][data-state="live"]').waitFor();
  assert.equal(await divider.getAttribute("aria-valuenow"), String(share));
  assert.ok(await paneText(page, "first").then((t) => t.includes("left-2")));
  assert.ok(await paneText(page, "second").then((t) => t.includes("right-4")));
  await until(() => width(dashboard, "left"), (w) => w === wider, `left at ${wider} columns`);
  await until(() => width(dashboard, "right"), (w) => w === narrower, `right at ${narrower}`);

  // A rename made elsewhere: the pane and the address follow.
  await dashboard.tmux("rename-session", "-t", "=right", "right2");
  await page.locator('.pane-head[data-pane="second"]', { hasText: "right2" }).waitFor();
  await until(
    () => hashOf(page),
    (h) => h === "#/split/local/left/local/right2",
    "the address to follow the rename",
  );

  // Killing one of the two (from outside) leaves the other alone in the workspace.
  await dashboard.tmux("kill-session", "-t", "=left");
  await page.locator("terminal-panes[data-split]").waitFor({ state: "detached" });
  await page.locator(".pane-head").waitFor({ state: "detached" });
  // The address and the title follow in a later render than the panes (seen under load).
  await until(() => hashOf(page), (h) => h === "#/local/right2", "one session");
  await until(
    () => page.locator(".topbar-title h2").innerText(),
    (title) => title === "right2",
    "the title to name the session left",
  );
  assert.equal(await page.locator('terminal-view[active][data-state="live"]').count(), 1);
});

Deno.test("Split view: stacked on a narrow screen and on a phone; a pane's close button and the shortcut", async () => {
  await using dashboard = await Dashboard.start({ viewport: { width: 800, height: 700 } });
  const page = dashboard.page;
  await dashboard.createSession("top");
  await dashboard.createSession("bottom");
  await openSplit(dashboard, "top", "bottom");
  const [a, b] = [await box(page, "first"), await box(page, "second")];
  assert.ok(b.y >= a.y + a.height - 1 && Math.abs(a.x - b.x) < 2, "stacked");
  const divider = page.getByRole("separator", { name: "Split divider" });
  assert.equal(await divider.getAttribute("aria-orientation"), "horizontal");

  // The divider by keyboard: the top pane grows with ↓.
  await divider.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await divider.getAttribute("aria-valuenow"), "60");
  await until(
    async () => (await box(page, "first")).height - (await box(page, "second")).height,
    (d) => d > 40,
    "the top pane taller",
  );

  // Ctrl+Shift+E moves focus to the other pane, typing goes there.
  await pane(page, "second").locator(".xterm-screen").click();
  await page.keyboard.press("Control+Shift+E");
  assert.equal(await page.locator(".topbar-title h2").innerText(), "top");
  await page.keyboard.type("echo top-$((3+3))\n");
  await until(() => paneText(page, "first"), (t) => t.includes("top-6"), "top-6 on top");

  // A phone stacks too.
  await page.setViewportSize({ width: 390, height: 844 });
  const [c, d] = [await box(page, "first"), await box(page, "second")];
  assert.ok(d.y >= c.y + c.height - 1 && c.width > 300, "stacked across the phone");

  // The bottom pane's close button: back to one terminal, the top one.
  await page.getByRole("button", { name: "Close bottom's pane" }).click();
  await page.locator("terminal-panes[data-split]").waitFor({ state: "detached" });
  assert.equal(await page.locator(".topbar-title h2").innerText(), "top");
  await until(() => hashOf(page), (h) => h === "#/local/top", "one session");

  // Ctrl+Shift+S asks which session to open beside, and Ctrl+click in the sidebar opens one.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator("terminal-view[active] .xterm-screen").click();
  await page.keyboard.press("Control+Shift+S");
  await page.getByRole("dialog", { name: "Split view" }).waitFor();
  await page.keyboard.press("Escape");
  await page.locator('session-tree [data-name="bottom"] .session-row').click({
    modifiers: ["Control"],
  });
  await page.locator('terminal-view[data-pane="second"][data-state="live"]').waitFor();
  assert.equal(await hashOf(page), "#/split/local/top/local/bottom");

  // Killing the focused pane's session from the top bar leaves the other one.
  assert.equal(await page.locator(".topbar-title h2").innerText(), "bottom");
  await page.getByRole("button", { name: "Kill", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Kill" }).click();
  await page.locator("terminal-panes[data-split]").waitFor({ state: "detached" });
  assert.equal(await page.locator(".topbar-title h2").innerText(), "top");
  await until(() => hashOf(page), (h) => h === "#/local/top", "one session");
});
