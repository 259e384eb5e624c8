/**
 * Owns the screenshots in docs/screenshots: a real server, real sessions with real output,
 * photographed in headless Chromium. Run: `deno task bundle && deno run -A tests/e2e/screenshots.ts`.
 */

import { Dashboard } from "./harness.ts";

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

async function desktop(): Promise<void> {
  await using dashboard = await Dashboard.start({
    colorScheme: "dark",
    deviceScaleFactor: 2,
    renderer: "dom",
  });
  const page = dashboard.page;
  await populate(dashboard);
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForLive();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("dashboard.png", OUT).pathname });

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

async function light(): Promise<void> {
  await using dashboard = await Dashboard.start({
    colorScheme: "light",
    deviceScaleFactor: 2,
    renderer: "dom",
  });
  const page = dashboard.page;
  await populate(dashboard);
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("dashboard-light.png", OUT).pathname });
}

async function phone(): Promise<void> {
  await using dashboard = await Dashboard.start({
    colorScheme: "dark",
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    renderer: "dom",
  });
  const page = dashboard.page;
  await populate(dashboard);
  await page.getByRole("button", { name: "Sessions" }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("phone-drawer.png", OUT).pathname });
  await page.getByRole("treeitem", { name: /^frontend,/ }).click();
  await dashboard.waitForTerminal((text) => text.includes("35 passed"), "the command's output");
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL("phone.png", OUT).pathname });
}

if (import.meta.main) {
  await Deno.mkdir(OUT, { recursive: true });
  await desktop();
  await light();
  await phone();
}
