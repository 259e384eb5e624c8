import assert from "node:assert/strict";
import type { SessionView } from "../server/session_view.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";
import { json, readUntil } from "./helpers/polling.ts";

interface HostJson {
  id: string;
  name: string;
  status: string;
  sessionCount: number;
  error?: string;
  token?: string;
}

const sessionsOf = async (server: TestServer) =>
  (await json<{ sessions: SessionView[]; hosts: HostJson[] }>(await server.fetch("/api/sessions")))
    .body;

async function openTerminal(server: TestServer, path: string): Promise<TerminalClient> {
  const client = new TerminalClient(server.wsUrl(path), server.headers);
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  return client;
}

Deno.test("Remote hosts: a manager relays a worker's sessions, survives its restart", async () => {
  await using manager = await TestServer.start();
  const worker = await TestServer.start();
  const workerPort = worker.server.port;
  try {
    await worker.tmux.newSession("wk-existing");

    // Adding tests the host first and says what failed.
    const wrongToken = await json<{ error: { code: string; message: string } }>(
      await manager.fetch("/api/hosts", {
        method: "POST",
        body: JSON.stringify({ name: "w1", url: worker.server.url, token: "nope" }),
      }),
    );
    assert.equal(wrongToken.status, 400);
    assert.equal(wrongToken.body.error.code, "host_token_rejected");
    const unreachable = await json<{ error: { code: string } }>(
      await manager.fetch("/api/hosts", {
        method: "POST",
        body: JSON.stringify({ name: "w1", url: "http://127.0.0.1:9", token: "x" }),
      }),
    );
    assert.equal(unreachable.status, 502);
    assert.equal(unreachable.body.error.code, "host_unreachable");

    const added = await json<HostJson>(
      await manager.fetch("/api/hosts", {
        method: "POST",
        body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
      }),
    );
    assert.equal(added.status, 201);
    assert.equal(added.body.token, undefined, "the token never goes back to the client");

    // The worker's sessions appear on the manager, tagged with the host.
    const listed = await readUntil(
      () => sessionsOf(manager),
      (l) => l.sessions.some((s) => s.host === "w1" && s.name === "wk-existing"),
      "the worker's session on the manager",
    );
    assert.equal(listed.hosts.find((h) => h.id === "w1")?.status, "online");
    assert.ok(!JSON.stringify(listed).includes(worker.token));

    // Create on the worker from the manager; rename; input; screen; notes on the manager.
    const created = await json<SessionView>(
      await manager.fetch("/api/sessions", {
        method: "POST",
        body: JSON.stringify({ name: "wk-made", host: "w1" }),
      }),
    );
    assert.equal(created.status, 201);
    assert.equal(created.body.host, "w1");
    assert.match(await worker.tmux.tmux("list-sessions", "-F", "#{session_name}"), /^wk-made$/m);

    const renamed = await manager.fetch("/api/hosts/w1/sessions/wk-made", {
      method: "PATCH",
      body: JSON.stringify({ name: "wk-renamed" }),
    });
    assert.equal(renamed.status, 200);
    await renamed.body?.cancel();
    const notes = await manager.fetch("/api/hosts/w1/sessions/wk-renamed/notes", {
      method: "PUT",
      body: JSON.stringify({ text: "remote note" }),
    });
    assert.equal(notes.status, 200);
    await notes.body?.cancel();
    const missing = await json<{ error: { code: string; message: string } }>(
      await manager.fetch("/api/hosts/w1/sessions/nope-nope"),
    );
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /^On host "w1": /);
    const unknownHost = await json<{ error: { code: string } }>(
      await manager.fetch("/api/hosts/w9/sessions/x"),
    );
    assert.equal(unknownHost.body.error.code, "host_not_found");

    // A terminal through the relay: snapshot, typing, output.
    {
      await using term = await openTerminal(manager, "/api/hosts/w1/sessions/wk-renamed/terminal");
      await term.waitFor(() => term.count("snapshot-end") >= 1, "a relayed snapshot");
      term.type("echo relay-$((40+2))\r");
      await term.waitFor(() => term.text.includes("relay-42\r\n"), "relayed output");
    }

    // Stop the worker: offline within seconds, its sessions kept; terminals told why.
    const term = await openTerminal(manager, "/api/hosts/w1/sessions/wk-renamed/terminal");
    await term.waitFor(() => term.count("snapshot-end") >= 1, "a snapshot before the stop");
    await worker.stop();
    const offline = await readUntil(
      () => sessionsOf(manager),
      (l) => l.hosts.find((h) => h.id === "w1")?.status === "offline",
      "the host to go offline",
      10_000,
    );
    assert.ok(offline.sessions.some((s) => s.host === "w1" && s.name === "wk-renamed"));
    await term.closed;
    assert.ok(
      term.messages.some((m) => m.type === "error" && m.code === "host_offline") ||
        term.messages.some((m) => m.type === "exit"),
      JSON.stringify(term.messages.slice(-3)),
    );
    const down = await json<{ error: { code: string } }>(
      await manager.fetch("/api/hosts/w1/sessions/wk-renamed/screen"),
    );
    assert.equal(down.body.error.code, "host_offline");

    // Restart it on the same port: online again and streaming, no manager restart.
    const again = await TestServer.start({
      port: workerPort,
      home: worker.home,
      tmux: worker.tmux,
    });
    try {
      await readUntil(
        () => sessionsOf(manager),
        (l) => l.hosts.find((h) => h.id === "w1")?.status === "online",
        "the host to come back",
        20_000,
      );
      await using back = await openTerminal(manager, "/api/hosts/w1/sessions/wk-renamed/terminal");
      await back.waitFor(() => back.count("snapshot-end") >= 1, "a snapshot after the restart");
      back.type("echo back-$((1+1))\r");
      await back.waitFor(() => back.text.includes("back-2\r\n"), "output after the restart");
      const note = await json<{ text: string }>(
        await manager.fetch("/api/hosts/w1/sessions/wk-renamed/notes"),
      );
      assert.equal(note.body.text, "remote note");
      const killed = await manager.fetch("/api/hosts/w1/sessions/wk-renamed", { method: "DELETE" });
      assert.equal(killed.status, 204);
      await killed.body?.cancel();
      assert.doesNotMatch(
        await worker.tmux.tmux("list-sessions", "-F", "#{session_name}"),
        /wk-renamed/,
      );
    } finally {
      await again.stop();
    }
  } finally {
    await worker[Symbol.asyncDispose]();
  }
});

Deno.test("Remote hosts: removing a host ends its relayed terminals at once", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("wk-gone");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  await using term = await openTerminal(manager, "/api/hosts/w1/sessions/wk-gone/terminal");
  await term.waitFor(() => term.count("snapshot-end") >= 1, "a relayed snapshot");

  const removed = await manager.fetch("/api/hosts/w1", { method: "DELETE" });
  assert.equal(removed.status, 204);
  await removed.body?.cancel();
  await term.waitFor(() => term.closeCode !== null, "the relayed terminal to end", 5000);
  assert.equal(term.closeCode, 1011);
  assert.ok(
    term.messages.some((m) => m.type === "error" && m.code === "host_offline"),
    JSON.stringify(term.messages.slice(-2)),
  );
});

Deno.test("Remote hosts: a relayed terminal says the worker's tmux server exited, not its session", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("wk-one");
  await worker.tmux.newSession("wk-two");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  await using term = await openTerminal(manager, "/api/hosts/w1/sessions/wk-one/terminal");
  await term.waitFor(() => term.count("snapshot-end") >= 1, "a relayed snapshot");

  await worker.tmux.tmux("kill-server");
  await term.waitFor(() => term.closeCode !== null, "the relayed terminal to end", 5000);
  assert.deepEqual(term.messages.find((m) => m.type === "exit"), {
    type: "exit",
    reason: "the tmux server exited",
  });
  assert.equal(term.closeCode, 1000);
});
