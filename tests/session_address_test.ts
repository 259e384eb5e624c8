import assert from "node:assert/strict";
import { ControlClient, SessionNotFoundError, SessionService } from "../tmux/mod.ts";
import { escapeFormat } from "../tmux/format_escape.ts";
import type { SearchResult } from "../server/search/session_search.ts";
import { ApiHarness, eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

/**
 * Sessions named outside Maestro (DESIGN §5) are found by exact name and addressed by id: every
 * operation works for any name tmux allows, and none reaches another session or a client.
 */

/**
 * Names tmux allows that Maestro would never give: sessions made in a person's own terminal.
 * "$0x" starts like a session id, "%1" and "@1" like pane and window ids; the others hold what
 * tmux formats, targets and parsers treat specially (a trailing ";" ends an argv command), or
 * are longer than Maestro's own names may be.
 */
const OUTSIDE_NAMES = [
  "my agent",
  "a#b",
  "#{session_id}",
  "#(touch x)",
  "$0x",
  "%1",
  "@1",
  "semi;",
  "a;b",
  "ba*",
  'quote"d',
  "é名🤖",
  "n".repeat(65),
];

/** Create sessions with names from outside Maestro, as `tmux new -s` would. */
async function outsideSessions(tmux: PrivateTmux, names: readonly string[]): Promise<void> {
  for (const name of names) {
    // tmux expands -s: escaped, the name arrives as typed.
    await tmux.tmux("new-session", "-d", "-s", escapeFormat(name), "-x", "80", "-y", "24");
  }
  const listed = (await tmux.tmux("list-sessions", "-F", "#{session_name}")).split("\n");
  for (const name of names) assert.ok(listed.includes(name), `tmux has "${name}"`);
}

Deno.test("SessionService reads, types into, renames and kills sessions with any name tmux allows", async () => {
  await using tmux = new PrivateTmux();
  await outsideSessions(tmux, OUTSIDE_NAMES);
  const service = new SessionService(tmux.options);
  for (const [i, name] of OUTSIDE_NAMES.entries()) {
    const session = await service.get(name);
    assert.equal(session.name, name);
    assert.equal(await service.exists(name), true, name);
    await service.sendText(name, `echo typed-${i}`, true);
    await eventually(async () => {
      const { text } = await service.capture(name);
      return text.split("\n").includes(`typed-${i}`) ? true : undefined;
    }, `the echo in "${name}"`);
    await service.sendKeys(name, ["C-l"]);
  }
  for (const [i, name] of OUTSIDE_NAMES.entries()) {
    const renamed = await service.rename(name, `renamed-${i}`);
    assert.equal(renamed.name, `renamed-${i}`);
    await service.kill(`renamed-${i}`);
  }
  assert.deepEqual(await service.list(), []);
});

Deno.test("SessionService never reaches another session through a client's name", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("victim");
  // Every control client, Maestro's included, is named "client-<pid>": a valid session name.
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=victim"],
  });
  const clientName = `client-${client.pid}`;
  const service = new SessionService(tmux.options);
  assert.equal(await service.exists(clientName), false);
  await assert.rejects(service.get(clientName), SessionNotFoundError);
  await assert.rejects(service.capture(clientName), SessionNotFoundError);
  await assert.rejects(service.sendText(clientName, "echo wrong", true), SessionNotFoundError);
  await assert.rejects(service.sendKeys(clientName, ["C-c"]), SessionNotFoundError);
  await assert.rejects(service.rename(clientName, "stolen"), SessionNotFoundError);
  await assert.rejects(service.kill(clientName), SessionNotFoundError);
  assert.deepEqual((await service.list()).map((s) => s.name), ["victim"]);
});

Deno.test("SessionService addresses a name that looks like a session id as a name", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("first"); // $0
  await outsideSessions(tmux, ["$0"]); // the name of the first session's id
  const service = new SessionService(tmux.options);
  assert.equal((await service.get("$0")).name, "$0");
  await service.kill("$0");
  assert.deepEqual((await service.list()).map((s) => s.name), ["first"]);
});

Deno.test("Session API views, types into, renames and kills a session named outside Maestro", async () => {
  await using api = await ApiHarness.start();
  const names = ["my agent", "a#b;", "$0x", "%1", "s/l?x"];
  await outsideSessions(api.tmux, names);
  const path = (name: string, rest = "") =>
    `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;
  for (const [i, name] of names.entries()) {
    const one = await api.json<{ name: string }>(path(name));
    assert.equal(one.status, 200, `${name}: ${JSON.stringify(one.body)}`);
    assert.equal(one.body.name, name);
    const noted = await api.json(path(name, "/notes"), { method: "PUT", body: { text: `n-${i}` } });
    assert.equal(noted.status, 200, `${name}: ${JSON.stringify(noted.body)}`);
    assert.equal((await api.json<{ text: string }>(path(name, "/notes"))).body.text, `n-${i}`);
    const muted = await api.json(path(name, "/mute"), { method: "PUT", body: { muted: true } });
    assert.equal(muted.status, 200, `${name}: ${JSON.stringify(muted.body)}`);
    const typed = await api.request(path(name, "/input"), {
      method: "POST",
      body: { text: `echo api-${i}`, enter: true },
    });
    assert.equal(typed.status, 204, name);
    await eventually(async () => {
      const { body } = await api.json<{ text: string }>(path(name, "/screen"));
      return body.text.split("\n").includes(`api-${i}`) ? true : undefined;
    }, `the echo in "${name}"`);
    const renamed = await api.json(path(name), { method: "PATCH", body: { name: `api-${i}` } });
    assert.equal(renamed.status, 200, `${name}: ${JSON.stringify(renamed.body)}`);
    assert.equal(
      (await api.json<{ text: string }>(path(`api-${i}`, "/notes"))).body.text,
      `n-${i}`,
    );
    assert.equal((await api.request(path(`api-${i}`), { method: "DELETE" })).status, 204);
  }
  assert.deepEqual(await api.tmuxSessionNames(), []);
});

Deno.test("Session API renames a session named outside Maestro only to a valid name", async () => {
  await using api = await ApiHarness.start();
  await outsideSessions(api.tmux, ["my agent"]);
  const path = `/api/hosts/local/sessions/${encodeURIComponent("my agent")}`;
  const refused = await api.json<{ error: { code: string } }>(path, {
    method: "PATCH",
    body: { name: "your agent" },
  });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, "invalid_name");
  assert.deepEqual(await api.tmuxSessionNames(), ["my agent"]);
});

async function openTerminal(server: TestServer, name: string): Promise<TerminalClient> {
  const path = `/api/hosts/local/sessions/${encodeURIComponent(name)}/terminal`;
  const client = new TerminalClient(server.wsUrl(path), server.headers);
  await client.opened;
  client.send({ type: "hello", cols: 80, rows: 24 });
  return client;
}

Deno.test("Terminal WebSocket views and types into a session named outside Maestro", async () => {
  await using server = await TestServer.start();
  const names = ["my agent", "a#b;", "$0x"];
  await outsideSessions(server.tmux, names);
  for (const [i, name] of names.entries()) {
    await using client = await openTerminal(server, name);
    await client.waitFor(() => client.count("snapshot-end") >= 1, `a snapshot of "${name}"`);
    const ready = client.messages[0];
    assert.equal(ready?.type === "ready" ? ready.session : undefined, name);
    client.type(`echo view-$((${i}+1))\r`);
    await client.waitFor(() => client.text.includes(`view-${i + 1}\r\n`), `the echo in "${name}"`);
  }
});

Deno.test("Terminal WebSocket never shows another session through a client's name", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("victim");
  await using control = await ControlClient.start({
    ...server.tmux.options,
    start: ["attach-session", "-t", "=victim"],
  });
  await using client = await openTerminal(server, `client-${control.pid}`);
  await client.waitFor(
    () => client.closeCode !== null || client.count("snapshot-begin") > 0,
    "the socket to close or show a screen",
  );
  assert.equal(client.count("snapshot-begin"), 0, "no screen of another session");
  assert.equal(client.messages.find((m) => m.type === "error")?.code, "not_found");
});

Deno.test("Broadcast types into sessions named outside Maestro, and into no other", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("bystander");
  const names = ["my agent", "$0", "ba*"];
  await outsideSessions(api.tmux, names);
  const sent = await api.json<{ results: { name: string; ok: boolean }[] }>("/api/broadcast", {
    method: "POST",
    body: { targets: names.map((name) => ({ name })), text: "echo to-all", enter: true },
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.deepEqual(sent.body.results.map((r) => [r.name, r.ok]), names.map((n) => [n, true]));
  const service = new SessionService(api.tmux.options);
  for (const name of names) {
    await eventually(async () => {
      const { text } = await service.capture(name);
      return text.split("\n").includes("to-all") ? true : undefined;
    }, `the echo in "${name}"`);
  }
  assert.doesNotMatch((await service.capture("bystander")).text, /to-all/);
});

Deno.test("Search API finds text in sessions named outside Maestro, each under its own name", async () => {
  await using api = await ApiHarness.start();
  const names = ["my agent", "$0", "%1"];
  await outsideSessions(api.tmux, names);
  for (const [i, name] of names.entries()) {
    // The word comes together only in the output: the command line never matches.
    await api.sessions.sendText(name, `printf 'fou%sd-%s\\n' n ${i}`, true);
    await eventually(async () => {
      const { text } = await api.sessions.capture(name);
      return text.split("\n").includes(`found-${i}`) ? true : undefined;
    }, `the output in "${name}"`);
  }
  const { status, body } = await api.json<SearchResult>(`/api/search?q=found-`);
  assert.equal(status, 200, JSON.stringify(body));
  assert.deepEqual(body.errors, []);
  const found = body.matches.map((m) => [m.name, m.text]).sort();
  assert.deepEqual(found, names.map((name, i) => [name, `found-${i}`]).sort());
});

/**
 * The two names of issue 16, made with `tmux new -d -s`: "Reconnecting… (1006)" for ever in the
 * terminal, "Invalid session name" for kill and rename. Each is viewed and typed into over the
 * terminal WebSocket, renamed to a valid name and killed, on this machine and through a worker,
 * and search reports no error for it.
 */
Deno.test("Sessions named with a space or 65 characters are viewed, typed into, renamed and killed, here and through a worker", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  const names = ["my thing", "x".repeat(65)];
  await outsideSessions(manager.tmux, names);
  await outsideSessions(worker.tmux, names);
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  const hosts = [["local", manager], ["w1", worker]] as const;
  const path = (host: string, name: string, rest = "") =>
    `/api/hosts/${host}/sessions/${encodeURIComponent(name)}${rest}`;

  for (const [host] of hosts) {
    for (const [i, name] of names.entries()) {
      await using client = new TerminalClient(
        manager.wsUrl(path(host, name, "/terminal")),
        manager.headers,
      );
      await client.opened;
      client.send({ type: "hello", cols: 80, rows: 24 });
      await client.waitFor(
        () => client.count("snapshot-end") >= 1,
        `a snapshot of ${host}/${name}`,
      );
      const ready = client.messages.find((m) => m.type === "ready");
      assert.equal(ready?.type === "ready" ? ready.session : undefined, name);
      // The word comes together only in the output, so search finds the output, not the echo.
      client.type(`printf 'fou%sd-%s\\n' n ${i}\r`);
      await client.waitFor(
        () => client.text.includes(`found-${i}\r\n`),
        `output in ${host}/${name}`,
      );
    }
  }

  const searched = await manager.fetch("/api/search?q=found-");
  const search = await searched.json() as SearchResult;
  assert.equal(searched.status, 200, JSON.stringify(search));
  assert.deepEqual(search.errors, []);
  const found = search.matches.map((m) => `${m.host === "local" ? "local" : "w1"}/${m.name}`);
  assert.deepEqual(
    found.sort(),
    hosts.flatMap(([host]) => names.map((name) => `${host}/${name}`)).sort(),
  );

  for (const [host, server] of hosts) {
    for (const [i, name] of names.entries()) {
      const renamed = await manager.fetch(path(host, name), {
        method: "PATCH",
        body: JSON.stringify({ name: `fixed-${i}` }),
      });
      const body = await renamed.json() as { name: string };
      assert.equal(renamed.status, 200, `${host}/${name}: ${JSON.stringify(body)}`);
      assert.equal(body.name, `fixed-${i}`);
      const killed = await manager.fetch(path(host, `fixed-${i}`), { method: "DELETE" });
      assert.equal(killed.status, 204);
      await killed.body?.cancel();
    }
    // The last session gone, tmux's server exits with it: nothing is left.
    const left = await server.tmux.tmux("list-sessions", "-F", "#{session_name}").catch(() => "");
    assert.equal(left, "", `${host} still has ${left}`);
  }
});
