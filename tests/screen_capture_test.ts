import assert from "node:assert/strict";
import { MAX_SCREEN_BATCH, ScreenCapturer, SessionService } from "../tmux/mod.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";

Deno.test("ScreenCapturer captures many screens in one go; a missing session maps to null", async () => {
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
  const capturer = new ScreenCapturer(tmux.options, new SessionService(tmux.options));
  // "gone" sits in the middle of the first batch: tmux stops there, the rest is asked again.
  const asked = [...names.slice(0, 3), "gone", ...names.slice(3)];
  let results = await capturer.captureScreens(asked);
  // The shells may not have printed yet.
  for (let i = 0; i < 50 && names.some((n) => !results.get(n)?.text.includes("screen-")); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    results = await capturer.captureScreens(asked);
  }
  assert.equal(results.size, asked.length);
  assert.equal(results.get("gone"), null);
  for (const [i, name] of names.entries()) {
    const capture = results.get(name);
    assert.ok(capture, name);
    assert.equal(capture.cols, 40 + i);
    assert.equal(capture.rows, 5);
    assert.match(capture.text, new RegExp(`^\\x1b\\[1mscreen-${i}\\n`), name);
  }
  const plain = await capturer.captureScreens(["cap-0"], false);
  assert.match(plain.get("cap-0")?.text ?? "", /^screen-0\n/);
});
