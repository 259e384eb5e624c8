import assert from "node:assert/strict";
import fc from "fast-check";
import { type ListDelimiters, listDelimiters, listFormat, parseList } from "./list_format.ts";

/** What tmux prints for `rows` under listFormat: each row's values in place, then "\n". */
function printed(rows: readonly string[][], delimiters: ListDelimiters): string {
  return rows.map((row) => listFormat(row, delimiters) + "\n").join("");
}

Deno.test("listDelimiters draws new delimiters for every call", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const { record, field } = listDelimiters();
    assert.equal(record[0], "\x1e");
    assert.match(record.slice(1), /^[A-Za-z0-9_-]{12}$/);
    assert.equal(field, "\x1f" + record.slice(1));
    seen.add(record);
  }
  assert.equal(seen.size, 100);
});

Deno.test("listFormat never puts a character tmux reads as format syntax between fields", () => {
  const delimiters = listDelimiters();
  const format = listFormat(["#{a}", "#{b}"], delimiters);
  assert.equal(format.replace("#{a}", "").replace("#{b}", "").match(/[#,}{]/), null);
});

Deno.test("parseList keeps newlines, unit separators, tabs and backslashes inside fields", () => {
  const delimiters = listDelimiters();
  const rows = [
    ["a", "/src/new\nline", "x"],
    ["b", "/src/unit\x1fsep\x1e", "t\tab\\"],
    ["c", "ends with newline\n", ""],
  ];
  assert.deepEqual(parseList(printed(rows, delimiters), delimiters, 3), rows);
});

Deno.test("parseList leaves out rows with too few or too many fields", () => {
  const delimiters = listDelimiters();
  const text = printed([["a", "b"], ["c", "d", "e"], ["f"]], delimiters);
  assert.deepEqual(parseList(text, delimiters, 2), [["a", "b"]]);
  assert.deepEqual(parseList("no server running\n", delimiters, 2), []);
  assert.deepEqual(parseList("", delimiters, 2), []);
});

Deno.test("parseList gives back any rows whose fields do not hold the delimiters", () => {
  const delimiters = listDelimiters();
  const unit = fc.oneof(
    fc.constantFrom("\n", "\x1e", "\x1f", "\t", "\\", "\r"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  );
  const field = fc.string({ unit })
    .filter((value) => !value.includes(delimiters.record) && !value.includes(delimiters.field));
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((count) =>
        fc.tuple(
          fc.constant(count),
          fc.array(fc.array(field, { minLength: count, maxLength: count })),
        )
      ),
      ([count, rows]) => {
        assert.deepEqual(parseList(printed(rows, delimiters), delimiters, count), rows);
      },
    ),
  );
});
