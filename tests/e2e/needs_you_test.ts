/**
 * End-to-end: finding who needs you among many sessions. The tree sorts the sessions that need you
 * first, filters by status (remembered across a reload), a key opens the next session that needs
 * you, and the broadcast selection mutes a whole group at once — real server, tmux and Chromium.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

const ASK = "printf 'Continue? [y/N] '; read answer";

async function create(dashboard: Dashboard, name: string, command?: string): Promise<void> {
  const response = await dashboard.api(
    "POST",
    "/api/sessions",
    command === undefined ? { name } : { name, command },
  );
  assert.equal(response.status, 201, await response.text());
}

Deno.test("The tree puts who needs you first, filters by status, jumps to the next one and mutes a group at once", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const tree = page.getByRole("tree", { name: "Sessions" });
  await create(dashboard, "alpha", ASK);
  await create(dashboard, "beta");
  await create(dashboard, "mid", "echo built");
  await create(dashboard, "team-one", ASK);
  await create(dashboard, "team-two", ASK);
  const item = (name: string, status: string) =>
    tree.getByRole("treeitem", { name: new RegExp(`^${name}, ${status}`) });
  for (
    const [name, status] of [["alpha", "Needs you"], ["beta", "Idle"], ["mid", "Done"]] as const
  ) {
    await item(name, status).waitFor({ timeout: 20_000 });
  }
  await tree.locator('[data-name="team-two"]').waitFor();
  await page.waitForFunction(() => document.title === "(3) Maestro", null, { timeout: 20_000 });
  const rows = () =>
    tree.locator('[role="treeitem"]').evaluateAll((items) =>
      items.map((el) => (el as HTMLElement).dataset.name ?? `group ${el.getAttribute("data-key")}`)
    );

  // By name: the tree's natural order.
  const byName = await rows();
  assert.deepEqual(byName.filter((r) => !r.startsWith("group")), [
    "alpha",
    "beta",
    "mid",
    "team-one",
    "team-two",
  ]);

  // Needs you first: the group holding two who need you ranks with them; done comes before idle.
  const order = page.getByRole("button", { name: "Needs you first" });
  await order.click();
  assert.equal(await order.getAttribute("aria-pressed"), "true");
  const byStatus = (await rows()).filter((r) => !r.startsWith("group"));
  assert.deepEqual(byStatus.slice(-2), ["mid", "beta"], "done, then idle, last");
  assert.deepEqual(byStatus.slice(0, 3).sort(), ["alpha", "team-one", "team-two"]);

  // A status chip shows only those sessions, with their count; the choice survives a reload.
  const needsYou = page.getByRole("button", { name: "Show needs you: 3" });
  await needsYou.click();
  assert.equal(await needsYou.getAttribute("aria-pressed"), "true");
  assert.deepEqual(
    (await rows()).filter((r) => !r.startsWith("group")).sort(),
    ["alpha", "team-one", "team-two"],
  );
  await page.reload();
  await page.getByRole("button", { name: "Show needs you: 3", pressed: true }).waitFor();
  await page.getByRole("button", { name: "Needs you first", pressed: true }).waitFor();
  await tree.locator('[data-name="team-two"]').waitFor();
  assert.equal(await tree.locator('[data-name="beta"]').count(), 0);
  await page.getByRole("button", { name: "Show needs you: 3" }).click();
  await tree.locator('[data-name="beta"]').waitFor();

  // The key opens the next session that needs you, in the tree's order, wrapping around.
  const opened: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Control+Shift+Enter");
    const heading = page.locator("session-topbar h2");
    const before = opened.at(-1);
    await page.waitForFunction(
      (prev) => {
        const text = document.querySelector("session-topbar h2")?.textContent?.trim() ?? "";
        return text !== "" && text !== prev;
      },
      before ?? "",
    );
    opened.push((await heading.textContent())?.trim() ?? "");
  }
  assert.deepEqual(opened.slice(0, 3), byStatus.slice(0, 3), "the tree's order");
  assert.equal(opened[3], opened[0], "it wraps around");

  // Mute a whole group from the broadcast selection: both leave the badge at once.
  await page.getByRole("button", { name: "Broadcast", exact: true }).click();
  await tree.getByRole("checkbox", { name: "Broadcast to group team" }).click();
  const bar = page.getByRole("region", { name: "Broadcast" });
  await bar.getByText("Sending to 2 sessions:").waitFor();
  await bar.getByRole("button", { name: "Mute", exact: true }).click();
  await bar.getByRole("status").filter({ hasText: "Muted 2 sessions." }).waitFor();
  await page.waitForFunction(() => /^\(1\) /.test(document.title));
  const muted = await (await dashboard.api("GET", "/api/mutes")).json();
  assert.deepEqual(muted.muted.map((m: { name: string }) => m.name).sort(), [
    "team-one",
    "team-two",
  ]);
  assert.match(
    await tree.locator('[data-name="team-one"]').getAttribute("aria-label") ?? "",
    /, muted,/,
  );

  // Unmute brings them back into the count.
  await bar.getByRole("button", { name: "Unmute" }).click();
  await page.waitForFunction(() => /^\(3\) /.test(document.title));
  assert.deepEqual((await (await dashboard.api("GET", "/api/mutes")).json()).muted, []);
});
