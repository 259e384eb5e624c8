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
