import assert from "node:assert/strict";
import { listDelimiters } from "./list_format.ts";
import { parseLayouts } from "./session_layout.ts";

const D = listDelimiters();
const row = (...fields: string[]) => D.record + fields.join(D.field) + "\n";

Deno.test("parseLayouts groups panes by session and window, in window order", () => {
  const text =
    row("$1", "100", "1", "logs", "0", "ab12,80x24,0,0,3", "0", "/b", "tail", "tail -f x", "703") +
    row(
      "$1",
      "100",
      "0",
      "bash",
      "1",
      "cd34,80x24,0,0{40x24,0,0,1,39x24,41,0,2}",
      "1",
      "/a",
      "bash",
      "",
      "701",
    ) +
    row(
      "$1",
      "100",
      "0",
      "bash",
      "1",
      "cd34,80x24,0,0{40x24,0,0,1,39x24,41,0,2}",
      "1",
      "/a\nb",
      "vim",
      "",
      "702",
    ) +
    row("$2", "200", "0", "x", "1", "ef56,80x24,0,0,4", "1", "/c", "sh", "", "");
  const layouts = parseLayouts(text, D);
  assert.deepEqual([...layouts.keys()], ["$1@100", "$2@200"]);
  const [first, second] = layouts.get("$1@100") ?? [];
  assert.deepEqual(first, {
    index: 0,
    name: null,
    layout: "cd34,80x24,0,0{40x24,0,0,1,39x24,41,0,2}",
    active: true,
    panes: [
      { cwd: "/a", command: "bash", startCommand: "", pid: 701 },
      { cwd: "/a\nb", command: "vim", startCommand: "", pid: 702 },
    ],
  });
  assert.equal(second?.name, "logs");
  assert.equal(second?.active, false);
  assert.deepEqual(second?.panes, [
    { cwd: "/b", command: "tail", startCommand: "tail -f x", pid: 703 },
  ]);
});
