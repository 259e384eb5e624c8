/**
 * Another process opening maestro.db (a CLI, a backup, sqlite3) while the server runs leaves the
 * server's writes intact: it once made the server drop its SQLite locks, so the next reader to
 * close deleted the write-ahead log under it and every later write went into a deleted file.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase } from "../server/db/database.ts";
import { MaestroServer } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

function signIns(home: string): number {
  using db = openDatabase(home);
  return Number(db.prepare("SELECT count(*) AS n FROM page_sessions").get()?.n);
}

async function signIn(server: MaestroServer): Promise<void> {
  const response = await fetch(`${server.url}/api/login`, {
    method: "POST",
    body: JSON.stringify({ token: server.token }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(response.status, 200);
  await response.body?.cancel();
}

Deno.test("The server's writes reach maestro.db while other processes open and close it", async () => {
  await using dir = await tempDir("maestro-db-locks-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  assert.equal(signIns(home), 0);
  // Twice: the first close took the server's locks away, the second deleted its log.
  assert.equal(signIns(home), 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(signIns(home), 0);
  await signIn(server);
  assert.equal(signIns(home), 1);
  await signIn(server);
  assert.equal(signIns(home), 2);
  assert.equal((await server.stop("SIGKILL")).signal, "SIGKILL");
  // And they survive the server's crash.
  assert.equal(signIns(home), 2);
});
