import assert from "node:assert/strict";
import { OverviewClient } from "./helpers/overview_client.ts";
import { TestServer } from "./helpers/test_server.ts";

Deno.test("Overview on a manager shows a worker's sessions live, tagged with the host", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await manager.tmux.newSession("mg-own");
  await worker.tmux.newSession("wk-one");
  await worker.tmux.newSession("wk-two");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();

  await using client = new OverviewClient(manager.wsUrl("/api/overview"), manager.headers);
  await client.opened;
  const prompt = (s: string) => /[#$]/.test(s);
  await client.waitForScreen("mg-own", prompt, "a prompt");
  await client.waitForScreen("wk-one", prompt, "a prompt", "w1");
  await client.waitForScreen("wk-two", prompt, "a prompt", "w1");
  assert.equal(client.thumbnail("wk-one"), undefined, "worker sessions carry the worker's id");

  // Output on the worker reaches the manager's page.
  await worker.tmux.tmux("send-keys", "-t", "=wk-one:", "echo remote-$((40+2))", "Enter");
  await client.waitForScreen("wk-one", (s) => s.includes("\nremote-42"), "the output", "w1");

  // A session killed on the worker is removed on the manager's page.
  await worker.tmux.tmux("kill-session", "-t", "=wk-two");
  await client.waitFor(
    () =>
      client.messages.some((m) => m.removed.some((r) => r.host === "w1" && r.name === "wk-two")),
    "wk-two to be removed",
  );

  // Removing the host removes its thumbnails; the manager's own stay.
  const removed = await manager.fetch("/api/hosts/w1", { method: "DELETE" });
  assert.equal(removed.status, 204);
  await removed.body?.cancel();
  await client.waitFor(() => client.thumbnail("wk-one", "w1") === undefined, "w1 to be gone");
  assert.ok(client.thumbnail("mg-own"));
});
