import assert from "node:assert/strict";
import fc from "fast-check";
import { escapeOctal, unescapeOctal, unescapeOctalInto } from "./octal.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

Deno.test("unescapeOctal round-trips every byte 0..255 through escapeOctal", () => {
  for (let b = 0; b < 256; b++) {
    const one = Uint8Array.of(b);
    assert.deepEqual(unescapeOctal(escapeOctal(one)), one, `byte ${b}`);
  }
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(unescapeOctal(escapeOctal(all)), all);
});

Deno.test("unescapeOctal round-trips any bytes through escapeOctal", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      assert.deepEqual(unescapeOctal(escapeOctal(data)), data);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("escapeOctal escapes exactly the bytes below 0x20 and the backslash", () => {
  for (let b = 0; b < 256; b++) {
    const escaped = escapeOctal(Uint8Array.of(b));
    if (b < 0x20 || b === 0x5c) {
      assert.deepEqual(escaped, bytes("\\" + b.toString(8).padStart(3, "0")), `byte ${b}`);
    } else {
      assert.deepEqual(escaped, Uint8Array.of(b), `byte ${b}`);
    }
  }
  assert.deepEqual(escapeOctal(bytes("a\r\n\\b")), bytes("a\\015\\012\\134b"));
});

Deno.test("unescapeOctal passes DEL and raw bytes >= 0x80 through", () => {
  const raw = Uint8Array.of(0x7f, 0x80, 0xc3, 0xa9, 0xe6, 0xbc, 0xff);
  assert.equal(unescapeOctal(raw), raw);
  const mixed = Uint8Array.of(0xe6, 0x5c, 0x30, 0x31, 0x35, 0xbc, 0x7f);
  assert.deepEqual(unescapeOctal(mixed), Uint8Array.of(0xe6, 0x0d, 0xbc, 0x7f));
});

Deno.test("unescapeOctal decodes escapes at the start, middle and end", () => {
  assert.deepEqual(unescapeOctal(bytes("\\033[0m")), bytes("\x1b[0m"));
  assert.deepEqual(unescapeOctal(bytes("a\\011b")), bytes("a\tb"));
  assert.deepEqual(unescapeOctal(bytes("line\\015\\012")), bytes("line\r\n"));
  assert.deepEqual(unescapeOctal(bytes("\\000\\377\\134")), Uint8Array.of(0, 0xff, 0x5c));
  // An escaped backslash followed by digits is a backslash and digits, not another escape.
  assert.deepEqual(unescapeOctal(bytes("\\134012")), bytes("\\012"));
});

Deno.test("unescapeOctal keeps malformed escapes as they are", () => {
  const cases = [
    "\\9",
    "\\8",
    "x\\",
    "\\",
    "a\\12",
    "\\1",
    "\\12",
    "\\1x2",
    "\\01 ",
    "\\ 012",
    "\\400",
    "\\777",
    "\\a\\n",
  ];
  for (const text of cases) {
    assert.deepEqual(unescapeOctal(bytes(text)), bytes(text), JSON.stringify(text));
  }
  assert.deepEqual(unescapeOctal(bytes("\\9\\015\\")), bytes("\\9\r\\"));
});

Deno.test("unescapeOctal returns the same array when there is nothing to unescape", () => {
  const empty = new Uint8Array();
  assert.equal(unescapeOctal(empty), empty);
  const plain = bytes("plain text, 漢字 and emoji 😀");
  assert.equal(unescapeOctal(plain), plain);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }).filter((d) => !d.includes(0x5c)), (data) => {
      assert.equal(unescapeOctal(data), data);
    }),
  );
});

Deno.test("unescapeOctal never grows its input and never throws", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(0x5c, 0x30, 0x31, 0x33, 0x37, 0x38, 0x41, 0xff), {
        maxLength: 60,
      }),
      (list) => {
        const data = Uint8Array.from(list);
        assert.ok(unescapeOctal(data).length <= data.length);
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("escapeOctal output holds no byte below 0x20", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
      assert.ok(escapeOctal(data).every((b) => b >= 0x20));
    }),
  );
});

Deno.test("unescapeOctalInto writes what unescapeOctal returns, at the offset, for any bytes", () => {
  // Arbitrary bytes cover malformed escapes (a lone "\\", "\\9", "\\4xx", a cut "\\01").
  const data = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map(escapeOctal),
    fc.array(fc.constantFrom("\\", "0", "1", "3", "4", "7", "8", "a"), { maxLength: 40 })
      .map((parts) => bytes(parts.join(""))),
  );
  fc.assert(
    fc.property(data, fc.nat(16), (input, offset) => {
      const out = new Uint8Array(offset + input.length).fill(0xee);
      const end = unescapeOctalInto(input, out, offset);
      assert.deepEqual(out.subarray(offset, end), unescapeOctal(input));
      assert.ok(out.subarray(0, offset).every((b) => b === 0xee), "nothing before the offset");
    }),
    { numRuns: 2000 },
  );
});
