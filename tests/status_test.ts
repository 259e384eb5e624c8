import assert from "node:assert/strict";
import type { SessionView } from "../server/session_view.ts";
import { TestServer } from "./helpers/test_server.ts";

interface SessionsEvent {
  type: "sessions";
  sessions: SessionView[];
}

/** Poll `probe` every 100 ms until it returns a value; fail naming `what` after `ms`. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

Deno.test("A pane that asks a question is waiting, working once answered, and waiting again at the shell prompt", async () => {
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
      return s?.status === "waiting" ? s : undefined;
    }, "the session to be waiting");
    assert.equal(waiting.statusRule, "generic-prompt");

    // The same verdict from the session's own route and from the events stream.
    const one = await server.fetch("/api/hosts/local/sessions/status-ask");
    const view = await one.json() as SessionView;
    assert.deepEqual([view.status, view.statusRule], ["waiting", "generic-prompt"]);
    await until(() => {
      const s = events.at(-1)?.sessions.find((s) => s.name === "status-ask");
      const seen = s?.status === "waiting" && s.statusRule === "generic-prompt";
      return Promise.resolve(seen ? true : undefined);
    }, "the events stream to say waiting");

    const input = await server.fetch("/api/hosts/local/sessions/status-ask/input", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "y", enter: true }),
    });
    assert.equal(input.status, 204);
    await input.body?.cancel();

    const answered = await until(async () => {
      const s = await session();
      return s?.status !== "waiting" ? s : undefined;
    }, "the session to stop waiting");
    assert.equal(answered.status, "working");
    assert.equal(answered.statusRule, "recent-output");

    // The script ended: sh is back at its prompt, so the session needs the person again.
    const done = await until(async () => {
      const s = await session();
      return s?.status !== "working" ? s : undefined;
    }, "the session to be quiet");
    assert.deepEqual([done.status, done.statusRule], ["waiting", "shell-prompt"]);
    const screen = await server.fetch("/api/hosts/local/sessions/status-ask/screen");
    assert.match((await screen.json() as { text: string }).text, /^answer=y$/m);
  } finally {
    socket.close();
    await closed;
  }
});

Deno.test("A bell in a detached pane makes it waiting until the pane does something", async () => {
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
  assert.deepEqual(await status(), ["waiting", "bell"]);
  // Something typed after the bell answers it: a silent command then leaves the pane idle.
  await server.tmux.tmux("send-keys", "-t", "=status-bell:", "sleep 600", "Enter");
  await until(
    async () => (await status())[0] === "idle" ? true : undefined,
    "the bell to be answered",
  );
  assert.deepEqual(await status(), ["idle", "quiet"]);
});
