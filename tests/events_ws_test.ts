import assert from "node:assert/strict";
import type { SessionView } from "../server/session_view.ts";
import { EventsClient } from "./helpers/events_client.ts";
import { TestServer } from "./helpers/test_server.ts";

interface SessionsEvent {
  type: "sessions";
  sessions: SessionView[];
  hosts: { id: string; status: string; sessionCount: number }[];
}

Deno.test("Events WebSocket pushes the session list on connect and on every change", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("evt-first");
  await using client = new EventsClient<SessionsEvent | { type: "muted" }>(
    server.wsUrl("/api/events"),
    server.headers,
  );
  // The session lists, not the "muted" list that comes first.
  const events = () => client.ofType<SessionsEvent>("sessions");
  const waitFor = (condition: () => boolean, what: string) => client.waitFor(condition, what);
  const names = () => events().at(-1)?.sessions.map((s) => s.name) ?? [];

  await waitFor(() => events().length > 0, "the first event");
  assert.deepEqual(names(), ["evt-first"]);
  assert.equal(events()[0]?.hosts[0]?.id, "local");
  assert.deepEqual(events()[0]?.sessions[0]?.group, ["evt", "first"]);

  // A session created outside Maestro shows up without any request from the client.
  await server.tmux.newSession("evt-outside-made");
  await waitFor(() => names().includes("evt-outside-made"), "the outside session");

  // A program printing makes a session "working" (a shell back at its prompt at once would be
  // idle: nothing was typed through Maestro); an exited pane is "exited".
  await server.tmux.tmux(
    "send-keys",
    "-t",
    "=evt-first:",
    `awk 'BEGIN { while (1) { print "busy"; system("sleep 0.2") } }'`,
    "Enter",
  );
  await waitFor(
    () => events().at(-1)?.sessions.find((s) => s.name === "evt-first")?.status === "working",
    "evt-first to be working",
  );
  await server.tmux.tmux("set-option", "-g", "remain-on-exit", "on");
  await server.tmux.tmux("new-session", "-d", "-s", "evt-short", "sh", "-c", "exit 3");
  await waitFor(
    () => events().at(-1)?.sessions.find((s) => s.name === "evt-short")?.status === "exited",
    "evt-short to be exited",
  );

  const killed = await server.fetch("/api/hosts/local/sessions/evt-outside-made", {
    method: "DELETE",
  });
  assert.equal(killed.status, 204);
  await killed.body?.cancel();
  await waitFor(() => !names().includes("evt-outside-made"), "the killed session to vanish");
});
