import assert from "node:assert/strict";
import { MAX_SCREEN_BATCH, ScreenCapturer, SessionService } from "../tmux/mod.ts";
import { eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";

Deno.test("ScreenCapturer captures many sessions' screens by id in batches; a missing one maps to null", async () => {
  await using tmux = new PrivateTmux();
  const names = Array.from({ length: MAX_SCREEN_BATCH + 3 }, (_, i) => `cap-${i}`);
  await tmux.tmux(
    ...names.flatMap((name, i) => [
      ...(i > 0 ? [";"] : []),
      "new-session",
      "-d",
      "-s",
      name,
      "-x",
      String(40 + i),
      "-y",
      "5",
      "sh",
      "-c",
      `printf '\\033[1mscreen-${i}\\033[0m'; exec sleep 600`,
    ]),
  );
  const ids = new Map((await new SessionService(tmux.options).list()).map((s) => [s.name, s.id]));
  const id = (name: string) => ids.get(name) ?? "";
  const capturer = new ScreenCapturer(tmux.options);
  // "$999" (gone) sits in the middle of the first batch: tmux stops there, the rest is asked
  // again. A name is no target at all: it maps to null without asking tmux.
  const asked = [...names.slice(0, 3).map(id), "$999", "cap-3", ...names.slice(3).map(id)];
  let results = await capturer.captureScreens(asked, true);
  // The shells may not have printed yet.
  for (let i = 0; i < 50 && names.some((n) => !results.get(id(n))?.text.includes("screen-")); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    results = await capturer.captureScreens(asked, true);
  }
  assert.equal(results.size, asked.length);
  assert.equal(results.get("$999"), null);
  assert.equal(results.get("cap-3"), null);
  for (const [i, name] of names.entries()) {
    const capture = results.get(id(name));
    assert.ok(capture, name);
    assert.equal(capture.cols, 40 + i);
    assert.equal(capture.rows, 5);
    assert.match(capture.text, new RegExp(`^\\x1b\\[1mscreen-${i}\\n`), name);
  }
  const plain = await capturer.captureScreens([id("cap-0")], false);
  assert.match(plain.get(id("cap-0"))?.text ?? "", /^screen-0\n/);
});

Deno.test("ScreenCapturer reads panes by id as SessionService.capture does; a gone pane maps to null", async () => {
  await using tmux = new PrivateTmux();
  const count = MAX_SCREEN_BATCH + 5;
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
  const capturer = new ScreenCapturer(tmux.options);
  const panes = infos.map((i) => i.paneId);
  // A pane that is gone, in the middle of the first batch: tmux stops there, the rest still come.
  const screens = await capturer.captureScreens([...panes.slice(0, 2), "%999", ...panes.slice(2)]);
  assert.equal(screens.size, count + 1);
  assert.equal(screens.get("%999"), null);
  for (const name of ["scr-0", "scr-3", `scr-${count - 1}`]) {
    const info = infos.find((i) => i.name === name);
    assert.ok(info);
    assert.deepEqual(screens.get(info.paneId), await sessions.capture(name), name);
  }
});
