import assert from "node:assert/strict";
import { PaneScreens, SCREENS_PER_COMMAND, SessionService } from "../tmux/mod.ts";
import { eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";

Deno.test("PaneScreens reads many panes' screens as SessionService.capture does, across batches", async () => {
  await using tmux = new PrivateTmux();
  const count = SCREENS_PER_COMMAND + 5;
  const create: string[] = [];
  for (let i = 0; i < count; i++) {
    if (create.length > 0) create.push(";");
    create.push("new-session", "-d", "-s", `scr-${i}`, "-x", "80", "-y", "24");
  }
  await tmux.tmux(...create);
  const sessions = new SessionService(tmux.options);
  await sessions.sendText("scr-3", "printf 'Continue? [y/N] '; read a", true);
  await eventually(async () => {
    const { text } = await sessions.capture("scr-3");
    return /^Continue\? \[y\/N\]$/m.test(text) ? true : undefined;
  }, "the question on scr-3");

  const infos = await sessions.list();
  assert.equal(infos.length, count);
  const screens = await new PaneScreens(tmux.options).captureScreens(infos.map((i) => i.paneId));
  assert.equal(screens.size, count);
  for (const name of ["scr-3", `scr-${count - 1}`]) {
    const info = infos.find((i) => i.name === name);
    assert.ok(info);
    assert.deepEqual(screens.get(info.paneId), await sessions.capture(name), name);
  }
});

Deno.test("PaneScreens leaves out a pane that is gone, and the panes after it in its batch", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("scr-a");
  await tmux.newSession("scr-b");
  const sessions = new SessionService(tmux.options);
  const [a, b] = await sessions.list();
  assert.ok(a && b);
  const reader = new PaneScreens(tmux.options);
  // tmux stops the command list at the gone pane: the panes after it wait for the next call.
  const screens = await reader.captureScreens([a.paneId, "%999", b.paneId]);
  assert.deepEqual([...screens.keys()], [a.paneId]);
  assert.deepEqual(screens.get(a.paneId), await sessions.capture("scr-a"));
  const again = await reader.captureScreens([b.paneId, a.paneId]);
  assert.deepEqual([...again.keys()], [b.paneId, a.paneId]);
});
