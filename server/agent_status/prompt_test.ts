import assert from "node:assert/strict";
import { readPrompt } from "./prompt.ts";
import { PromptTracker } from "./prompt_tracker.ts";
import { type Screen, screenFromText } from "./screen.ts";

/** A screen of `lines` with the cursor at the end of the last one. */
function atEnd(lines: string[]): Screen {
  const last = lines.at(-1) ?? "";
  return screenFromText(lines.join("\n"), last.length, lines.length - 1);
}

Deno.test("readPrompt reads a [y/N] question as yes or no, typed with Enter", () => {
  const prompt = readPrompt(atEnd(["Deleting 3 files", "Continue? [y/N] "]), "generic-prompt");
  assert.equal(prompt?.kind, "yes-no");
  assert.equal(prompt?.text, "Continue? [y/N]");
  assert.deepEqual(prompt?.options, [{ key: "y", label: "Yes" }, { key: "n", label: "No" }]);
  assert.deepEqual(prompt?.keys.get("y"), { text: "y", enter: true });
});

Deno.test("readPrompt offers nothing to type into a password prompt", () => {
  const prompt = readPrompt(atEnd(["[sudo] password for ana:"]), "generic-prompt");
  assert.equal(prompt?.kind, "password");
  assert.deepEqual(prompt?.options, []);
  assert.equal(prompt?.keys.size, 0);
});

Deno.test("readPrompt reads letter choices, Press Enter and Aider's confirmations", () => {
  const choice = readPrompt(atEnd(["Overwrite? (a/b/c) "]), "generic-prompt");
  assert.equal(choice?.kind, "question");
  assert.deepEqual(choice?.options.map((o) => o.key), ["a", "b", "c"]);
  const enter = readPrompt(atEnd(["Press Enter to continue"]), "generic-prompt");
  assert.deepEqual(enter?.options, [{ key: "enter", label: "Continue" }]);
  assert.deepEqual(enter?.keys.get("enter"), { enter: true });
  const aider = readPrompt(
    atEnd(["Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: "]),
    "aider-confirm",
  );
  assert.equal(aider?.kind, "permission");
  assert.deepEqual(aider?.options, [
    { key: "y", label: "Yes" },
    { key: "n", label: "No" },
    { key: "d", label: "Don't ask again" },
  ]);
});

Deno.test("readPrompt chooses a menu option from where the highlight is now", () => {
  const menu = (marked: number) =>
    atEnd([
      "Which database?",
      `${marked === 0 ? "❯" : " "} 1. Postgres`,
      `${marked === 1 ? "❯" : " "} 2. SQLite`,
      `${marked === 2 ? "❯" : " "} 3. None`,
      "",
      "Enter to select · Esc to cancel",
    ]);
  const first = readPrompt(menu(0), "claude-question");
  assert.equal(first?.kind, "question");
  assert.equal(first?.text, "Which database?");
  assert.deepEqual(first?.keys.get("3"), { keys: ["Down", "Down"], enter: true });
  const moved = readPrompt(menu(2), "claude-question");
  assert.deepEqual(moved?.keys.get("1"), { keys: ["Up", "Up"], enter: true });
  assert.equal(moved?.signature, first?.signature, "the highlight is not part of the prompt");
});

Deno.test("PromptTracker keeps a prompt's id while it stays, and gives a new one when it changes", () => {
  const tracker = new PromptTracker("%1");
  const ask = atEnd(["Continue? [y/N] "]);
  const needs = { status: "needs-you" as const, rule: "generic-prompt" };
  const first = tracker.observe(needs, ask, 1_000_000);
  assert.ok(first);
  assert.equal(first.since, 1000);
  assert.equal(tracker.observe(needs, ask, 1_005_000)?.id, first.id, "the same prompt");
  assert.ok(tracker.confirm(ask), "the screen still shows it");
  assert.equal(tracker.confirm(atEnd(["Really? [y/N] "])), null, "another prompt on screen");

  const other = tracker.observe(needs, atEnd(["Really? [y/N] "]), 1_006_000);
  assert.notEqual(other?.id, first.id);
  assert.equal(tracker.observe({ status: "working", rule: "recent-output" }, ask, 1_007_000), null);
  assert.equal(tracker.confirm(ask), null, "nothing tracked while it does not need you");
  const again = tracker.observe(needs, ask, 1_008_000);
  assert.notEqual(again?.id, first.id, "asked again: a new prompt");
});
