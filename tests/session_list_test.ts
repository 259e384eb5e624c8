import assert from "node:assert/strict";
import { ControlClient, SessionService, sessionShape } from "../tmux/mod.ts";
import { listDelimiters } from "../tmux/list_format.ts";
import { parseSessionList, sessionListFormat } from "../tmux/session_service.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll the list until `probe` holds for the named session (the shell needs a moment). */
async function listedUntil(
  service: SessionService,
  name: string,
  probe: (command: string, cwd: string) => boolean,
  what: string,
): Promise<void> {
  let last = "";
  for (let i = 0; i < 150; i++) {
    const session = (await service.list()).find((s) => s.name === name);
    if (session && probe(session.command, session.cwd)) return;
    last = `${session?.command} in ${session?.cwd}`;
    await sleep(20);
  }
  assert.fail(`${what}: the list still says ${last}`);
}

Deno.test("SessionService list matches tmux's own full pane list, field for field", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("one");
  await tmux.newSession("two", "sleep", "1000");
  await tmux.tmux("split-window", "-t", "=one:", "-c", "/tmp", "sleep", "999");
  await tmux.tmux("new-window", "-t", "=two:");
  const service = new SessionService(tmux.options);
  const full = async () => {
    const delimiters = listDelimiters();
    const text = await tmux.tmux("list-panes", "-a", "-F", sessionListFormat(delimiters));
    return parseSessionList(text, delimiters);
  };
  // A starting shell runs its profile (`mesg`…) and prints its prompt, which may change the
  // process or `activity` between the two commands: retry.
  const agrees = async () => {
    let last = "";
    for (let i = 0; i < 40; i++) {
      const listed = await service.list();
      last = listed.map((s) => `${s.name} ${s.command}`).join(", ");
      if (last === "one sleep, two sh" && JSON.stringify(listed) === JSON.stringify(await full())) {
        return;
      }
      await sleep(50);
    }
    assert.fail(`the list never matched tmux's own list; last: ${last}`);
  };
  await agrees();
  // Once the panes' last output is older than the last list, their processes come from the cache.
  await sleep(1100);
  await service.list();
  await sleep(1100);
  await agrees();
});

Deno.test("SessionService list follows a session's program and directory as they change", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("agent");
  const service = new SessionService(tmux.options);
  await listedUntil(service, "agent", (command) => command === "sh", "the shell");
  await tmux.tmux("send-keys", "-t", "=agent:", "cd /tmp && sleep 1000", "Enter");
  await listedUntil(
    service,
    "agent",
    (command, cwd) => command === "sleep" && cwd === "/tmp",
    "sleep started in /tmp",
  );
  await tmux.tmux("send-keys", "-t", "=agent:", "C-c");
  await listedUntil(service, "agent", (command) => command === "sh", "back to the shell");
});

Deno.test("SessionService list shows the newly active pane even when nothing was printed", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("split");
  await tmux.tmux("split-window", "-t", "=split:", "sleep", "1000");
  const service = new SessionService(tmux.options);
  await listedUntil(service, "split", (command) => command === "sleep", "the new pane");
  // Let the panes' last output fall before the threshold, so the list relies on the cache.
  await sleep(1100);
  await service.list();
  await sleep(1100);
  assert.equal((await service.list())[0]?.command, "sleep");
  await tmux.tmux("select-pane", "-t", "=split:.0");
  const [session] = await service.list();
  assert.equal(session?.command, "sh");
  assert.equal(
    session?.paneId,
    (await tmux.tmux("display-message", "-p", "-t", "=split:", "#{pane_id}")).trim(),
  );
});

Deno.test("SessionService list reads a process that changed silently within the refresh time", async () => {
  await using tmux = new PrivateTmux();
  // The pane's process becomes `sleep` after a second, without printing anything.
  await tmux.newSession("quiet", "sh", "-c", "sleep 1.5; exec sleep 1000");
  const service = new SessionService(tmux.options, { processRefreshMs: 300 });
  assert.equal((await service.list())[0]?.command, "sh");
  await listedUntil(service, "quiet", (command) => command === "sleep", "the silent exec");
});

Deno.test("SessionService list starts afresh with a new tmux server", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("first", "sleep", "1000");
  const service = new SessionService(tmux.options);
  // The pane's process is tmux's own fork until it has exec'd sleep.
  await listedUntil(service, "first", (command) => command === "sleep", "the first server's sleep");
  assert.deepEqual((await service.list()).map((s) => `${s.name} ${s.paneId} ${s.command}`), [
    "first %0 sleep",
  ]);
  await tmux.tmux("kill-server");
  assert.deepEqual(await service.list(), []);
  // The new server reuses pane id %0 for a different process.
  await tmux.newSession("second");
  await listedUntil(service, "second", (command) => command === "sh", "the new server's shell");
  assert.deepEqual((await service.list()).map((s) => `${s.name} ${s.paneId}`), ["second %0"]);
});

Deno.test("SessionService shape is the shape of its list, and changes with sessions, names, windows and clients", async () => {
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  const same = async () => assert.equal(await service.shape(), sessionShape(await service.list()));
  // No server running: the shape of an empty list.
  assert.equal(await service.shape(), sessionShape([]));
  await tmux.newSession("one");
  await tmux.newSession("two", "sleep", "1000");
  await same();
  const shapes = [await service.shape()];
  const changed = async () => {
    await same();
    const shape = await service.shape();
    assert.ok(!shapes.includes(shape), `the shape did not change: ${shape}`);
    shapes.push(shape);
  };
  await tmux.tmux("rename-session", "-t", "=one", "first");
  await changed();
  await tmux.tmux("new-window", "-t", "=two:");
  await changed();
  await using _client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=first", "-f", "ignore-size,no-output"],
  });
  await changed();
  await tmux.tmux("kill-session", "-t", "=two");
  await changed();
  // A new pane is not part of the shape (a list shows it from the next poll on).
  await tmux.tmux("split-window", "-t", "=first:", "sleep", "999");
  await same();
  assert.equal(await service.shape(), shapes.at(-1));
});
