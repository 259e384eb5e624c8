import assert from "node:assert/strict";
import { detectStatus, screenMatters } from "./detect.ts";
import type { StatusInput } from "./facts.ts";
import { findMenu } from "./menu.ts";
import { screenFromText, sliceCells, textBeforeCursor } from "./screen.ts";

function input(overrides: Partial<StatusInput>): StatusInput {
  return {
    dead: false,
    idleSeconds: 30,
    title: "host",
    command: "node",
    alternate: false,
    bell: false,
    screen: null,
    ...overrides,
  };
}

/** A screen whose cursor sits after the last character of the last line. */
function screenOf(lines: string[]) {
  const last = lines[lines.length - 1] ?? "";
  return screenFromText(lines.join("\n"), [...last].length, lines.length - 1);
}

Deno.test("detectStatus decides from the title alone when the screen was not read", () => {
  assert.deepEqual(detectStatus(input({ title: "⠹ Fix tests" })), {
    status: "working",
    rule: "spinner-title",
  });
  assert.deepEqual(detectStatus(input({ title: "Action Required" })), {
    status: "needs-you",
    rule: "codex-approval",
  });
  assert.deepEqual(detectStatus(input({ title: "✳ Claude Code" })), {
    status: "idle",
    rule: "claude-idle",
  });
  assert.deepEqual(detectStatus(input({})), { status: "idle", rule: "quiet" });
});

Deno.test("detectStatus puts exited first, an agent's decision before recent output, then work", () => {
  assert.equal(detectStatus(input({ dead: true, idleSeconds: 0 })).rule, "pane-dead");
  assert.equal(detectStatus(input({ idleSeconds: 2, bell: true })).rule, "recent-output");
  assert.equal(detectStatus(input({ idleSeconds: 3, bell: true })).rule, "bell");
  // Codex blinks its title while it waits: its activity moves, the decision still wins.
  assert.deepEqual(detectStatus(input({ idleSeconds: 0, title: "[ ! ] Action Required" })), {
    status: "needs-you",
    rule: "codex-approval",
  });
});

Deno.test("screenMatters only for live panes quiet for the working window", () => {
  assert.equal(screenMatters({ dead: false, idleSeconds: 2 }), false);
  assert.equal(screenMatters({ dead: false, idleSeconds: 3 }), true);
  assert.equal(screenMatters({ dead: true, idleSeconds: 100 }), false);
});

Deno.test("detectStatus reads prompts on the cursor line only", () => {
  const asking = screenOf(["Deploy?", "Continue? [y/N]"]);
  assert.equal(detectStatus(input({ screen: asking })).rule, "generic-prompt");
  // The same text with the cursor on the next row: output that ended with a newline.
  const printed = screenFromText("Deploy?\nContinue? [y/N]\n", 0, 2);
  assert.equal(detectStatus(input({ screen: printed })).rule, "quiet");
});

Deno.test("detectStatus tells a shell's prompt from a script's question in the same shell", () => {
  const prompt = screenOf(["$ ls notes?"]);
  assert.equal(detectStatus(input({ command: "bash", screen: prompt })).rule, "shell-prompt");
  assert.equal(detectStatus(input({ command: "-zsh", screen: prompt })).rule, "shell-prompt");
  assert.equal(detectStatus(input({ command: "node", screen: prompt })).rule, "generic-question");
  const script = screenOf(["Overwrite config.json?"]);
  assert.equal(detectStatus(input({ command: "sh", screen: script })).rule, "generic-question");
  // zsh's spelling correction is a choice even though the shell is in front.
  const correct = screenOf(["zsh: correct 'gti' to 'git' [y/n]?"]);
  assert.equal(detectStatus(input({ command: "zsh", screen: correct })).rule, "generic-prompt");
});

Deno.test("detectStatus calls a shell back at its prompt idle (the monitor makes it done), a silent command idle", () => {
  // At rest: whether a command finished unseen is the monitor's to say (issue 13).
  const done = screenOf(["$ make", "built", "$ "]);
  assert.deepEqual(detectStatus(input({ command: "sh", screen: done })), {
    status: "idle",
    rule: "shell-prompt",
  });
  // Still running, silently: the prompt is gone from the cursor line, nothing is asked.
  const running = screenFromText("$ sleep 600\n", 0, 1);
  assert.deepEqual(detectStatus(input({ command: "sleep", screen: running })), {
    status: "idle",
    rule: "quiet",
  });
  // An agent at its own composer is idle, not needing you (DESIGN §9b).
  assert.deepEqual(detectStatus(input({ command: "claude", title: "✳ Claude Code" })), {
    status: "idle",
    rule: "claude-idle",
  });
});

Deno.test("findMenu wants numbered options from 1, one of them marked, at the bottom", () => {
  const menu = findMenu(screenOf([
    "Pick one?",
    "❯ 1. Alpha",
    "     first letter",
    "  2. Beta",
    "",
    "Esc to cancel",
  ]));
  assert.deepEqual(menu, {
    mark: "❯",
    options: ["Alpha first letter", "Beta"],
    selected: 0,
    top: 1,
    question: "Pick one?",
    footer: ["Esc to cancel"],
  });
  // No mark: a numbered list in a reply.
  assert.equal(findMenu(screenOf(["Plan?", "  1. read", "  2. fix"])), null);
  // Two marks, or numbers that do not count up from 1: not a menu either.
  assert.equal(findMenu(screenOf(["❯ 1. a", "❯ 2. b"])), null);
  assert.equal(findMenu(screenOf(["❯ 2. a", "  3. b"])), null);
  // Something that is not a hint below the options: the menu is not live.
  assert.equal(findMenu(screenOf(["❯ 1. a", "  2. b", "", "● Done. Anything else?"])), null);
});

Deno.test("textBeforeCursor counts wide characters as two cells", () => {
  assert.equal(sliceCells("漢字ab", 4), "漢字");
  assert.equal(sliceCells("漢字ab", 5), "漢字a");
  assert.equal(sliceCells("漢字ab", 3), "漢");
  const screen = screenFromText("続けますか? [y/N]  trailing", 17, 0);
  assert.equal(textBeforeCursor(screen), "続けますか? [y/N]");
  assert.equal(textBeforeCursor(screenFromText("a\n", 0, 5)), "");
});

Deno.test("detectStatus: another program than at rest, silent, cursor at a line's start, is running", () => {
  const running = screenFromText("$ make\n", 0, 1);
  const base = { command: "make", screen: running, restCommand: "sh" };
  assert.deepEqual(detectStatus(input(base)), { status: "working", rule: "command-running" });
  // Not a program at its own prompt (a REPL), not a full-screen program, not before any rest.
  const repl = screenFromText(">>> ", 4, 0);
  assert.equal(detectStatus(input({ ...base, command: "python3", screen: repl })).rule, "quiet");
  assert.equal(detectStatus(input({ ...base, alternate: true })).rule, "quiet");
  assert.equal(detectStatus(input({ ...base, restCommand: null })).rule, "quiet");
  assert.equal(detectStatus(input({ ...base, command: "sh" })).rule, "quiet");
  // A script run by another shell than the one at rest is a program too.
  const script = { ...base, command: "sh", restCommand: "bash" };
  assert.equal(detectStatus(input(script)).rule, "command-running");
  // A loop's shell caught between two `sleep`s, which it rested with, is not a new program.
  assert.equal(detectStatus(input({ ...base, command: "sh", restCommand: "sleep" })).rule, "quiet");
  // Nor its `sleep` after a rest that caught its shell with no prompt on screen.
  assert.equal(
    detectStatus(input({ ...base, command: "sleep", restAtPrompt: false })).rule,
    "quiet",
  );
});

Deno.test("detectStatus does not call a shell's fresh prompt work unless something was typed through Maestro", () => {
  const prompt = screenOf(["$ "]);
  const fresh = { command: "bash", screen: prompt, idleSeconds: 0.5 };
  // Just drawn, nothing typed since the shell was last at rest: a fresh shell, idle at once.
  assert.deepEqual(detectStatus(input({ ...fresh, typedSinceRest: false })), {
    status: "idle",
    rule: "shell-prompt",
  });
  // Typed through Maestro: the same output is the command's, so working (then done).
  assert.equal(detectStatus(input({ ...fresh, typedSinceRest: true })).rule, "recent-output");
  // Unknown (no ledger): output may be work asked for.
  assert.equal(detectStatus(input(fresh)).rule, "recent-output");
  // A program in front of the shell printing is at work, typed or not.
  const make = { command: "make", screen: screenOf(["cc -c a.c"]), idleSeconds: 0.5 };
  assert.equal(detectStatus(input({ ...make, typedSinceRest: false })).rule, "recent-output");
});
