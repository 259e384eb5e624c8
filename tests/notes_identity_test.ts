/** Notes and mutes belong to a session's tmux identity, not to its name (issue 15). */

import assert from "node:assert/strict";
import { ApiHarness } from "./helpers/api_harness.ts";

const path = (name: string, rest: string) =>
  `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;

interface NoteBody {
  text: string;
  updatedAt: number | null;
}
interface ErrorBody {
  error: { code: string; message: string };
}

Deno.test("Notes follow a session renamed outside Maestro, and so does its mute", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("nid-a");
  assert.equal(
    (await api.json(path("nid-a", "/notes"), { method: "PUT", body: { text: "keep me" } })).status,
    200,
  );
  assert.equal(
    (await api.json(path("nid-a", "/mute"), { method: "PUT", body: { muted: true } })).status,
    200,
  );
  await api.tmux.tmux("rename-session", "-t", "=nid-a", "nid-b");

  assert.equal((await api.json<NoteBody>(path("nid-b", "/notes"))).body.text, "keep me");
  const old = await api.json<ErrorBody>(path("nid-a", "/notes"));
  assert.equal(old.status, 404);
  assert.equal(old.body.error.code, "session_not_found");
  assert.equal((await api.json<{ muted: boolean }>(path("nid-b", "/mute"))).body.muted, true);
  assert.deepEqual((await api.json("/api/mutes")).body, {
    muted: [{ host: "local", name: "nid-b" }],
  });
  // A new session given the old name is another session: no notes, no mute.
  await api.tmux.newSession("nid-a");
  assert.deepEqual((await api.json(path("nid-a", "/notes"))).body, { text: "", updatedAt: null });
  assert.equal((await api.json<{ muted: boolean }>(path("nid-a", "/mute"))).body.muted, false);
});

Deno.test("Notes end with a session Maestro kills: the name re-created shows none", async () => {
  await using api = await ApiHarness.start();
  await api.tmux.newSession("nid-k");
  await api.json(path("nid-k", "/notes"), { method: "PUT", body: { text: "old work" } });
  await api.json(path("nid-k", "/mute"), { method: "PUT", body: { muted: true } });
  const killed = await api.request(path("nid-k", ""), { method: "DELETE" });
  assert.equal(killed.status, 204);
  await killed.body?.cancel();

  const created = await api.json("/api/sessions", { method: "POST", body: { name: "nid-k" } });
  assert.equal(created.status, 201);
  assert.deepEqual((await api.json(path("nid-k", "/notes"))).body, { text: "", updatedAt: null });
  assert.equal((await api.json<{ muted: boolean }>(path("nid-k", "/mute"))).body.muted, false);
  assert.deepEqual((await api.json("/api/mutes")).body, { muted: [] });
});

Deno.test("Notes of a session that does not exist are a 404 saying so", async () => {
  await using api = await ApiHarness.start();
  for (const method of ["GET", "PUT"]) {
    const answer = await api.json<ErrorBody>(path("nid-ghost", "/notes"), {
      method,
      ...(method === "PUT" ? { body: { text: "x" } } : {}),
    });
    assert.equal(answer.status, 404, method);
    assert.deepEqual(answer.body.error, {
      code: "session_not_found",
      message: 'Session "nid-ghost" does not exist',
    });
  }
});
