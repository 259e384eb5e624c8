/**
 * End-to-end tests of alerts: a real session asks `Continue? [y/N]`, the server calls it
 * `needs-you`, and the page shows the tab-title badge, raises a browser notification (Chromium's
 * permission granted through Playwright; `Notification` recorded by an init script) and plays the
 * chime; muting takes the session out of all of it.
 *
 * Every session here runs a program that asks; the counts below are about the sessions that ask
 * (a shell at its prompt is idle, a finished command done: neither counts).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { Dashboard } from "./harness.ts";

/** What the init script records of each `new Notification(...)`. */
interface Recorded {
  title: string;
  body: string;
  tag: string;
  closed: boolean;
}

declare global {
  var __notifications: (Recorded & { onclick: ((event: Event) => void) | null })[];
  var __tones: number;
}

/** Runs in the page before its scripts: record notifications and oscillators instead of showing. */
function recordAlerts(): void {
  const Real = globalThis.Notification;
  globalThis.__notifications = [];
  globalThis.__tones = 0;
  class RecordingNotification {
    title: string;
    body: string;
    tag: string;
    closed = false;
    onclick: ((event: Event) => void) | null = null;
    onclose: (() => void) | null = null;
    constructor(title: string, options: NotificationOptions = {}) {
      this.title = title;
      this.body = options.body ?? "";
      this.tag = options.tag ?? "";
      globalThis.__notifications.push(this);
    }
    close(): void {
      this.closed = true;
      this.onclose?.();
    }
    static get permission(): NotificationPermission {
      return Real.permission;
    }
    static requestPermission(): Promise<NotificationPermission> {
      return Real.requestPermission();
    }
  }
  (globalThis as unknown as { Notification: unknown }).Notification = RecordingNotification;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    globalThis.__tones++;
    return createOscillator.call(this);
  };
}

/**
 * An agent stand-in: quiet (`idle`) until a line arrives, then it asks and waits for the answer,
 * and goes quiet again once answered. Between questions `head` (not the shell's `read`) waits for
 * the line: a shell in front with the cursor after a `# ` left on screen would read as a shell at
 * its prompt.
 */
const ASK_SCRIPT = "while head -n 1 >/dev/null; do\n" +
  "  printf 'Continue? [y/N] '\n  read answer\n  echo \"answered: $answer\"\ndone\n";

async function setUp(): Promise<Dashboard> {
  const dashboard = await Dashboard.start();
  await dashboard.context.grantPermissions(["notifications"], { origin: dashboard.origin });
  await dashboard.context.addInitScript(recordAlerts);
  await Deno.writeTextFile(join(dashboard.home, "ask.sh"), ASK_SCRIPT);
  await dashboard.page.reload();
  await dashboard.page.getByRole("button", { name: "New session" }).first().waitFor();
  return dashboard;
}

/** A session running `command` (typed into its shell by the server). */
async function createRunning(dashboard: Dashboard, name: string, command: string): Promise<void> {
  const response = await dashboard.api("POST", "/api/sessions", { name, command });
  assert.equal(response.status, 201, await response.text());
}

/** A session running the ask script, quiet until {@link ask} makes it ask. */
function createAsker(dashboard: Dashboard, name: string): Promise<void> {
  return createRunning(dashboard, name, `sh ${join(dashboard.home, "ask.sh")}`);
}

/** Make `name` ask the documented question, the way an agent waits for a yes or no. */
async function ask(dashboard: Dashboard, name: string): Promise<void> {
  await dashboard.tmux("send-keys", "-t", `=${name}:`, "Enter");
}

async function answer(dashboard: Dashboard, name: string): Promise<void> {
  await dashboard.tmux("send-keys", "-t", `=${name}:`, "y", "Enter");
}

/** A session's treeitem by its full name (its data-name). */
function treeItem(dashboard: Dashboard, name: string) {
  return dashboard.page.locator(`[role="treeitem"][data-name="${name}"]`);
}

async function waitForTitle(dashboard: Dashboard, title: string): Promise<void> {
  await dashboard.page.waitForFunction((want) => document.title === want, title, {
    timeout: 30_000,
  }).catch(async (error) => {
    const list = await (await dashboard.api("GET", "/api/sessions")).json();
    const states = list.sessions.map((s: { name: string; status: string; statusRule: string }) =>
      `${s.name} ${s.status} (${s.statusRule})`
    ).join(", ");
    const screen = await dashboard.tmux("capture-pane", "-p", "-t", "=nt-one:").catch(() => "");
    throw new Error(
      `The title never became "${title}" (it is "${await dashboard.page.title()}"; ${states}; ${
        JSON.stringify(screen)
      }): ${error}`,
    );
  });
}

const notifications = (dashboard: Dashboard) =>
  dashboard.page.evaluate(() =>
    globalThis.__notifications.map(({ title, body, tag, closed }) => ({ title, body, tag, closed }))
  );

const favicon = (dashboard: Dashboard) =>
  dashboard.page.locator('link[rel="icon"]').getAttribute("data-badge");

Deno.test("Notifications: a session that starts needing you raises the badge, a notification and the chime; a click opens it; mute takes it out", async () => {
  await using dashboard = await setUp();
  const page = dashboard.page;
  await createAsker(dashboard, "nt-ask");
  // A bystander on screen that never asks: a long silent program.
  await createRunning(dashboard, "nt-look", "sleep 100000");
  await treeItem(dashboard, "nt-look").click();
  await dashboard.waitForLive();
  await waitForTitle(dashboard, "nt-look — Maestro");

  // Settings: notifications are allowed (granted above), so the checkbox shows, on by default;
  // turning the sound on plays it once, on the click.
  await page.getByRole("button", { name: "Settings" }).click();
  const notify = page.getByRole("checkbox", { name: /Show a browser notification/ });
  assert.equal(await notify.isChecked(), true);
  assert.equal(
    await page.getByRole("button", { name: "Enable browser notifications" }).count(),
    0,
    "permission is asked only while the browser has not answered",
  );
  await page.getByRole("checkbox", { name: /Play a sound/ }).check();
  await page.waitForFunction(() => globalThis.__tones === 2);
  await page.getByRole("button", { name: "Close settings" }).click();

  await ask(dashboard, "nt-ask");
  await waitForTitle(dashboard, "(1) nt-look — Maestro");
  assert.equal(await favicon(dashboard), "waiting");
  assert.match(
    await treeItem(dashboard, "nt-ask").getAttribute("aria-label") ?? "",
    /Needs you/,
  );
  await page.waitForFunction(() => globalThis.__notifications.length > 0);
  const [shown] = await notifications(dashboard);
  assert.equal(shown?.title, "nt-ask needs you");
  assert.equal(shown?.tag, "maestro-waiting:local/nt-ask");
  assert.match(shown?.body ?? "", /^Rule: generic-prompt$/m, "it names the rule that fired");
  assert.equal(shown?.closed, false);
  assert.equal(await page.evaluate(() => globalThis.__tones), 4, "the chime played (two notes)");

  // Clicking the notification opens the session.
  await page.evaluate(() => globalThis.__notifications[0]?.onclick?.(new Event("click")));
  await page.getByRole("heading", { name: "nt-ask" }).waitFor();
  await waitForTitle(dashboard, "(1) nt-ask — Maestro");
  assert.equal((await notifications(dashboard))[0]?.closed, true);

  // Mute: out of the badge, marked in the tree, kept on the server (survives a reload).
  const mute = page.getByRole("button", { name: "Mute notifications" });
  assert.equal(await mute.getAttribute("aria-pressed"), "false");
  const stored = page.waitForResponse((r) => r.url().endsWith("/mute") && r.ok());
  await mute.click();
  // The page marks it at once; the server has it once its answer is back.
  await stored;
  await waitForTitle(dashboard, "nt-ask — Maestro");
  assert.equal(await mute.getAttribute("aria-pressed"), "true");
  assert.equal(await favicon(dashboard), null);
  assert.match(await treeItem(dashboard, "nt-ask").getAttribute("aria-label") ?? "", /, muted,/);
  const muted = await (await dashboard.api("GET", "/api/mutes")).json();
  assert.deepEqual(muted, { muted: [{ host: "local", name: "nt-ask" }] });
  await page.reload();
  await page.getByRole("heading", { name: "nt-ask" }).waitFor();
  await page.getByRole("button", { name: "Mute notifications", pressed: true }).waitFor();
  await waitForTitle(dashboard, "nt-ask — Maestro");

  // A muted session that asks again notifies nobody; back on nt-look, the title stays plain.
  await treeItem(dashboard, "nt-look").click();
  await answer(dashboard, "nt-ask");
  await page.waitForFunction(
    () =>
      document.querySelector('[data-name="nt-ask"]')?.getAttribute("aria-label")?.includes(
        "Needs you",
      ) === false,
    undefined,
    { timeout: 30_000 },
  );
  await ask(dashboard, "nt-ask");
  await page.waitForFunction(
    () =>
      document.querySelector('[data-name="nt-ask"]')?.getAttribute("aria-label")?.includes(
        "Needs you",
      ) === true,
    undefined,
    { timeout: 30_000 },
  );
  assert.equal(await page.title(), "nt-look — Maestro");
  assert.deepEqual(await notifications(dashboard), [], "no notification for a muted session");

  // Unmuted through the API (another browser, the CLI): the badge comes back at once, with no
  // notification (the session did not just start waiting).
  await (await dashboard.api("PUT", "/api/hosts/local/sessions/nt-ask/mute", { muted: false }))
    .body?.cancel();
  await waitForTitle(dashboard, "(1) nt-look — Maestro");
  assert.deepEqual(await notifications(dashboard), []);
});

Deno.test("Notifications: a page opened on sessions that need you shows the count without notifying, and never for the session on screen", async () => {
  await using dashboard = await setUp();
  const page = dashboard.page;
  await createAsker(dashboard, "nt-one");
  await createAsker(dashboard, "nt-two");
  await createAsker(dashboard, "nt-here");
  await ask(dashboard, "nt-one");
  await ask(dashboard, "nt-two");
  await waitForTitle(dashboard, "(2) Maestro");

  // Opened now: the badge counts both, and nothing pops up for what was already waiting.
  await page.reload();
  await waitForTitle(dashboard, "(2) Maestro");
  assert.deepEqual(await notifications(dashboard), []);

  // The session the user is looking at counts, but does not notify.
  await treeItem(dashboard, "nt-here").click();
  await dashboard.waitForLive();
  await ask(dashboard, "nt-here");
  await waitForTitle(dashboard, "(3) nt-here — Maestro");
  assert.deepEqual(await notifications(dashboard), []);

  // Answered elsewhere: the count drops.
  await answer(dashboard, "nt-one");
  await waitForTitle(dashboard, "(2) nt-here — Maestro");
});

Deno.test("Notifications: the first session that needs you brings a one-time offer to turn notifications on", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  await dashboard.context.addInitScript(recordAlerts);
  await Deno.writeTextFile(join(dashboard.home, "ask.sh"), ASK_SCRIPT);
  await page.reload();
  await createAsker(dashboard, "nt-offer");
  const offer = page.getByRole("region", { name: "Notifications offer" });
  await page.getByRole("treeitem", { name: /^nt-offer, Idle,/ }).waitFor({ timeout: 30_000 });
  assert.equal(await offer.count(), 0, "no offer while nothing waits");

  await ask(dashboard, "nt-offer");
  await waitForTitle(dashboard, "(1) Maestro");
  await offer.waitFor();
  await offer.getByRole("button", { name: "Not now" }).click();
  await offer.waitFor({ state: "detached" });
  await page.reload();
  await waitForTitle(dashboard, "(1) Maestro");
  assert.equal(await offer.count(), 0, "the offer is not made again");

  // Made again (storage cleared): "Notify me" asks the browser, on the click, and the offer goes.
  await page.evaluate(() => localStorage.removeItem("maestro.notify.prompted"));
  await page.reload();
  await offer.waitFor();
  await offer.getByRole("button", { name: "Notify me" }).click();
  await offer.waitFor({ state: "detached" });
  assert.notEqual(await page.evaluate(() => Notification.permission), "default");
});
