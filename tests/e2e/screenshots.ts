/**
 * Owns the screenshots in docs/screenshots: a real server, real sessions with real output,
 * photographed in headless Chromium. Run:
 * `deno task bundle && deno run -A tests/e2e/screenshots.ts` (add `desktop`, `hosts`, `light`,
 * `phone`, `overview`, `split` or `restorable` to take only those).
 */

import type { Page } from "playwright-core";
import { Dashboard, type DashboardOptions, MaestroServer } from "./harness.ts";

const OUT = new URL("../../docs/screenshots/", import.meta.url);
const SESSIONS = [
  "acme-web-frontend",
  "acme-web-backend",
  "acme-api",
  "customers-zoom-backend",
  "customers-zoom-mobile",
  "customers-globex-etl",
  "infra-k8s-upgrade",
  "scratch",
];

async function populate(dashboard: Dashboard): Promise<void> {
  for (const name of SESSIONS) await dashboard.createSession(name);
  const repo = new URL("../../", import.meta.url).pathname;
  await dashboard.api("POST", "/api/hosts/local/sessions/acme-web-frontend/input", {
    text: `cd ${repo} && git log --oneline --decorate --color=always | head -n 8 && ` +
      "ls --color=always ui | head -n 12 && echo && printf '\\033[32m✓\\033[0m 35 passed \\033[2m(1s)\\033[0m\\n'",
    enter: true,
  });
  await dashboard.api("PUT", "/api/hosts/local/sessions/acme-web-frontend/notes", {
    text: "Agent is porting the checkout page to Lit.\n\n" +
      "- [x] cart summary\n- [ ] payment form (waiting on API keys)\n- [ ] e2e tests\n\n" +
      "Review PR #214 before merging.",
  });
  await new Promise((resolve) => setTimeout(resolve, 600));
}

/** A dashboard in the screenshots' style (dark, 2× pixels, the DOM renderer) with the sessions. */
async function populated(options: DashboardOptions = {}): Promise<Dashboard> {
  const dashboard = await Dashboard.start({
    colorScheme: "dark",
    deviceScaleFactor: 2,
    renderer: "dom",
    ...options,
  });
  try {
    await populate(dashboard);
  } catch (error) {
    await dashboard[Symbol.asyncDispose]();
    throw error;
  }
  return dashboard;
}

/** The pointer out of the way, a moment to settle, then `docs/screenshots/<file>`. */
async function shoot(page: Page, file: string, settleMs = 300): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(settleMs);
  await page.screenshot({ path: new URL(file, OUT).pathname });
}

async function desktop(): Promise<void> {
  await using dashboard = await populated();
  const page = dashboard.page;
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForLive();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await shoot(page, "dashboard.png");

  await page.getByRole("button", { name: "New session" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New session" });
  await dialog.getByLabel("Name").fill("customers-zoom-billing");
  await dialog.getByLabel("Working directory").fill("/srv/zoom/billing");
  await dialog.getByRole("button", { name: "claude" }).click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: new URL("new-session-dialog.png", OUT).pathname });
  await dialog.getByLabel("Name").fill("customers.zoom");
  await page.waitForTimeout(100);
  await dialog.screenshot({ path: new URL("new-session-invalid-name.png", OUT).pathname });
}

/** Settings with a worker online and one offline; the sidebar shows a section per host. */
async function hosts(): Promise<void> {
  await using mini = await MaestroServer.start();
  await using cloud = await MaestroServer.start();
  await using dashboard = await Dashboard.start({
    colorScheme: "dark",
    viewport: { width: 1280, height: 960 },
    deviceScaleFactor: 2,
    renderer: "dom",
  });
  const page = dashboard.page;
  for (const name of ["acme-web-frontend", "acme-api", "scratch"]) {
    await dashboard.createSession(name);
  }
  for (const name of ["customers-zoom-backend", "customers-zoom-mobile", "infra-k8s-upgrade"]) {
    await mini.createSession(name);
  }
  await cloud.createSession("customers-globex-etl");
  for (const [name, server] of [["mac-mini", mini], ["cloud-box", cloud]] as const) {
    const added = await dashboard.api("POST", "/api/hosts", {
      name,
      url: server.origin,
      token: server.token,
    });
    if (added.status !== 201) throw new Error(`Cannot add ${name}: ${await added.text()}`);
  }
  await page.getByRole("tree", { name: "Sessions on cloud-box" }).getByRole("treeitem").first()
    .waitFor();
  await cloud.stop("SIGKILL");
  await page.locator('.host-heading-block[data-state="offline"]').waitFor();
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("listitem", { name: "cloud-box" }).getByText("Offline").waitFor();
  const form = page.getByRole("form", { name: "Add a host" });
  await form.getByLabel("Host name").fill("build-server");
  await form.getByLabel("URL").fill("https://build.tailnet.ts.net:23000");
  await shoot(page, "hosts.png");
}

async function light(): Promise<void> {
  await using dashboard = await populated({ colorScheme: "light" });
  const page = dashboard.page;
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await shoot(page, "dashboard-light.png");
}

async function phone(): Promise<void> {
  await using dashboard = await populated({ viewport: { width: 390, height: 844 } });
  const page = dashboard.page;
  await page.getByRole("button", { name: "Sessions" }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("phone-drawer.png", OUT).pathname });
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("phone.png", OUT).pathname });
}

/** The overview: every session's screen at a glance, some of them busy. */
async function overview(): Promise<void> {
  await using dashboard = await populated({ viewport: { width: 1440, height: 900 } });
  const page = dashboard.page;
  const type = (name: string, text: string) =>
    dashboard.api("POST", `/api/hosts/local/sessions/${name}/input`, { text, enter: true });
  await type(
    "acme-api",
    "i=0; while :; do i=$((i+1)); printf '\\033[36m[api]\\033[0m request %d \\033[32m200\\033[0m %dms\\n' $i $((i%40+3)); sleep 0.3; done",
  );
  await type("customers-zoom-backend", "ls --color=always -l /usr/lib | head -n 18");
  await type(
    "infra-k8s-upgrade",
    "printf 'Upgrade the node pool to 1.31?\\n\\n  \\033[1m1. Yes\\033[0m\\n  2. No\\n\\nEsc to cancel\\n'",
  );
  await type("customers-globex-etl", "seq 1 12 | sed 's/^/row /'");
  await page.getByRole("button", { name: "Overview" }).click();
  await page.locator("overview-thumb .ov-lines").nth(SESSIONS.length - 1).waitFor();
  await shoot(page, "overview.png", 2500);
}

/** Split view: two sessions side by side, each live. */
async function split(): Promise<void> {
  await using dashboard = await populated({ viewport: { width: 1440, height: 900 } });
  const page = dashboard.page;
  await dashboard.api("POST", "/api/hosts/local/sessions/acme-api/input", {
    text:
      "for i in $(seq 1 14); do printf '\\033[36m[api]\\033[0m GET /v1/orders/%d \\033[32m200\\033[0m %dms\\n' $i $((i*7%40+3)); done",
    enter: true,
  });
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForLive();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await page.getByRole("dialog", { name: "Split view" }).waitFor();
  await page.keyboard.type("acme-api");
  await page.keyboard.press("Enter");
  await page.locator('terminal-view[data-pane="second"][data-state="live"]').waitFor();
  await shoot(page, "split.png", 600);
}

/** After the tmux server died: the sessions wait greyed to be restored; a kill can be undone. */
async function restorable(): Promise<void> {
  await using dashboard = await populated({ viewport: { width: 1280, height: 800 } });
  const page = dashboard.page;
  // Let the records take every session's shape (the page watches: a list every 750 ms).
  await page.waitForTimeout(1500);
  await page.getByRole("treeitem", { name: /^scratch,/ }).click();
  await dashboard.waitForLive();
  await page.getByRole("button", { name: "Kill" }).click();
  await page.getByRole("dialog", { name: /Kill session/ }).getByRole("button", { name: "Kill" })
    .click();
  await page.locator("kill-undo-toast .kill-undo-item").waitFor();
  await dashboard.tmux("kill-server");
  const part = page.getByRole("region", { name: /^Restorable/ });
  await part.locator('.restorable-item[data-name="acme-web-frontend"]').waitFor();
  await shoot(page, "restorable.png", 500);
}

if (import.meta.main) {
  await Deno.mkdir(OUT, { recursive: true });
  // Names on the command line take only those (`… screenshots.ts hosts`); none takes all.
  const shots = { desktop, hosts, light, phone, overview, split, restorable };
  for (const [name, take] of Object.entries(shots)) {
    if (Deno.args.length === 0 || Deno.args.includes(name)) await take();
  }
}
