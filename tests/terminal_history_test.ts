import assert from "node:assert/strict";
import { SessionService } from "../tmux/mod.ts";
import { eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

Deno.test("SessionService.create gives the new session's pane its history limit and leaves the global one", async () => {
  await using tmux = new PrivateTmux();
  const sessions = new SessionService(tmux.options);
  await sessions.create({ name: "long" });
  assert.equal(
    (await tmux.tmux("display-message", "-p", "-t", "=long:", "#{history_limit}")).trim(),
    "50000",
  );
  assert.equal((await tmux.tmux("show-options", "-gv", "history-limit")).trim(), "2000");
  const small = new SessionService(tmux.options, { historyLimit: 5000 });
  await small.create({ name: "short" });
  assert.equal(
    (await tmux.tmux("display-message", "-p", "-t", "=short:", "#{history_limit}")).trim(),
    "5000",
  );
  // A larger limit the user set globally is kept.
  await tmux.tmux("set-option", "-g", "history-limit", "90000");
  await sessions.create({ name: "larger" });
  assert.equal(
    (await tmux.tmux("display-message", "-p", "-t", "=larger:", "#{history_limit}")).trim(),
    "90000",
  );
  assert.equal((await tmux.tmux("show-options", "-gv", "history-limit")).trim(), "90000");
});

Deno.test("Terminal snapshot carries the whole history of a session the API created", async () => {
  await using server = await TestServer.start({ extraArgs: ["--history-limit", "20000"] });
  const created = await server.fetch("/api/sessions", {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.server.url },
    body: JSON.stringify({ name: "seq" }),
  });
  assert.equal(created.status, 201);
  await created.body?.cancel();
  await server.tmux.tmux("send-keys", "-t", "=seq:", "clear; seq 1 15000", "Enter");
  await eventually(async () => {
    const screen = await server.tmux.tmux("capture-pane", "-p", "-t", "=seq:");
    return screen.includes("15000\n") ? true : undefined;
  }, "seq to finish");
  await using client = new TerminalClient(
    server.wsUrl("/api/hosts/local/sessions/seq/terminal"),
    server.headers,
  );
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
  const lines = client.snapshotText.split("\r\n").map((line) => line.trim());
  const first = lines.indexOf("1");
  assert.ok(
    first >= 0,
    `line 1 is in the snapshot (it starts ${JSON.stringify(lines.slice(0, 3))})`,
  );
  assert.equal(lines[first + 14_999], "15000");
});
