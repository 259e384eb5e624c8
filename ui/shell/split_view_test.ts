import assert from "node:assert/strict";
import { testSession } from "../shared/_test_session.ts";
import { SplitView } from "./split_view.ts";
import { Workspace } from "./workspace.ts";

const ref = (name: string, host = "local") => ({ host, name });
const names = (split: SplitView) => split.panes?.map((t) => t.name) ?? null;

function setUp(): { workspace: Workspace; split: SplitView } {
  const workspace = new Workspace();
  const split = new SplitView(workspace);
  split.open(ref("a"), "$1");
  return { workspace, split };
}

Deno.test("SplitView opens a session beside the focused one and focuses it", () => {
  const { workspace, split } = setUp();
  split.openBeside(ref("b"), "$2");
  assert.deepEqual(names(split), ["a", "b"]);
  assert.deepEqual(workspace.selected, ref("b"));
  assert.equal(split.otherUid, split.panes?.[0].uid, "a is beside");
  split.openBeside(ref("b"), "$2");
  assert.deepEqual(names(split), ["a", "b"], "the same session twice is refused");
  split.openBeside(ref("c"), "$3");
  assert.deepEqual(names(split), ["c", "b"], "the pane beside the focused one takes it");
});

Deno.test("SplitView focuses a pane, and an ordinary open replaces the focused pane", () => {
  const { workspace, split } = setUp();
  split.openBeside(ref("b"), "$2");
  const [left] = split.panes ?? [];
  split.focus(left?.uid ?? "");
  assert.deepEqual(workspace.selected, ref("a"));
  split.open(ref("b"), "$2");
  assert.deepEqual(names(split), ["a", "b"], "opening a shown session only focuses it");
  split.open(ref("c"), "$3");
  assert.deepEqual(names(split), ["a", "c"]);
  assert.deepEqual(workspace.selected, ref("c"));
});

Deno.test("SplitView goes back to one pane when a pane closes or its session ends", () => {
  const { workspace, split } = setUp();
  split.openBeside(ref("b"), "$2");
  split.close(ref("b"));
  assert.equal(split.panes, null);
  assert.deepEqual(workspace.selected, ref("a"), "the pane left is focused");

  split.openBeside(ref("c"), "$3");
  const sessions = [testSession("c", { id: "$3" })];
  assert.equal(split.follow(sessions), true);
  assert.equal(split.panes, null, "a ended: no split");
  assert.deepEqual(workspace.selected, ref("c"));

  split.openBeside(ref("d"), "$4");
  split.follow([testSession("d", { id: "$4" })]);
  assert.equal(split.panes, null, "the focused pane's session ended: the other is left");
  assert.deepEqual(workspace.selected, ref("d"));
});

Deno.test("SplitView follows a rename made elsewhere", () => {
  const { split } = setUp();
  split.openBeside(ref("b"), "$2");
  split.follow([testSession("a2", { id: "$1" }), testSession("b", { id: "$2" })]);
  assert.deepEqual(names(split), ["a2", "b"]);
});

Deno.test("SplitView restores a split from the address, focusing the first pane", () => {
  const { workspace, split } = setUp();
  split.restore(ref("x"), ref("y"), () => null);
  assert.deepEqual(names(split), ["x", "y"]);
  assert.deepEqual(workspace.selected, ref("x"));
  split.restore(ref("x"), ref("x"), () => null);
  assert.equal(names(split), null, "the same session twice: one pane");
  assert.deepEqual(workspace.selected, ref("x"));
  split.restore(ref("x"), ref("y"), () => null);
  const [, right] = split.panes ?? [];
  split.unsplitKeeping(right?.uid ?? "");
  assert.equal(split.panes, null);
  assert.deepEqual(workspace.selected, ref("y"));
});

Deno.test("SplitView keeps the pane beside however many sessions the focused pane goes through", () => {
  const workspace = new Workspace(() => {}, 3);
  const split = new SplitView(workspace);
  split.open(ref("a"), null);
  split.openBeside(ref("b"), null);
  for (const name of ["c", "d", "e", "f"]) split.open(ref(name), null);
  assert.deepEqual(names(split), ["a", "f"]);
  assert.equal(workspace.terminals.length, 3);
});
