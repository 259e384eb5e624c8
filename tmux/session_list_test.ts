import assert from "node:assert/strict";
import fc from "fast-check";
import {
  byName,
  parseSessionList,
  parseSessionRows,
  SESSION_LIST_FORMAT,
  sessionRowsFormat,
} from "./session_list.ts";

const SEP = "\x1f";

/** A `list-sessions -F sessionRowsFormat(…)` line as tmux prints it. */
function rowLine(
  name: string,
  process: [string, string] | null,
  title = "host",
  pane = "%1",
): string {
  return [
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
    ...(process ? ["1", ...process] : ["0", "", ""]),
    title,
  ].join(SEP);
}

Deno.test("parseSessionRows reads every field of a row with its process", () => {
  const [row] = parseSessionRows(rowLine("a-b", ["claude", "/home/u/src"]) + "\n");
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
    },
    hasProcess: true,
  });
});

Deno.test("parseSessionRows marks rows tmux was not asked the process for", () => {
  const rows = parseSessionRows(
    [rowLine("a", null), rowLine("b", ["", ""]), "short" + SEP + "line"].join("\n"),
  );
  assert.deepEqual(rows.map((r) => [r.info.name, r.hasProcess, r.info.command]), [
    ["a", false, ""],
    ["b", true, ""],
  ]);
});

Deno.test("parseSessionRows keeps a title that contains the separator", () => {
  const [row] = parseSessionRows(rowLine("a", ["sh", "/"], `x${SEP}y${SEP}z`));
  assert.equal(row?.info.title, `x${SEP}y${SEP}z`);
});

Deno.test("parseSessionRows and parseSessionList agree on the same session", () => {
  const [row] = parseSessionRows(rowLine("agent", ["node", "/srv"], "✳ Claude Code", "%7"));
  const listLine = [
    "agent",
    "$1",
    "2",
    "1700000000",
    "1700000100",
    "1700000200",
    "1",
    "1",
    "1",
    "%7",
    "4242",
    "0",
    "",
    "80",
    "24",
    "1",
    "node",
    "/srv",
    "1",
    "✳ Claude Code",
  ].join(SEP);
  assert.deepEqual(parseSessionList(listLine), [row?.info]);
});

Deno.test("sessionRowsFormat asks for every process at 0, else only for active windows", () => {
  const every = sessionRowsFormat(0);
  assert.match(every, /#\{pane_current_command\}/);
  assert.doesNotMatch(every, /#\{\?/);
  const since = sessionRowsFormat(1700000123.9);
  assert.ok(
    since.includes(`#{?#{e|>=:#{window_activity},1700000123},1${SEP}#{pane_current_command}`),
    since,
  );
  assert.equal(since.split(SEP).length, every.split(SEP).length + 2);
  // Same fields as the full pane list, apart from the two pane filters list-sessions needs not.
  const names = (format: string) => new Set(format.match(/#\{[a-z_]+\}/g));
  const listed = names(SESSION_LIST_FORMAT);
  listed.delete("#{window_active}");
  listed.delete("#{pane_active}");
  assert.deepEqual(names(every), listed);
});

Deno.test("byName orders like String#localeCompare", () => {
  fc.assert(
    fc.property(fc.array(fc.string()), (names) => {
      const sessions = names.map((name) => ({ name }));
      const expected = [...names].sort((a, b) => a.localeCompare(b));
      assert.deepEqual(sessions.sort(byName).map((s) => s.name), expected);
    }),
  );
});
