import assert from "node:assert/strict";
import { OverviewMirror, parseOverviewMessage, type Thumbnail } from "./overview_protocol.ts";

const thumb = (name: string, host = "local"): Thumbnail => ({
  host,
  name,
  cols: 80,
  rows: 24,
  screen: name,
});
const message = (
  thumbnails: Thumbnail[],
  extra: { reset?: true; synced?: true; removed?: { host: string; name: string }[] } = {},
) => ({
  type: "overview" as const,
  thumbnails,
  removed: extra.removed ?? [],
  omitted: 0,
  ...extra,
});

Deno.test("parseOverviewMessage accepts overview messages and drops malformed entries", () => {
  assert.equal(parseOverviewMessage("not json"), null);
  assert.equal(parseOverviewMessage(JSON.stringify({ type: "sessions" })), null);
  const parsed = parseOverviewMessage(JSON.stringify({
    type: "overview",
    thumbnails: [thumb("a"), { host: "local", name: "b" }],
    removed: [{ host: "local", name: "c" }, 5],
    omitted: 3,
    synced: true,
  }));
  assert.deepEqual(parsed, {
    type: "overview",
    thumbnails: [thumb("a")],
    removed: [{ host: "local", name: "c" }],
    omitted: 3,
    synced: true,
  });
});

Deno.test("OverviewMirror applies changes and re-tags a worker's sessions", () => {
  const mirror = new OverviewMirror();
  const change = mirror.apply(message([thumb("a"), thumb("b")]), "w1");
  assert.deepEqual(change.updated.map((t) => `${t.host}/${t.name}`), ["w1/a", "w1/b"]);
  assert.equal(mirror.get({ host: "w1", name: "a" })?.screen, "a");
  const removed = mirror.apply(message([], { removed: [{ host: "local", name: "a" }] }), "w1");
  assert.deepEqual(removed.removed, [{ host: "w1", name: "a" }]);
  assert.equal(mirror.size, 1);
});

Deno.test("OverviewMirror keeps its thumbnails across a reconnect until the new state is complete", () => {
  const mirror = new OverviewMirror();
  mirror.apply(message([thumb("a"), thumb("b"), thumb("c")], { reset: true, synced: true }));
  // Reconnected: the first message resets; a and c come again, b does not.
  let change = mirror.apply(message([thumb("a")], { reset: true }));
  assert.deepEqual(change.removed, [], "nothing disappears before the state is complete");
  assert.equal(mirror.size, 3);
  change = mirror.apply(message([thumb("c")], { synced: true }));
  assert.deepEqual(change.removed, [{ host: "local", name: "b" }]);
  assert.deepEqual(mirror.all().map((t) => t.name).sort(), ["a", "c"]);
  assert.deepEqual(mirror.clear().map((t) => t.name).sort(), ["a", "c"]);
  assert.equal(mirror.size, 0);
});
