/**
 * End-to-end tests of the dashboard: a real server, real tmux on a private socket, headless
 * Chromium. Each test starts its own setup and `await using` tears it down.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A treeitem by its visible label (its accessible name starts with the label). */
function treeItem(dashboard: Dashboard, label: string) {
  return dashboard.page.getByRole("treeitem", { name: new RegExp(`^${label},`) });
}

Deno.test("Dashboard signs in with the token URL and drops the token from the address bar", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  assert.equal(new URL(page.url()).search, "");
  await page.getByRole("tree", { name: "Sessions" }).or(page.getByText("No sessions yet")).first()
    .waitFor();
  assert.deepEqual(await dashboard.context.cookies(), [], "no cookie: every port would get it");
  const credential = await page.evaluate(() => localStorage.getItem("maestro.credential"));
  assert.match(credential ?? "", /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(credential, dashboard.token, "the page keeps its own credential, not the token");
});

Deno.test("Dashboard without a sign-in shows the token form, refuses a wrong token, accepts the right one", async () => {
  await using dashboard = await Dashboard.start({ signIn: false });
  const page = dashboard.page;
  await page.goto(dashboard.origin);
  const token = page.getByLabel("Token");
  await token.fill("not-the-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
  await token.fill(dashboard.token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "New session" }).first().waitFor();
  // The cookie carries the next visit.
  await page.reload();
  await page.getByRole("button", { name: "New session" }).first().waitFor();
});

Deno.test("Dashboard creates a session from the dialog, groups it, types into it, and a reload repaints it without duplicates", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  // A group of one is shown as its session: a sibling makes acme ▸ web a group.
  await dashboard.createSession("acme-web-backend");
  await page.getByRole("button", { name: "New session" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New session" });
  await dialog.getByLabel("Name").fill("acme-web-frontend");
  await dialog.getByRole("button", { name: "Create" }).click();
  await dialog.waitFor({ state: "hidden" });

  // acme ▸ web ▸ frontend
  const acme = treeItem(dashboard, "acme");
  const web = acme.getByRole("treeitem", { name: /^web,/ });
  const frontend = web.getByRole("treeitem", { name: /^frontend,/ });
  await frontend.waitFor();
  assert.equal(await acme.getAttribute("aria-expanded"), "true");
  assert.equal(await frontend.getAttribute("aria-selected"), "true");

  await dashboard.waitForLive();
  await page.keyboard.type("echo mark-$((6*7))");
  await page.keyboard.press("Enter");
  const before = await dashboard.waitForTerminal((t) => t.includes("\nmark-42"), "mark-42");
  assert.equal(occurrences(before, "\nmark-42"), 1);
  // One prompt, then the command: an earlier snapshot never shows through a later one.
  assert.match(before, /^[#$] echo mark-\$\(\(6\*7\)\)\nmark-42\n[#$]\s*$/);

  await page.reload();
  await dashboard.waitForLive();
  const after = await dashboard.waitForTerminal((t) => t.includes("mark-42"), "mark-42");
  assert.equal(occurrences(after, "\nmark-42"), 1, `no duplicated output after reload:\n${after}`);
  assert.equal(occurrences(after, "echo mark-$((6*7))"), 1);
  assert.equal(after.trimEnd(), before.trimEnd());
});

Deno.test("Dashboard renames a session and kills it, and the tree follows", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("acme-api");
  // Alone in its group, the session's row is its whole name.
  await treeItem(dashboard, "acme-api").click();
  await dashboard.waitForLive();

  await page.getByRole("button", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: /Rename/ });
  await rename.getByLabel("New name").fill("acme-billing");
  await rename.getByRole("button", { name: "Rename" }).click();
  await treeItem(dashboard, "acme-billing").waitFor();
  await treeItem(dashboard, "acme-api").waitFor({ state: "detached" });
  await page.getByRole("heading", { name: "acme-billing" }).waitFor();
  assert.match(page.url(), /#\/local\/acme-billing$/);
  // The terminal stays attached through the rename.
  await page.keyboard.type("echo renamed-$((1+1))\n");
  await dashboard.waitForTerminal((t) => t.includes("\nrenamed-2"), "renamed-2");

  await page.getByRole("button", { name: "Kill" }).click();
  const kill = page.getByRole("dialog", { name: /Kill session/ });
  await kill.getByText("acme-billing").waitFor();
  await kill.getByRole("button", { name: "Kill" }).click();
  await treeItem(dashboard, "acme-billing").waitFor({ state: "detached" });
  await page.getByRole("heading", { name: "No sessions yet" }).waitFor();
  assert.equal(
    (await dashboard.api("GET", "/api/sessions").then((r) => r.json())).sessions.length,
    0,
  );
});

Deno.test("Dashboard saves notes as you type and shows them after a reload", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("notes-demo");
  await treeItem(dashboard, "notes-demo").click();
  // Empty notes start closed: open them.
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  const notes = page.getByRole("textbox", { name: "Notes" });
  await notes.fill("Waiting for review of PR 42\nthen deploy");
  await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  await page.reload();
  await page.getByRole("textbox", { name: "Notes" }).and(page.locator(":enabled")).waitFor();
  assert.equal(
    await page.getByRole("textbox", { name: "Notes" }).inputValue(),
    "Waiting for review of PR 42\nthen deploy",
  );
  const api = await dashboard.api("GET", "/api/hosts/local/sessions/notes-demo/notes");
  assert.equal((await api.json()).text, "Waiting for review of PR 42\nthen deploy");

  // Leaving before the autosave delay still saves (a keepalive request on pagehide).
  await page.getByRole("textbox", { name: "Notes" }).fill("Deployed");
  await page.reload();
  await page.getByRole("textbox", { name: "Notes" }).and(page.locator(":enabled")).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Notes" }).inputValue(), "Deployed");
});

Deno.test("Dashboard new-session dialog explains invalid names and shows server errors", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("taken");
  await page.getByRole("button", { name: "New session" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New session" });
  const name = dialog.getByLabel("Name");
  await name.fill("bad.name");
  await dialog.getByText('Not allowed: "."').waitFor();
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  await dialog.getByRole("button", { name: "Create" }).click();
  assert.ok(await dialog.isVisible(), "an invalid name keeps the dialog open");

  await name.fill("-dash");
  await dialog.getByText('must not start with "-"').waitFor();

  await name.fill("taken");
  assert.equal(await name.getAttribute("aria-invalid"), "false");
  await dialog.getByRole("button", { name: "Create" }).click();
  await dialog.getByRole("alert").filter({ hasText: "taken" }).waitFor();
  assert.ok(await dialog.isVisible());

  // Presets fill the command; Escape closes the dialog.
  await dialog.getByRole("button", { name: "claude" }).click();
  assert.equal(await dialog.getByLabel("Command", { exact: true }).inputValue(), "claude");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
});

Deno.test("Dashboard quick switcher jumps to a session with Ctrl+Shift+K from the terminal", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("acme-web-frontend");
  await dashboard.createSession("acme-web-backend");
  await treeItem(dashboard, "frontend").click();
  await dashboard.waitForLive();
  await page.keyboard.press("Control+Shift+K");
  const input = page.getByRole("combobox", { name: "Jump to session" });
  // Each word a part of the name, in order.
  await input.fill("acme back");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "acme-web-backend" }).waitFor();
  assert.equal(await treeItem(dashboard, "backend").getAttribute("aria-selected"), "true");
  await dashboard.waitForLive();
});

Deno.test("Dashboard controls all have accessible names", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("acme-web-frontend");
  await dashboard.createSession("acme-web-backend");
  await dashboard.createSession("solo");
  await treeItem(dashboard, "frontend").click();
  await dashboard.waitForLive();
  const cdp = await dashboard.context.newCDPSession(page);
  const roles = new Set([
    "button",
    "textbox",
    "combobox",
    "searchbox",
    "treeitem",
    "tree",
    "dialog",
  ]);
  const audit = async () => {
    const { nodes } = await cdp.send("Accessibility.getFullAXTree") as {
      nodes: { role?: { value: string }; name?: { value: string }; ignored: boolean }[];
    };
    const live = nodes.filter((node) => !node.ignored && roles.has(node.role?.value ?? ""));
    const unnamed = live.filter((node) => !(node.name?.value ?? "").trim());
    return { live, unnamed: unnamed.map((node) => node.role?.value) };
  };
  const dashboardView = await audit();
  assert.deepEqual(dashboardView.unnamed, []);
  assert.ok(dashboardView.live.filter((node) => node.role?.value === "treeitem").length >= 4);
  for (const opener of ["New session", "Rename", "Kill"]) {
    await page.getByRole("button", { name: opener }).first().click();
    const dialogView = await audit();
    assert.deepEqual(dialogView.unnamed, [], `in the ${opener} dialog`);
    assert.ok(dialogView.live.some((node) => node.role?.value === "dialog"));
    await page.keyboard.press("Escape");
    await page.locator("dialog[open]").waitFor({ state: "detached" });
  }
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("form", { name: "Add a host" }).waitFor();
  const settingsView = await audit();
  assert.deepEqual(settingsView.unnamed, [], "in Settings");
  assert.ok(settingsView.live.some((node) => node.role?.value === "textbox"));
  await page.keyboard.press("Escape");
  await page.getByRole("heading", { name: "Settings" }).waitFor({ state: "detached" });
  await cdp.detach();
});

Deno.test("Dashboard keeps recently viewed terminals alive and retires the ninth", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const opened: string[] = [];
  const closed: string[] = [];
  page.on("websocket", (ws) => {
    const name = /sessions\/([^/]+)\/terminal$/.exec(ws.url())?.[1];
    if (name === undefined) return;
    opened.push(name);
    ws.on("close", () => closed.push(name));
  });
  const names = Array.from({ length: 9 }, (_, i) => `keep-s${i + 1}`);
  for (const name of names) await dashboard.createSession(name);
  await treeItem(dashboard, "s1").click();
  await dashboard.waitForLive();
  await page.keyboard.type("echo first-$((2+3))\n");
  await dashboard.waitForTerminal((t) => t.includes("\nfirst-5"), "first-5");
  await treeItem(dashboard, "s2").click();
  await dashboard.waitForLive();
  await treeItem(dashboard, "s1").click();
  // Back instantly: the same terminal, its screen intact, no new connection.
  assert.ok((await dashboard.terminalText()).includes("\nfirst-5"));
  assert.deepEqual(opened, ["keep-s1", "keep-s2"]);
  assert.equal(await page.locator("terminal-view").count(), 2);

  for (const name of names.slice(2)) {
    await treeItem(dashboard, name.slice("keep-".length)).click();
    await dashboard.waitForLive();
  }
  // Nine viewed, eight kept: the least recently viewed (s2) was closed.
  assert.equal(await page.locator("terminal-view").count(), 8);
  const deadline = Date.now() + 5000;
  while (!closed.includes("keep-s2") && Date.now() < deadline) await page.waitForTimeout(50);
  assert.deepEqual(closed, ["keep-s2"]);
});

Deno.test("Dashboard shows a section per host when sessions come from more than one host", async () => {
  await using dashboard = await Dashboard.start({ signIn: false });
  const page = dashboard.page;
  const session = (host: string, name: string, status: string) => ({
    host,
    name,
    id: `$${name.length}`,
    windows: 1,
    created: 0,
    activity: Math.floor(Date.now() / 1000) - 300,
    attached: 0,
    cwd: "/",
    command: "sh",
    title: "",
    status,
    group: name.split("-"),
    paneId: "%1",
    cols: 80,
    rows: 24,
  });
  const list = {
    type: "sessions",
    sessions: [
      session("local", "acme-web", "working"),
      session("local", "acme-api", "needs-you"),
      session("mini", "zoom-etl", "exited"),
    ],
    hosts: [
      { id: "local", name: "laptop", status: "online", lastSeen: 0, sessionCount: 2 },
      { id: "mini", name: "mac-mini", status: "offline", lastSeen: 0, sessionCount: 1 },
    ],
  };
  await page.routeWebSocket(/\/api\/events$/, (ws) => ws.send(JSON.stringify(list)));
  await page.route(/\/api\/sessions$/, (route) => route.fulfill({ json: list }));
  await page.goto(`${dashboard.origin}/?token=${dashboard.token}`);
  await page.getByRole("tree", { name: "Sessions on laptop" }).waitFor();
  const mini = page.getByRole("tree", { name: "Sessions on mac-mini" });
  await mini.waitFor();
  await page.getByText("offline", { exact: true }).waitFor();
  await mini.getByRole("treeitem", {
    name: "zoom-etl, Exited, active 5 minutes ago, unavailable: its host is offline",
  }).waitFor();
  const acme = page.getByRole("treeitem", { name: "acme, 2 sessions, 1 needs you" });
  await acme.getByRole("treeitem", { name: /^api, Needs you/ }).waitFor();

  // Collapsing is remembered across reloads.
  await acme.locator(".tree-row").first().click();
  assert.equal(await acme.getAttribute("aria-expanded"), "false");
  await page.reload();
  await page.getByRole("treeitem", { name: "acme, 2 sessions, 1 needs you" }).waitFor();
  assert.equal(
    await page.getByRole("treeitem", { name: "acme, 2 sessions, 1 needs you" }).getAttribute(
      "aria-expanded",
    ),
    "false",
  );

  // The filter narrows the tree; what it leaves alone in a group shows as itself.
  await page.getByRole("searchbox", { name: "Filter sessions" }).fill("acme api");
  await page.getByRole("treeitem", { name: /^acme-api,/ }).waitFor();
  await page.getByRole("treeitem", { name: /^web,/ }).waitFor({ state: "detached" });
  await mini.waitFor({ state: "detached" });
});

Deno.test("Dashboard session tree works from the keyboard", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.createSession("acme-web-frontend");
  await dashboard.createSession("acme-web-tests");
  await dashboard.createSession("acme-api");
  await treeItem(dashboard, "api").waitFor();
  const focused = () =>
    page.evaluate(() => document.activeElement?.getAttribute("aria-label")?.split(",")[0]);
  await page.getByRole("searchbox", { name: "Filter sessions" }).focus();
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), "acme");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "api");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), "web");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await treeItem(dashboard, "web").getAttribute("aria-expanded"), "false");
  await page.keyboard.press("ArrowRight");
  assert.equal(await treeItem(dashboard, "web").getAttribute("aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), "frontend");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "acme-web-frontend" }).waitFor();
  // Opening a session hands the keyboard to its terminal.
  await page.waitForFunction(() => !!document.activeElement?.closest("terminal-view"));
});
