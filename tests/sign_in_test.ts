/**
 * Sign-in, end to end with real server processes: page credentials on WebSockets, token rotation
 * while running, sign-out, and the home's mode.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

async function signIn(server: MaestroServer): Promise<string> {
  const response = await fetch(`${server.url}/api/login`, {
    method: "POST",
    body: JSON.stringify({ token: server.token }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(response.status, 200);
  return (await response.json()).credential;
}

/** An `/api/events` socket opened the way the page opens it: the credential as a subprotocol. */
async function pageSocket(server: MaestroServer, credential: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/api/events`, [
    "maestro",
    `maestro-auth.${credential}`,
  ]);
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  socket.onopen = () => resolve();
  socket.onerror = () => reject(new Error("the events socket did not open"));
  await promise;
  return socket;
}

function closed(socket: WebSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.addEventListener("close", resolve, { once: true }));
}

Deno.test("Sign-in: a page's WebSocket authenticates with its credential as a subprotocol", async () => {
  await using dir = await tempDir("maestro-sign-in-");
  await using tmux = new PrivateTmux();
  await using server = await MaestroServer.start({
    home: join(dir.path, "home"),
    socket: tmux.options.socket ?? "",
  });
  const socket = await pageSocket(server, await signIn(server));
  assert.equal(socket.protocol, "maestro", "the server picks the protocol's name");
  const ended = closed(socket);
  socket.close();
  await ended;

  const stranger = new WebSocket(`${server.url.replace("http", "ws")}/api/events`, [
    "maestro",
    "maestro-auth.not-a-credential",
  ]);
  const refused = closed(stranger);
  stranger.onerror = () => {};
  const event = await refused;
  assert.notEqual(event.code, 1000, "a wrong credential never opens a socket");
});

Deno.test("Sign-in: rotating the token while the server runs ends every sign-in and socket", async () => {
  await using dir = await tempDir("maestro-sign-in-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const credential = await signIn(server);
  const socket = await pageSocket(server, credential);
  const ended = closed(socket);

  const rotated = await runMaestro(["token", "--rotate", "--home", home]);
  assert.equal(rotated.code, 0, rotated.stderr);
  const fresh = (await Deno.readTextFile(join(home, "token"))).trim();
  assert.notEqual(fresh, server.token);

  const event = await ended;
  assert.equal(event.code, 4401);
  assert.match(event.reason, /token changed/);
  for (const old of [credential, server.token]) {
    const response = await server.fetch("/api/sessions", {
      headers: { authorization: `Bearer ${old}` },
    });
    assert.equal(response.status, 401);
    await response.body?.cancel();
  }
  const withFresh = await server.fetch("/api/sessions", {
    headers: { authorization: `Bearer ${fresh}` },
  });
  assert.equal(withFresh.status, 200);
  await withFresh.body?.cancel();

  // After a restart the old sign-in stays ended (it was issued under the old token).
  const status = await server.stop();
  assert.equal(status.code, 0);
  await using again = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  assert.equal(again.token, fresh);
  const response = await again.fetch("/api/sessions", {
    headers: { authorization: `Bearer ${credential}` },
  });
  assert.equal(response.status, 401);
  await response.body?.cancel();
});

Deno.test("Sign-in: a page sign-in survives a restart until it signs out", async () => {
  await using dir = await tempDir("maestro-sign-in-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  let credential: string;
  {
    await using first = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
    credential = await signIn(first);
  }
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const as = { authorization: `Bearer ${credential}` };
  const kept = await server.fetch("/api/sessions", { headers: as });
  assert.equal(kept.status, 200);
  await kept.body?.cancel();
  const socket = await pageSocket(server, credential);
  const ended = closed(socket);
  const out = await server.fetch("/api/logout", {
    method: "POST",
    body: "{}",
    headers: { ...as, "content-type": "application/json" },
  });
  assert.deepEqual(await out.json(), { ended: 1 });
  assert.equal((await ended).code, 4401, "the signed-out page's sockets close");
  const gone = await server.fetch("/api/sessions", { headers: as });
  assert.equal(gone.status, 401);
  await gone.body?.cancel();
});

Deno.test("Server tightens a home that others can read to 700, with a warning", async () => {
  await using dir = await tempDir("maestro-sign-in-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await Deno.mkdir(home);
  await Deno.chmod(home, 0o755);
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  assert.equal(((await Deno.stat(home)).mode ?? 0) & 0o777, 0o700);
  await server.stop();
  assert.match(server.stderr, /home was open to others \(mode 755\); it is now 700/);
});
