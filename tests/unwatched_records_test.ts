/**
 * The session records stay current while nobody watches: a session made and reshaped in tmux
 * while no page, CLI or manager looks comes back with its latest layout after a crash.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { openDatabase } from "../server/db/database.ts";
import { UNWATCHED_POLL_MS } from "../server/session_monitor.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

/** How many panes the record of session `name` holds (-1 without a record). */
function recordedPanes(home: string, name: string): number {
  using db = openDatabase(home);
  const row = db.prepare("SELECT windows FROM session_records WHERE name = ? AND host = 'local'")
    .get(name) as { windows: string } | undefined;
  if (row === undefined) return -1;
  const windows = JSON.parse(row.windows) as { panes: unknown[] }[];
  return windows.reduce((sum, window) => sum + window.panes.length, 0);
}

/** Waits, reading the database file as another process would, until `name` has `panes` panes. */
async function untilRecorded(home: string, name: string, panes: number): Promise<void> {
  const deadline = Date.now() + 3 * UNWATCHED_POLL_MS;
  let seen = recordedPanes(home, name);
  while (seen !== panes) {
    if (Date.now() > deadline) {
      throw new Error(`The record of ${name} holds ${seen} panes, not ${panes}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = recordedPanes(home, name);
  }
}

Deno.test("Sessions changed in tmux while nobody watches are recorded and restored as they were last", async () => {
  await using dir = await tempDir("maestro-unwatched-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  const socket = tmux.options.socket ?? "";
  {
    await using first = await MaestroServer.start({ home, socket });
    // Made and reshaped outside Maestro, and nothing asks the server for its list meanwhile.
    await tmux.tmux("new-session", "-d", "-s", "uw-a", "-x", "120", "-y", "40", "-c", dir.path);
    await tmux.tmux("split-window", "-h", "-t", "=uw-a:");
    await untilRecorded(home, "uw-a", 2);
    await tmux.tmux("split-window", "-v", "-t", "=uw-a:");
    await untilRecorded(home, "uw-a", 3);
    await tmux.tmux("kill-server");
    assert.equal((await first.stop("SIGKILL")).signal, "SIGKILL");
  }
  await using second = await MaestroServer.start({ home, socket });
  const restored = await runMaestro(["restore", "uw-a", "--url", second.url, "--home", home]);
  assert.equal(restored.code, 0, restored.stderr);
  const panes = await tmux.tmux("list-panes", "-t", "=uw-a:", "-F", "#{pane_current_path}");
  assert.equal(panes.trim().split("\n").length, 3);
});
