import assert from "node:assert/strict";
import type { SessionView } from "../server/session_view.ts";
import { EventsClient } from "./helpers/events_client.ts";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";
import { until } from "./helpers/polling.ts";

interface SessionsEvent {
  type: "sessions";
  sessions: SessionView[];
}

Deno.test("A pane that asks a question needs you, works once answered, and is done at the shell prompt", async () => {
  await using server = await TestServer.start();
  const events: SessionsEvent[] = [];
  const socket = new WebSocket(server.wsUrl("/api/events"), {
    headers: server.headers,
  } as unknown as string[]);
  socket.onmessage = (event) => events.push(JSON.parse(event.data as string));
  const closed = new Promise((resolve) => (socket.onclose = resolve));
  try {
    const created = await server.fetch("/api/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "status-ask",
        command: "printf 'Continue? [y/N] '; read answer; echo \"answer=$answer\"",
      }),
    });
    assert.equal(created.status, 201);
    await created.body?.cancel();

    const session = async (): Promise<SessionView | undefined> => {
      const response = await server.fetch("/api/sessions");
      const list = await response.json() as { sessions: SessionView[] };
      return list.sessions.find((s) => s.name === "status-ask");
    };

    const waiting = await until(async () => {
      const s = await session();
      return s?.status === "needs-you" ? s : undefined;
    }, "the session to need the person");
    assert.equal(waiting.statusRule, "generic-prompt");

    // The same verdict from the session's own route and from the events stream.
    const one = await server.fetch("/api/hosts/local/sessions/status-ask");
    const view = await one.json() as SessionView;
    assert.deepEqual([view.status, view.statusRule], ["needs-you", "generic-prompt"]);
    await until(() => {
      const s = events.at(-1)?.sessions.find((s) => s.name === "status-ask");
      const seen = s?.status === "needs-you" && s.statusRule === "generic-prompt";
      return Promise.resolve(seen ? true : undefined);
    }, "the events stream to say needs-you");

    const input = await server.fetch("/api/hosts/local/sessions/status-ask/input", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "y", enter: true }),
    });
    assert.equal(input.status, 204);
    await input.body?.cancel();

    const answered = await until(async () => {
      const s = await session();
      return s?.status !== "needs-you" ? s : undefined;
    }, "the session to stop needing the person");
    assert.equal(answered.status, "working");
    assert.equal(answered.statusRule, "recent-output");

    // The script ended after the answer typed through Maestro: done until someone looks.
    const done = await until(async () => {
      const s = await session();
      return s?.status !== "working" ? s : undefined;
    }, "the session to be quiet");
    assert.deepEqual([done.status, done.statusRule], ["done", "command-finished"]);
    const screen = await server.fetch("/api/hosts/local/sessions/status-ask/screen");
    assert.match((await screen.json() as { text: string }).text, /^answer=y$/m);
  } finally {
    socket.close();
    await closed;
  }
});

Deno.test("A bell in a detached pane needs you until the pane does something", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("status-bell");
  const status = async () => {
    const response = await server.fetch("/api/hosts/local/sessions/status-bell");
    const s = await response.json() as SessionView;
    return [s.status, s.statusRule];
  };
  await server.tmux.tmux("send-keys", "-t", "=status-bell:", "printf 'done\\a\\n'", "Enter");
  await until(
    async () => (await status())[1] === "bell" ? true : undefined,
    "the bell to be reported",
  );
  assert.deepEqual(await status(), ["needs-you", "bell"]);
  // Something typed after the bell answers it: the silent command it started is working.
  await server.tmux.tmux("send-keys", "-t", "=status-bell:", "sleep 600", "Enter");
  await until(
    async () => (await status())[1] === "command-running" ? true : undefined,
    "the bell to be answered",
  );
  assert.deepEqual(await status(), ["working", "command-running"]);
});

/** The session's status, rule and activity as `GET …/sessions/:name` answers. */
async function statusOf(server: TestServer, name: string): Promise<SessionView> {
  const response = await server.fetch(`/api/hosts/local/sessions/${name}`);
  return await response.json() as SessionView;
}

async function createShell(server: TestServer, name: string): Promise<void> {
  const created = await server.fetch("/api/sessions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  assert.equal(created.status, 201);
  await created.body?.cancel();
}

/** Every status the session shows over `ms`, sampled every 200 ms. */
async function statusesOver(server: TestServer, name: string, ms: number): Promise<SessionView[]> {
  const seen: SessionView[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    seen.push(await statusOf(server, name));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return seen;
}

Deno.test("A fresh shell that ran nothing is idle from its first listing, never working, done or needing you", async () => {
  await using server = await TestServer.start();
  await createShell(server, "fresh");
  const statuses = await statusesOver(server, "fresh", 2500);
  assert.deepEqual([...new Set(statuses.map((s) => `${s.status}/${s.statusRule}`))], [
    "idle/shell-prompt",
  ]);
});

Deno.test("A command typed through Maestro is working, then done, then idle once a person looks", async () => {
  await using server = await TestServer.start();
  await createShell(server, "job");
  await until(
    async () => (await statusOf(server, "job")).statusRule === "shell-prompt" ? true : undefined,
    "the shell's prompt",
  );
  const typed = await server.fetch("/api/hosts/local/sessions/job/input", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: "sleep 2; echo x", enter: true }),
  });
  assert.equal(typed.status, 204);
  await typed.body?.cancel();
  const started = Date.now();
  await until(
    async () => (await statusOf(server, "job")).status === "working" ? true : undefined,
    "the command to be working",
  );
  assert.ok(Date.now() - started < 2500, "working within a poll or two");
  const done = await until(async () => {
    const s = await statusOf(server, "job");
    return s.status === "done" ? s : undefined;
  }, "the command to be done");
  assert.equal(done.statusRule, "command-finished");
  // Still done a while later: nobody looked.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.equal((await statusOf(server, "job")).status, "done");

  // A person opens it (a focused terminal): seen, so idle.
  await using viewer = new TerminalClient(
    server.wsUrl("/api/hosts/local/sessions/job/terminal"),
    server.headers,
  );
  await viewer.opened;
  viewer.send({ type: "hello", cols: 80, rows: 24 });
  viewer.send({ type: "focus", focused: true });
  const seen = await until(async () => {
    const s = await statusOf(server, "job");
    return s.status !== "done" ? s : undefined;
  }, "the session to be seen");
  assert.deepEqual([seen.status, seen.statusRule], ["idle", "shell-prompt"]);
});

Deno.test("Opening a session, at another size, is not activity", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("quiet", "sh");
  await server.tmux.tmux("send-keys", "-t", "=quiet:", "printf 'hello\\n'", "Enter");
  const before = await until(async () => {
    const s = await statusOf(server, "quiet");
    return s.status === "idle" ? s : undefined;
  }, "the session to be quiet");
  await using viewer = new TerminalClient(
    server.wsUrl("/api/hosts/local/sessions/quiet/terminal"),
    server.headers,
  );
  await viewer.opened;
  viewer.send({ type: "hello", cols: 132, rows: 40 });
  await viewer.waitFor(() => viewer.count("snapshot-end") >= 1, "a snapshot");
  viewer.send({ type: "resize", cols: 100, rows: 30 });
  const during = await statusesOver(server, "quiet", 3500);
  assert.deepEqual(during.filter((s) => s.status === "working"), [], "never working");
  assert.ok(during.every((s) => s.activity === before.activity), "its age is not reset");
});

Deno.test("A title that changes alone is not work", async () => {
  await using server = await TestServer.start();
  // A page is open: the monitor polls every second, as it does for a person.
  await using events = new EventsClient(server.wsUrl("/api/events"), server.headers);
  await events.opened;
  // Like Codex waiting for approval: only the title blinks, every half second. The loop is the
  // session's own command, so no command typed at a prompt starts it (that would be work).
  await server.tmux.newSession(
    "blink",
    "i=0; while :; do printf '\\033]2;[ %s ] blink\\007' $i; i=$((i+1)); sleep 0.5; done",
  );
  await new Promise((resolve) => setTimeout(resolve, 3500));
  const statuses = await statusesOver(server, "blink", 2000);
  assert.deepEqual(statuses.filter((s) => s.status === "working"), [], "never working");
  assert.match(statuses.at(-1)?.title ?? "", /blink/);
});
