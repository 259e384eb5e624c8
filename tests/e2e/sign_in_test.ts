/**
 * Sign-in in a real browser: no page on another port of the machine receives anything that
 * opens Maestro, and signing out ends every page's access, open sockets included.
 */

import assert from "node:assert/strict";
import { Dashboard } from "./harness.ts";

/** A page on another port of 127.0.0.1 (a local dev server, another user's listener). */
class OtherPort implements AsyncDisposable {
  readonly requests: Headers[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  constructor() {
    this.#server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
      this.requests.push(request.headers);
      return new Response("<!doctype html><title>other</title><p>another port</p>", {
        headers: { "content-type": "text/html" },
      });
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#server.shutdown();
  }
}

Deno.test("Sign-in: a page on another port of the machine receives nothing that opens Maestro", async () => {
  await using dashboard = await Dashboard.start();
  await using other = await new OtherPort();
  await dashboard.createSession("leakcheck");
  await dashboard.page.getByRole("treeitem", { name: /^leakcheck,/ }).click();
  await dashboard.waitForLive(); // the terminal's socket is signed in

  const page = await dashboard.context.newPage();
  await page.goto(`${other.origin}/`);
  await page.evaluate(() => fetch("/again", { credentials: "include" }));
  assert.ok(other.requests.length >= 2);
  const stolen = await page.evaluate(() => ({
    cookie: document.cookie,
    storage: localStorage.getItem("maestro.credential"),
  }));
  assert.deepEqual(stolen, { cookie: "", storage: null }, "the other origin can read nothing");
  for (const headers of other.requests) {
    const cookie = headers.get("cookie") ?? "";
    assert.equal(cookie, "", `the other port received cookies: ${cookie}`);
  }
  await page.close();
});

Deno.test("Sign-in: signing out every browser ends the other pages' access at once", async () => {
  await using dashboard = await Dashboard.start();
  await dashboard.createSession("shared");
  // A second browser profile, signed in too, watching the session.
  const other = await dashboard.browser?.newContext();
  assert.ok(other);
  const second = await other.newPage();
  await second.goto(`${dashboard.origin}/?token=${dashboard.token}`);
  await second.getByRole("treeitem", { name: /^shared,/ }).click();
  await second.locator('terminal-view[active][data-state="live"]').waitFor();
  const secondCredential = await second.evaluate(() => localStorage.getItem("maestro.credential"));
  assert.ok(secondCredential !== null, "the second browser signed in");

  const page = dashboard.page;
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Sign out every browser" }).click();
  await page.getByLabel("Token").waitFor();
  // The server's close of this page's sockets (4401) can show the sign-in box a moment before the
  // sign-out request itself has answered and the page has dropped its credential.
  await page.waitForFunction(() => localStorage.getItem("maestro.credential") === null, null, {
    timeout: 10_000,
  }).catch(() => {});
  assert.equal(
    await page.evaluate(() => localStorage.getItem("maestro.credential")),
    null,
    "this page forgot its credential",
  );

  await second.getByLabel("Token").waitFor({ timeout: 10_000 });
  assert.equal(
    await second.evaluate(() => localStorage.getItem("maestro.credential")),
    null,
    "the other browser forgot its credential",
  );
  const refused = await fetch(`${dashboard.origin}/api/sessions`, {
    headers: { authorization: `Bearer ${secondCredential}` },
  });
  assert.equal(refused.status, 401, "the other browser's credential no longer opens anything");
  await refused.body?.cancel();
  await other.close();
});
