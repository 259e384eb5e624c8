import assert from "node:assert/strict";
import { testSession } from "../shared/_test_session.ts";
import { Workspace } from "./workspace.ts";

const ref = (name: string, host = "local") => ({ host, name });

Deno.test("Workspace opens a terminal per session and keeps the recently viewed alive", () => {
  let changes = 0;
  const workspace = new Workspace(() => changes++, 2);
  workspace.open(ref("a"), "$1");
  workspace.open(ref("b"), null);
  workspace.open(ref("a"), "$1");
  assert.deepEqual(workspace.terminals.map((t) => t.name), ["a", "b"]);
  assert.deepEqual(workspace.selected, ref("a"));
  assert.deepEqual(workspace.recentKeys(), ["local/a", "local/b"]);
  workspace.open(ref("c"), null);
  assert.deepEqual(workspace.terminals.map((t) => t.name), ["a", "c"], "b retired");
  assert.equal(workspace.activeUid, workspace.terminals[1]?.uid);
  assert.equal(changes, 4);
});

Deno.test("Workspace closes a terminal and clears the selection when it was that one", () => {
  const workspace = new Workspace();
  workspace.open(ref("a"), null);
  workspace.open(ref("b"), null);
  workspace.close(ref("a"));
  assert.deepEqual(workspace.selected, ref("b"));
  workspace.close(ref("b"));
  assert.equal(workspace.selected, null);
  assert.deepEqual(workspace.terminals, []);
  assert.equal(workspace.activeUid, null);
});

Deno.test("Workspace follows a rename made elsewhere by the session's id", () => {
  const workspace = new Workspace();
  workspace.open(ref("old"), "$7");
  const uid = workspace.terminals[0]?.uid;
  const moved = workspace.follow([testSession("new", { id: "$7" })]);
  assert.equal(moved, true);
  assert.deepEqual(workspace.selected, ref("new"));
  assert.deepEqual(workspace.terminals.map((t) => [t.uid, t.name]), [[uid, "new"]]);
  assert.equal(workspace.follow([testSession("new", { id: "$7" })]), false, "no change");
});

Deno.test("Workspace drops terminals of sessions that are gone, but not the selected one", () => {
  const workspace = new Workspace();
  workspace.open(ref("gone"), "$1");
  workspace.open(ref("open"), "$2");
  workspace.follow([]);
  assert.deepEqual(workspace.terminals.map((t) => t.name), ["open"], "the selected one stays");
  assert.deepEqual(workspace.recentKeys(), ["local/open"]);
});

Deno.test("Workspace learns a terminal's id from the list and follows renames from this page", () => {
  const workspace = new Workspace();
  workspace.open(ref("x"), null);
  workspace.follow([testSession("x", { id: "$3" })]);
  assert.equal(workspace.terminals[0]?.id, "$3");
  workspace.renamed(ref("x"), ref("y"));
  assert.deepEqual(workspace.selected, ref("y"));
  workspace.clear();
  assert.deepEqual([workspace.terminals, workspace.selected, workspace.recentKeys()], [
    [],
    null,
    [],
  ]);
});

Deno.test("Workspace closes the least recently viewed hidden terminals over the lines budget", () => {
  let changes = 0;
  const workspace = new Workspace(() => changes++);
  for (const name of ["a", "b", "c", "d"]) workspace.open(ref(name), null);
  const uidOf = (name: string) => workspace.terminals.find((t) => t.name === name)?.uid ?? "";
  const held = new Map([["a", 50_000], ["b", 40_000], ["c", 50_000], ["d", 30_000]]);
  const lines = (uid: string) =>
    held.get(workspace.terminals.find((t) => t.uid === uid)?.name ?? "") ?? 0;
  // a is the oldest, but it is shown (the split's other pane): b goes, then c, until ≤ 100,000.
  changes = 0;
  assert.equal(workspace.trim(lines, 100_000, new Set([uidOf("a"), uidOf("d")])), true);
  assert.deepEqual(workspace.terminals.map((t) => t.name), ["a", "d"]);
  assert.equal(changes, 1);
  assert.deepEqual(workspace.recentKeys(), ["local/d", "local/a"]);
  // Within the budget: nothing closes, nothing changes.
  assert.equal(workspace.trim(lines, 100_000, new Set()), false);
  assert.equal(changes, 1);
  // Only shown terminals over the budget: they stay.
  assert.equal(workspace.trim(lines, 10, new Set([uidOf("a"), uidOf("d")])), false);
  assert.deepEqual(workspace.terminals.map((t) => t.name), ["a", "d"]);
});
