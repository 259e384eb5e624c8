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
import type { Worker } from "playwright-core";
import { Dashboard } from "./harness.ts";

/** A notification the page showed, as the service worker's registration lists it. */
interface Shown {
  title: string;
  body: string;
  tag: string;
  actions: { action: string; title: string }[];
  data: { host: string; name: string; promptId: string | null; credential: string | null };
}

declare global {
  var __tones: number;
}

/** Runs in the page before its scripts: count the chime's oscillators instead of playing them. */
function recordAlerts(): void {
  globalThis.__tones = 0;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    globalThis.__tones++;
    return createOscillator.call(this);
  };
}

/** The page's service worker (it shows the notifications and handles their clicks). */
async function serviceWorker(dashboard: Dashboard) {
  await dashboard.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const [worker] = dashboard.context.serviceWorkers();
  assert.ok(worker, "the page registered its service worker");
  return worker;
}

/** The notifications open now, read from the service worker's registration. */
async function notifications(dashboard: Dashboard): Promise<Shown[]> {
  const worker = await serviceWorker(dashboard);
  return await worker.evaluate(async () => {
    const scope = self as unknown as { registration: ServiceWorkerRegistration };
    return (await scope.registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: (n as unknown as { actions: { action: string; title: string }[] }).actions.map((
        a,
      ) => ({ action: a.action, title: a.title })),
      data: n.data,
    }));
  });
}

/**
 * Click a notification the way the browser does: a `notificationclick` in the service worker, on
 * its body (action "") or one of its actions.
 */
async function clickNotification(dashboard: Dashboard, tag: string, action = ""): Promise<void> {
  await clickIn(await serviceWorker(dashboard), tag, action);
}

/** The same, in a service worker already at hand (its page may be gone). */
async function clickIn(worker: Worker, tag: string, action: string): Promise<void> {
  await worker.evaluate(async ({ tag, action }) => {
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      dispatchEvent(event: Event): boolean;
    };
    const [notification] = await scope.registration.getNotifications({ tag });
    if (!notification) throw new Error(`No notification ${tag}`);
    const NotificationEvent = (self as unknown as {
      NotificationEvent: new (type: string, init: unknown) => Event;
    }).NotificationEvent;
    scope.dispatchEvent(new NotificationEvent("notificationclick", { notification, action }));
  }, { tag, action });
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
  let [shown] = await notifications(dashboard);
  for (let i = 0; i < 50 && shown === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [shown] = await notifications(dashboard);
  }
  assert.equal(shown?.title, "nt-ask needs you");
  assert.equal(shown?.tag, "maestro-waiting:local/nt-ask");
  assert.match(shown?.body ?? "", /^Continue\? \[y\/N\]$/m, "it says what is asked");
  assert.match(shown?.body ?? "", /^Rule: generic-prompt$/m, "it names the rule that fired");
  // Its actions are the prompt's answers, with what the service worker needs to answer.
  assert.deepEqual(shown?.actions, [
    { action: "answer:y", title: "Yes" },
    { action: "answer:n", title: "No" },
  ]);
  assert.equal(shown?.data.name, "nt-ask");
  assert.ok(shown?.data.promptId, "the prompt it answers");
  assert.ok(shown?.data.credential, "the page's credential, to answer with no page open");
  assert.equal(await page.evaluate(() => globalThis.__tones), 4, "the chime played (two notes)");

  // Clicking the notification's body opens the session.
  await clickNotification(dashboard, "maestro-waiting:local/nt-ask");
  await page.getByRole("heading", { name: "nt-ask" }).waitFor();
  await waitForTitle(dashboard, "(1) nt-ask — Maestro");
  assert.deepEqual(await notifications(dashboard), [], "the click closed it");

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

  // Opened now: the badge counts both, and nothing new pops up for what was already waiting
  // (the notifications shown before the reload stay, as in the system's tray).
  const before = (await notifications(dashboard)).map((n) => n.tag).sort();
  await page.reload();
  await waitForTitle(dashboard, "(2) Maestro");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual((await notifications(dashboard)).map((n) => n.tag).sort(), before);

  // The session the user is looking at counts, but does not notify.
  await treeItem(dashboard, "nt-here").click();
  await dashboard.waitForLive();
  await ask(dashboard, "nt-here");
  await waitForTitle(dashboard, "(3) nt-here — Maestro");
  assert.deepEqual((await notifications(dashboard)).map((n) => n.tag).sort(), before);

  // Answered elsewhere: the count drops, and its notification (from before the reload) closes.
  await answer(dashboard, "nt-one");
  await waitForTitle(dashboard, "(2) nt-here — Maestro");
  for (let i = 0; i < 50; i++) {
    if (!(await notifications(dashboard)).some((n) => n.data.name === "nt-one")) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(
    (await notifications(dashboard)).map((n) => n.tag),
    before.filter((tag) => !tag.endsWith("/nt-one")),
  );
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

Deno.test("Notifications: an action answers the prompt through the service worker; a stale one says it was not answered", async () => {
  await using dashboard = await setUp();
  const page = dashboard.page;
  await createAsker(dashboard, "nt-act");
  await createRunning(dashboard, "nt-by", "sleep 100000");
  await treeItem(dashboard, "nt-by").click();
  await dashboard.waitForLive();
  const screen = () => dashboard.tmux("capture-pane", "-p", "-t", "=nt-act:");
  const until = async (probe: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (await probe()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };
  const shownFor = async (name: string) => {
    let found: Shown | undefined;
    await until(async () => {
      found = (await notifications(dashboard)).find((n) => n.data.name === name);
      return found !== undefined;
    }, `a notification for ${name}`);
    return found as Shown;
  };

  await ask(dashboard, "nt-act");
  const first = await shownFor("nt-act");
  await clickNotification(dashboard, first.tag, "answer:y");
  await until(async () => /^answered: y$/m.test(await screen()), "the answer typed");
  await waitForTitle(dashboard, "nt-by — Maestro");

  // With the page gone, a notification whose prompt was answered elsewhere cannot answer.
  await ask(dashboard, "nt-act");
  const second = await shownFor("nt-act");
  assert.notEqual(second.data.promptId, first.data.promptId, "a new prompt, a new id");
  const worker = await serviceWorker(dashboard);
  const keep = await dashboard.context.newPage(); // keeps the browser context, not the dashboard
  await page.close();
  await answer(dashboard, "nt-act");
  await until(async () => /^answered: y\n[^]*answered: y$/m.test(await screen()), "answered");
  await ask(dashboard, "nt-act");
  await clickIn(worker, second.tag, "answer:n");
  let refused: { title: string; body: string } | undefined;
  await until(async () => {
    refused = await worker.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration };
      const list = await scope.registration.getNotifications({
        tag: "maestro-answer:local/nt-act",
      });
      return list[0] ? { title: list[0].title, body: list[0].body } : undefined;
    });
    return refused !== undefined;
  }, "the refusal");
  assert.equal(refused?.title, "nt-act: not answered");
  assert.match(refused?.body ?? "", /now asks something else|no longer/);
  assert.doesNotMatch(await screen(), /^answered: n$/m, "nothing was typed");
  await keep.close();
});
