import assert from "node:assert/strict";
import { listingOrder } from "./sessions.ts";

const at = (host: string, name: string) => ({ host, name });
const shown = (list: readonly { host: string; name: string }[]) =>
  list.map((s) => `${s.host}/${s.name}`);

Deno.test("listingOrder sorts each host's sessions naturally, as the tree does", () => {
  const sessions = ["scratch-10", "scratch-2", "Scratch-3", "api", "scratch-1"].map((name) =>
    at("local", name)
  );
  assert.deepEqual(shown(listingOrder(sessions)), [
    "local/api",
    "local/scratch-1",
    "local/scratch-2",
    "local/Scratch-3",
    "local/scratch-10",
  ]);
});

Deno.test("listingOrder keeps hosts in the server's order, then hosts it did not list", () => {
  const sessions = [at("mini", "b"), at("cloud", "a"), at("local", "z"), at("ghost", "a")];
  const hosts = [{ id: "local" }, { id: "cloud" }, { id: "mini" }];
  assert.deepEqual(shown(listingOrder(sessions, hosts)), [
    "local/z",
    "cloud/a",
    "mini/b",
    "ghost/a",
  ]);
  assert.deepEqual(
    shown(listingOrder(sessions)),
    ["mini/b", "cloud/a", "local/z", "ghost/a"],
    "without hosts, in order of appearance",
  );
  assert.deepEqual(listingOrder([]), []);
});
