import assert from "node:assert/strict";
import fc from "fast-check";
import { escapeFormat } from "./format_escape.ts";

/**
 * tmux 3.3a's format_expand1 (format.c) for strings whose every `#` is escaped: `##` gives `#`,
 * a run of `#` before `[` is copied, `#[` is copied. Anything else after `#` would be expanded,
 * so the model fails on it (an escaping that left one would be caught).
 */
function tmuxExpand(format: string): string {
  let out = "";
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch !== "#") {
      out += ch;
      i++;
      continue;
    }
    const next = format[i + 1];
    if (next === "#") {
      let end = i + 1;
      while (format[end] === "#") end++;
      if (format[end] === "[") {
        out += format.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      out += "#";
      i += 2;
      continue;
    }
    if (next === "[") {
      out += "#[";
      i += 2;
      continue;
    }
    throw new Error(`tmux would expand "#${next ?? ""}" at ${i} of ${JSON.stringify(format)}`);
  }
  return out;
}

Deno.test("escapeFormat doubles every # that tmux would expand", () => {
  assert.equal(escapeFormat("/src/#(touch x)"), "/src/##(touch x)");
  assert.equal(escapeFormat("#{session_name}"), "##{session_name}");
  assert.equal(escapeFormat("x#Sy"), "x##Sy");
  assert.equal(escapeFormat("a#"), "a##");
  assert.equal(escapeFormat("##"), "####");
  assert.equal(escapeFormat("#,#}"), "##,##}");
});

Deno.test("escapeFormat leaves a run of # before [ alone, as tmux copies it", () => {
  assert.equal(escapeFormat("#["), "#[");
  assert.equal(escapeFormat("##["), "##[");
  assert.equal(escapeFormat("###[x"), "###[x");
  assert.equal(escapeFormat("#[#(x)]#"), "#[##(x)]##");
});

Deno.test("escapeFormat leaves values without # unchanged", () => {
  for (const value of ["", "/home/u/src", "%Y-%m", "a b\\c\"d'e$f", "\n\t\x1f", "é名🤖"]) {
    assert.equal(escapeFormat(value), value);
  }
});

Deno.test("escapeFormat gives back any value through tmux's expansion", () => {
  const text = fc.string({ unit: fc.constantFrom("#", "[", "{", "(", ")", "}", ",", "S", "a") });
  fc.assert(fc.property(fc.oneof(text, fc.string()), (value) => {
    assert.equal(tmuxExpand(escapeFormat(value)), value);
  }));
});
