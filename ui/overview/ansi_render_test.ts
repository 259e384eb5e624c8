import assert from "node:assert/strict";
import { applySgr, color256, renderScreen, screenText } from "./ansi_render.ts";

Deno.test("renderScreen splits text into styled spans, colour state carrying across lines", () => {
  const screen = "\x1b[1m\x1b[31mred bold\x1b[0m\x1b[39m\x1b[49m plain \x1b[38;5;200mx\n" +
    "still\x1b[0m ok";
  assert.deepEqual(renderScreen(screen), [
    [
      { text: "red bold", style: "color:var(--ansi-1);font-weight:700" },
      { text: " plain ", style: "" },
      { text: "x", style: "color:#ff00d7" },
    ],
    [{ text: "still", style: "color:#ff00d7" }, { text: " ok", style: "" }],
  ]);
});

Deno.test("renderScreen pads to the pane's rows and drops trailing empty lines beyond them", () => {
  assert.deepEqual(renderScreen("a\n\nb\n\n\n", 4), [
    [{ text: "a", style: "" }],
    [],
    [{ text: "b", style: "" }],
    [],
  ]);
  assert.equal(renderScreen("", 2).length, 2);
});

Deno.test("renderScreen ignores escapes other than SGR and control characters", () => {
  assert.equal(
    screenText("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b[2Kx\x07y\x1b(Bz\x1b[?25h"),
    "link xyz",
  );
  // An SGR with an intermediate byte is not SGR.
  assert.deepEqual(renderScreen("\x1b[1 mq"), [[{ text: "q", style: "" }]]);
});

Deno.test("applySgr handles the usual attributes, bright, 256 and true colours, both syntaxes", () => {
  const plain = applySgr({} as never, "0");
  const style = (params: string) => {
    const pen = applySgr(plain, params);
    return { fg: pen.fg, bg: pen.bg };
  };
  assert.deepEqual(style("91;104"), { fg: "var(--ansi-9)", bg: "var(--ansi-12)" });
  assert.deepEqual(style("38;2;1;2;3;48;5;16"), { fg: "#010203", bg: "#000000" });
  assert.deepEqual(style("38:2::10:20:30"), { fg: "#0a141e", bg: null });
  assert.deepEqual(style("38:2:10:20:30"), { fg: "#0a141e", bg: null });
  assert.deepEqual(style("48:5:231"), { fg: null, bg: "#ffffff" });
  assert.deepEqual(style("38;5;300"), { fg: null, bg: null }, "out of range is ignored");
  // Parameters after an extended colour are still read.
  assert.equal(applySgr(plain, "38;5;1;1").bold, true);
  const inverse = renderScreen("\x1b[7mi\x1b[27mn")[0];
  assert.deepEqual(inverse, [
    { text: "i", style: "color:var(--ov-bg);background:var(--ov-fg)" },
    { text: "n", style: "" },
  ]);
  assert.equal(
    renderScreen("\x1b[2;3;4;9mx")[0]?.[0]?.style,
    "opacity:.6;font-style:italic;text-decoration:underline line-through",
  );
  assert.equal(renderScreen("\x1b[8mx")[0]?.[0]?.style, "color:transparent");
});

Deno.test("color256 maps the cube and the grey ramp; the first 16 follow the theme", () => {
  assert.equal(color256(3), "var(--ansi-3)");
  assert.equal(color256(196), "#ff0000");
  assert.equal(color256(232), "#080808");
  assert.equal(color256(255), "#eeeeee");
});
