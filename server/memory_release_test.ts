import assert from "node:assert/strict";
import { nullLogger } from "./logger.ts";
import { MemoryRelease, openReleaser, type Releaser, shouldRelease } from "./memory_release.ts";

Deno.test("shouldRelease once the RSS has grown by the threshold, and not twice within the interval", () => {
  const limits = { growth: 10, minIntervalMs: 1000 };
  assert.equal(shouldRelease(100, 100, 5000, limits), false);
  assert.equal(shouldRelease(109, 100, 5000, limits), false);
  assert.equal(shouldRelease(110, 100, 5000, limits), true);
  assert.equal(shouldRelease(110, 100, 999, limits), false);
  // Shrunk on its own: nothing to do.
  assert.equal(shouldRelease(50, 100, 5000, limits), false);
});

/** A MemoryRelease over a fake RSS and releaser: 10 bytes of growth, 1 s between releases. */
function releaseOver(rss: () => number, open: () => Releaser | null, now = () => 0) {
  return new MemoryRelease({
    logger: nullLogger,
    rss,
    open,
    checkMs: 60_000,
    growthBytes: 10,
    minIntervalMs: 1000,
    now,
  });
}

Deno.test("MemoryRelease releases when grown, measures from after the release, and opens the releaser once", () => {
  let rss = 100;
  let clock = 0;
  let opened = 0;
  const released: number[] = [];
  const releaser: Releaser = { release: () => (released.push(rss), rss = 90), close: () => {} };
  using memory = releaseOver(() => rss, () => (opened++, releaser), () => clock);
  memory.check();
  assert.deepEqual(released, []);
  rss = 115;
  memory.check();
  assert.deepEqual(released, [115]);
  // The baseline is now 90, after the release; the next one waits for the interval.
  rss = 99;
  memory.check();
  rss = 100;
  clock = 999;
  memory.check();
  assert.deepEqual(released, [115]);
  clock = 1000;
  memory.check();
  assert.deepEqual(released, [115, 100]);
  assert.equal(opened, 1);
  assert.equal(memory.releases, 2);
});

Deno.test("MemoryRelease without a releaser (no glibc) only moves its baseline", () => {
  let rss = 100;
  let opened = 0;
  using memory = releaseOver(() => rss, () => (opened++, null));
  rss = 120;
  memory.check();
  rss = 125;
  memory.check();
  assert.equal(memory.releases, 0);
  assert.equal(opened, 1);
});

Deno.test({
  name: "openReleaser gives back what spawned processes left (glibc, Linux)",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const releaser = openReleaser();
    assert.ok(releaser, "no collector or no malloc_trim here");
    try {
      releaser.release();
      const before = Deno.memoryUsage().rss;
      for (let i = 0; i < 300; i++) {
        await new Deno.Command("true", { stdout: "piped", stderr: "piped" }).output();
      }
      const grown = Deno.memoryUsage().rss;
      releaser.release();
      const after = Deno.memoryUsage().rss;
      const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
      assert.ok(
        grown - after > (grown - before) / 2,
        `${mb(before)} MB, ${mb(grown)} MB after 300 spawns, ${mb(after)} MB after the release`,
      );
    } finally {
      releaser.close();
    }
  },
});
