import assert from "node:assert/strict";
import { join } from "node:path";
import { UPLOAD_MAX_BYTES } from "../protocol/limits.ts";
import { json } from "./helpers/polling.ts";
import { tempDir } from "./helpers/temp_dir.ts";
import { TestServer } from "./helpers/test_server.ts";

interface Saved {
  path: string;
  name: string;
  size: number;
}
interface Refused {
  error: { code: string; message: string };
}

function upload(server: TestServer, host: string, session: string, name: string, body: BodyInit) {
  return server.fetch(`/api/hosts/${host}/sessions/${session}/files`, {
    method: "POST",
    headers: { "x-file-name": encodeURIComponent(name), "content-type": "image/png" },
    body,
  });
}

Deno.test("Files API saves an upload in the session's directory, numbered when the name is taken", async () => {
  await using dir = await tempDir("maestro-files-");
  await using server = await TestServer.start();
  await server.tmux.newSession("files", "-c", dir.path);
  const first = await json<Saved>(await upload(server, "local", "files", "shot 1.png", "one"));
  assert.equal(first.status, 201);
  assert.deepEqual(first.body, { path: join(dir.path, "shot 1.png"), name: "shot 1.png", size: 3 });
  assert.equal(await Deno.readTextFile(first.body.path), "one");
  const second = await json<Saved>(await upload(server, "local", "files", "shot 1.png", "two"));
  assert.equal(second.body.name, "shot 1-1.png");
  assert.equal(await Deno.readTextFile(first.body.path), "one", "never overwritten");
  assert.equal(await Deno.readTextFile(join(dir.path, "shot 1-1.png")), "two");
  // A name beyond ASCII travels percent-encoded.
  const accented = await json<Saved>(await upload(server, "local", "files", "café.txt", "é"));
  assert.equal(accented.body.name, "café.txt");
});

Deno.test("Files API refuses paths, dot names, a missing name, large files and unknown sessions", async () => {
  await using dir = await tempDir("maestro-files-");
  await using server = await TestServer.start();
  await server.tmux.newSession("files", "-c", dir.path);
  for (const name of ["../escape.txt", "a/b", "..", ".", "a\\b"]) {
    const refused = await json<Refused>(await upload(server, "local", "files", name, "x"));
    assert.equal(refused.status, 400, name);
    assert.equal(refused.body.error.code, "invalid_file_name");
    assert.match(refused.body.error.message, /^Invalid file name /);
  }
  const unnamed = await json<Refused>(
    await server.fetch("/api/hosts/local/sessions/files/files", { method: "POST", body: "x" }),
  );
  assert.equal(unnamed.status, 400);
  assert.match(unnamed.body.error.message, /x-file-name/);

  const big = await json<Refused>(
    await upload(server, "local", "files", "big.bin", new Uint8Array(UPLOAD_MAX_BYTES + 1)),
  );
  assert.equal(big.status, 413);
  assert.equal(big.body.error.message, "Cannot upload a file over 25 MiB (26214400 bytes)");
  // Exactly the limit is fine; nothing of the refused one was left behind.
  const limit = await json<Saved>(
    await upload(server, "local", "files", "limit.bin", new Uint8Array(UPLOAD_MAX_BYTES)),
  );
  assert.equal(limit.status, 201);
  assert.deepEqual((await Array.fromAsync(Deno.readDir(dir.path))).map((e) => e.name), [
    "limit.bin",
  ]);
  const missing = await json<Refused>(await upload(server, "local", "nope", "a.txt", "x"));
  assert.equal(missing.status, 404);
});

Deno.test("Files API uploads through a manager into a worker's session, and says when the host is offline", async () => {
  await using dir = await tempDir("maestro-files-");
  await using manager = await TestServer.start();
  const worker = await TestServer.start();
  try {
    await worker.tmux.newSession("remote-files", "-c", dir.path);
    const added = await json<{ id: string }>(
      await manager.fetch("/api/hosts", {
        method: "POST",
        body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
      }),
    );
    assert.equal(added.status, 201);
    const host = added.body.id;
    const saved = await json<Saved>(await upload(manager, host, "remote-files", "pic.png", "png"));
    assert.equal(saved.status, 201);
    assert.deepEqual(saved.body, { path: join(dir.path, "pic.png"), name: "pic.png", size: 3 });
    assert.equal(await Deno.readTextFile(join(dir.path, "pic.png")), "png");
    const refused = await json<Refused>(await upload(manager, host, "remote-files", "../x", "x"));
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /^Invalid file name/, "checked before it travels");

    await worker.stop();
    const offline = await json<Refused>(await upload(manager, host, "remote-files", "b.png", "x"));
    assert.equal(offline.status, 503);
    assert.equal(offline.body.error.code, "host_offline");
  } finally {
    await worker[Symbol.asyncDispose]().catch(() => {});
  }
});
