import assert from "node:assert/strict";
import type { SearchResult } from "../server/search/session_search.ts";
import { TestServer } from "./helpers/test_server.ts";
import { json, readUntil } from "./helpers/polling.ts";

const search = async (server: TestServer, params: Record<string, string>) =>
  await json<SearchResult>(await server.fetch(`/api/search?${new URLSearchParams(params)}`));

/** A session showing `text` as printf's output (its command line holds `text` split in two). */
async function sessionShowing(server: TestServer, name: string, text: string): Promise<void> {
  await server.tmux.newSession(name);
  await readUntil(
    () => server.tmux.tmux("capture-pane", "-p", "-t", `=${name}:`),
    (screen) => screen.trim() !== "",
    `the prompt of ${name}`,
  );
  await server.tmux.tmux(
    "send-keys",
    "-t",
    `=${name}:`,
    `printf '%s%s\\n' '${text.slice(0, 3)}' '${text.slice(3)}'`,
    "Enter",
  );
  await readUntil(
    () => server.tmux.tmux("capture-pane", "-p", "-t", `=${name}:`),
    (screen) => screen.split("\n").includes(text),
    `"${text}" on ${name}`,
  );
}

Deno.test("Search on a manager covers its workers and reports a dead one in errors", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await sessionShowing(manager, "here", "shared-Marker on the manager");
  await sessionShowing(worker, "there", "SHARED-marker on the worker");

  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();

  const both = await readUntil(
    () => search(manager, { q: "shared-marker" }),
    (r) => r.body.matches.length === 2,
    "matches from the manager and the worker",
  );
  assert.equal(both.status, 200);
  assert.deepEqual(both.body.matches.map((m) => [m.host, m.name, m.text, m.column]), [
    ["local", "here", "shared-Marker on the manager", 0],
    ["w1", "there", "SHARED-marker on the worker", 0],
  ]);
  assert.deepEqual(both.body.errors, []);
  assert.ok(!JSON.stringify(both.body).includes(worker.token));

  // ?local=1 (what a manager asks of a worker) leaves the workers out.
  const localOnly = await search(manager, { q: "shared-marker", local: "1" });
  assert.deepEqual(localOnly.body.matches.map((m) => m.host), ["local"]);

  // The worker dies: the search still answers with what it could reach, and says what it could not.
  await worker.stop();
  const partial = await search(manager, { q: "shared-marker" });
  assert.equal(partial.status, 200);
  assert.deepEqual(partial.body.matches.map((m) => `${m.host}/${m.name}`), ["local/here"]);
  assert.equal(partial.body.errors.length, 1);
  assert.equal(partial.body.errors[0]?.host, "w1");
  assert.match(partial.body.errors[0]?.error ?? "", /^Host "w1" is (offline|unreachable)/);
});
