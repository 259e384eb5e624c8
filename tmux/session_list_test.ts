import assert from "node:assert/strict";
import fc from "fast-check";
import { compareNames } from "../protocol/name_order.ts";
import { listDelimiters } from "./list_format.ts";
import {
  byName,
  parseSessionList,
  parseSessionRows,
  sessionListFormat,
  sessionRowsFormat,
} from "./session_list.ts";

const D = listDelimiters();

/** A `list-sessions -F sessionRowsFormat(…, D)` row as tmux prints it. */
function rowLine(
  name: string,
  process: [string, string] | null,
  title = "host",
  pane = "%1",
): string {
  return D.record + [
    name,
    "$1",
    "2",
    "1700000000",
    "1700000100",
    "1700000200",
    "1",
    pane,
    "4242",
    "0",
    "",
    "80",
    "24",
    "1",
    "1",
    title,
    ...(process ? ["1", ...process, "0.b25d,80x24,0,0,1 "] : ["0", "", "", ""]),
  ].join(D.field) + "\n";
}

Deno.test("parseSessionRows reads every field of a row with its process", () => {
  const [row] = parseSessionRows(rowLine("a-b", ["claude", "/home/u/src"]), D);
  assert.deepEqual(row, {
    info: {
      name: "a-b",
      id: "$1",
      windows: 2,
      created: 1700000000,
      activity: 1700000200,
      attached: 1,
      paneId: "%1",
      panePid: 4242,
      paneDead: false,
      paneDeadStatus: null,
      cols: 80,
      rows: 24,
      alternate: true,
      bell: true,
      command: "claude",
      cwd: "/home/u/src",
      title: "host",
      layouts: "0.b25d,80x24,0,0,1 ",
    },
    hasProcess: true,
  });
});

Deno.test("parseSessionRows marks rows tmux was not asked the process for", () => {
  const rows = parseSessionRows(
    rowLine("a", null) + rowLine("b", ["", ""]) + D.record + "short" + D.field + "line\n",
    D,
  );
  assert.deepEqual(rows.map((r) => [r.info.name, r.hasProcess, r.info.command, r.info.layouts]), [
    ["a", false, "", ""],
    ["b", true, "", "0.b25d,80x24,0,0,1 "],
  ]);
});

Deno.test("parseSessionRows reads values holding newlines and separators exactly", () => {
  const cwd = "/src/new\nline/unit\x1fsep/record\x1erow/tab\there/back\\slash\n";
  const command = "sl\neep\x1f\t";
  const title = "a\x1fb\nc\\d";
  const text = rowLine("first", [command, cwd], title, "%1") +
    rowLine("second", ["sh", "/"], "x", "%2");
  const rows = parseSessionRows(text, D);
  assert.deepEqual(rows.map((r) => [r.info.name, r.info.command, r.info.cwd, r.info.title]), [
    ["first", command, cwd, title],
    ["second", "sh", "/", "x"],
  ]);
});

Deno.test("parseSessionRows reads nothing shifted with another call's delimiters", () => {
  assert.deepEqual(parseSessionRows(rowLine("a", ["sh", "/"]), listDelimiters()), []);
});

Deno.test("parseSessionRows and parseSessionList agree on the same session", () => {
  const [row] = parseSessionRows(rowLine("agent", ["node", "/srv"], "✳ Claude Code", "%7"), D);
  const paneRow = (active: string) =>
    D.record + [
      active,
      active,
      "agent",
      "$1",
      "2",
      "1700000000",
      "1700000100",
      "1700000200",
      "1",
      "%7",
      "4242",
      "0",
      "",
      "80",
      "24",
      "1",
      "1",
      "✳ Claude Code",
      "1",
      "node",
      "/srv",
      "0.b25d,80x24,0,0,1 ",
    ].join(D.field) + "\n";
  assert.deepEqual(parseSessionList(paneRow("0") + paneRow("1"), D), [row?.info]);
});

Deno.test("sessionRowsFormat asks for every process at 0, else only for active windows", () => {
  const every = sessionRowsFormat(0, D);
  assert.match(every, /#\{pane_current_command\}/);
  assert.doesNotMatch(every, /#\{\?/);
  const since = sessionRowsFormat(1700000123.9, D);
  assert.ok(
    since.includes(`#{?#{e|>=:#{window_activity},1700000123},1${D.field}#{pane_current_command}`),
    since,
  );
  // The branch not asked holds empty fields in place of the process and the layouts.
  assert.equal(since.split(D.field).length, every.split(D.field).length + 3);
  assert.ok(since.includes(`${D.field}#{W:#{window_index}.#{window_layout} },0${D.field}`), since);
  assert.ok(every.startsWith(D.record) && since.startsWith(D.record));
  // Same fields as the full pane list, apart from the two pane filters list-sessions needs not.
  const names = (format: string) => new Set(format.match(/#\{[a-z_]+\}/g));
  const listed = names(sessionListFormat(D));
  listed.delete("#{window_active}");
  listed.delete("#{pane_active}");
  assert.deepEqual(names(every), listed);
});

Deno.test("byName orders naturally, as the tree does", () => {
  const listed = ["scratch-10", "Scratch-3", "scratch-2", "api"].map((name) => ({ name }));
  assert.deepEqual(listed.sort(byName).map((s) => s.name), [
    "api",
    "scratch-2",
    "Scratch-3",
    "scratch-10",
  ]);
  fc.assert(
    fc.property(fc.array(fc.string()), (names) => {
      const sessions = names.map((name) => ({ name }));
      const expected = [...names].sort(compareNames);
      assert.deepEqual(sessions.sort(byName).map((s) => s.name), expected);
    }),
  );
});
