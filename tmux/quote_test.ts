import assert from "node:assert/strict";
import fc from "fast-check";
import { ControlClient } from "./control_client.ts";
import { argvArgument, commandLine, quoteArgument } from "./quote.ts";
import { execTmux } from "./tmux_exec.ts";
import { PrivateTmux } from "../tests/helpers/private_tmux.ts";

Deno.test("quoteArgument wraps plain text in double quotes", () => {
  assert.equal(quoteArgument("abc"), '"abc"');
  assert.equal(quoteArgument(""), '""');
  assert.equal(quoteArgument("two words"), '"two words"');
});

Deno.test("quoteArgument escapes backslash, double quote and dollar", () => {
  assert.equal(quoteArgument('say "hi"; $HOME'), '"say \\"hi\\"; \\$HOME"');
  assert.equal(quoteArgument("\\"), '"\\\\"');
  assert.equal(quoteArgument("$(x)"), '"\\$(x)"');
  assert.equal(quoteArgument("${HOME}"), '"\\${HOME}"');
});

Deno.test("quoteArgument escapes a tilde, which tmux expands even inside double quotes", () => {
  // Found by the round-trip test below: tmux 3.3a read "~" back as the home directory.
  assert.equal(quoteArgument("~"), '"\\~"');
  assert.equal(quoteArgument("~/x a~b"), '"\\~/x a\\~b"');
});

Deno.test("quoteArgument writes control characters and DEL as octal escapes", () => {
  assert.equal(quoteArgument("a\nb"), '"a\\012b"');
  assert.equal(quoteArgument("\t"), '"\\011"');
  assert.equal(quoteArgument("\r"), '"\\015"');
  assert.equal(quoteArgument("\x1b[0m"), '"\\033[0m"');
  assert.equal(quoteArgument("\x7f"), '"\\177"');
  assert.equal(quoteArgument("\x01\x1f"), '"\\001\\037"');
});

Deno.test("quoteArgument leaves characters that are inert inside double quotes", () => {
  for (const value of ["'", "`id`", ";", "#{pane_id}", "{", "}", "%if", "-t", "漢字", "😀"]) {
    assert.equal(quoteArgument(value), `"${value}"`, JSON.stringify(value));
  }
});

Deno.test("quoteArgument never writes a raw control character", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (value) => {
      const quoted = quoteArgument(value);
      const raw = [...quoted].some((ch) => ch < " " || ch === "\x7f");
      assert.ok(!raw, JSON.stringify(quoted));
      assert.ok(quoted.startsWith('"') && quoted.endsWith('"'));
    }),
    { numRuns: 500 },
  );
});

Deno.test("commandLine quotes every argument but the command name", () => {
  assert.equal(
    commandLine(["display-message", "-p", "#{pane_id}"]),
    'display-message "-p" "#{pane_id}"',
  );
  assert.equal(commandLine(["list-sessions"]), "list-sessions");
  assert.equal(
    commandLine(["send-keys", "-t", "%1", "-l", "echo $HOME; ls\n"]),
    'send-keys "-t" "%1" "-l" "echo \\$HOME; ls\\012"',
  );
});

Deno.test("commandLine refuses what is not a command name", () => {
  for (const argv of [[], [""], ["Bad"], ["kill-server;"], ["new-window kill-server"], ["a\n"]]) {
    assert.throws(() => commandLine(argv), TypeError, JSON.stringify(argv));
  }
  assert.throws(() => commandLine(["a;b"]), /Cannot build tmux command "a;b": not a command name/);
});

Deno.test("commandLine never writes a newline", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 5 }), (args) => {
      assert.ok(!commandLine(["set-option", ...args]).includes("\n"));
    }),
  );
});

/** Strings that break naive quoting; each must come back from tmux exactly as written. */
const NASTY = [
  "plain",
  "",
  " ",
  "two  spaces ",
  'double "quoted"',
  "single 'quoted'",
  "'",
  '"',
  "$HOME",
  "${HOME}",
  "$(id)",
  "`id`",
  "a;b",
  "a ; kill-server",
  "\\;",
  "#{pane_id}",
  "#[fg=red]",
  "#(echo hi)",
  "~",
  "~/x",
  "{",
  "}",
  "{ new-window }",
  "\\",
  "\\\\",
  "back\\slash\\n",
  "\\012",
  "tab\there",
  "bell\x07 esc\x1b[1m del\x7f",
  "carriage\rreturn",
  "line\nbreak",
  "trailing newline\n",
  "\n",
  "漢字かなカナ 한국어",
  "emoji 😀 👩‍💻 🇫🇷",
  "-t",
  "--",
  "-",
  "%if #{x}",
  "a".repeat(600),
];

Deno.test("quoteArgument round-trips nasty strings through a real tmux", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("quote");
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=quote"],
  });
  for (const value of NASTY) {
    await client.run(["set-option", "-g", "@maestro_probe", value]);
    const reply = await client.run(["show-options", "-gv", "@maestro_probe"]);
    // show-options prints the value raw and ends it with "\n"; a newline inside the value
    // therefore splits it over several reply lines, and joining them gives it back.
    assert.equal(reply.lines.join("\n"), value, JSON.stringify(value));
  }
});

Deno.test("quoteArgument round-trips random strings through a real tmux", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("quote");
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=quote"],
  });
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: "binary", maxLength: 80 }).filter((value) => !value.includes("\0")),
      async (value) => {
        await client.run(["set-option", "-g", "@maestro_probe", value]);
        const reply = await client.run(["show-options", "-gv", "@maestro_probe"]);
        assert.equal(reply.lines.join("\n"), value);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("quoteArgument cannot carry a NUL byte through tmux", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("quote");
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=quote"],
  });
  // tmux keeps arguments as C strings: "\000" ends the string where it stands.
  await client.run(["set-option", "-g", "@maestro_probe", "before\0after"]);
  const reply = await client.run(["show-options", "-gv", "@maestro_probe"]);
  assert.deepEqual(reply.lines, ["before"]);
});

Deno.test("argvArgument escapes only a trailing semicolon", () => {
  assert.equal(argvArgument("/src/x;"), "/src/x\\;");
  assert.equal(argvArgument(";"), "\\;");
  assert.equal(argvArgument("a\\;"), "a\\\\;");
  for (const value of ["", "a;b", "; x", "#{x}", "\\", "a;;b"]) {
    assert.equal(argvArgument(value), value);
  }
});

Deno.test("execTmux passes argv arguments ending in a semicolon byte for byte", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("quote");
  // A trailing ";" once ended the command there: "-c /src/x;" made the directory "/src/x".
  // (An argument that is exactly ";" is the separator execTmux callers chain commands with.)
  const values = [...NASTY, "x;", "x\\;", "x\\\\;", "a ; b;", ";;"];
  for (const value of values) {
    const set = await execTmux(tmux.options, ["set-option", "-g", "@maestro_probe", value]);
    assert.equal(set.code, 0, `${JSON.stringify(value)}: ${set.stderr}`);
    const shown = await tmux.tmux("show-options", "-gv", "@maestro_probe");
    assert.equal(shown, value + "\n", JSON.stringify(value));
  }
});
