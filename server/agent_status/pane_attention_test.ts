import assert from "node:assert/strict";
import { PaneAttention, type PaneObservation, REDRAW_GRACE_MS } from "./pane_attention.ts";
import type { StatusVerdict } from "./facts.ts";

const WORKING: StatusVerdict = { status: "working", rule: "recent-output" };
const SPINNER: StatusVerdict = { status: "working", rule: "spinner-title" };
const AT_PROMPT: StatusVerdict = { status: "idle", rule: "shell-prompt" };
const COMPOSER: StatusVerdict = { status: "idle", rule: "claude-idle" };
const ASKS: StatusVerdict = { status: "needs-you", rule: "claude-permission" };
const QUIET_VERDICT: StatusVerdict = { status: "idle", rule: "quiet" };

/** Drives one pane through polls a second apart (time in seconds from 1000). */
class Pane {
  readonly attention = new PaneAttention();
  t = 1000;
  inputAt = 0;
  launchAt = 0;
  interruptAt = 0;
  redrawUntil = 0;
  seen = false;
  command = "sh";
  promptShown = true;

  poll(verdict: StatusVerdict, screen: string | null = null, activity = this.t): string {
    const o: PaneObservation = {
      command: this.command,
      nowMs: this.t * 1000,
      activity,
      screenText: screen,
      redrawUntilMs: this.redrawUntil,
      inputAtMs: this.inputAt,
      launchAtMs: this.launchAt,
      interruptAtMs: this.interruptAt,
      seen: this.seen,
      promptShown: this.promptShown,
    };
    this.attention.observe(o);
    const settled = this.attention.settle(verdict, o);
    this.t += 1;
    return `${settled.status}/${settled.rule}`;
  }

  type(): void {
    this.inputAt = this.t * 1000 - 500;
  }
}

Deno.test("PaneAttention: a fresh shell drawing its prompt is idle, not done", () => {
  const pane = new Pane();
  assert.equal(pane.poll(WORKING, "$ "), "working/recent-output");
  assert.equal(pane.poll(AT_PROMPT, "$ "), "idle/shell-prompt");
  assert.equal(pane.poll(AT_PROMPT, "$ "), "idle/shell-prompt");
});

Deno.test("PaneAttention: a command typed through Maestro is working, then done until seen", () => {
  const pane = new Pane();
  pane.poll(AT_PROMPT, "$ ");
  pane.type();
  assert.equal(pane.poll(WORKING, "$ sleep 2; echo x"), "working/recent-output");
  assert.equal(pane.poll(WORKING, "$ sleep 2; echo x\nx\n$ "), "working/recent-output");
  assert.equal(pane.poll(AT_PROMPT, "$ sleep 2; echo x\nx\n$ "), "done/command-finished");
  assert.equal(pane.poll(AT_PROMPT), "done/command-finished", "it stays done");
  pane.seen = true;
  assert.equal(pane.poll(AT_PROMPT), "idle/shell-prompt", "someone looked");
  pane.seen = false;
  assert.equal(pane.poll(AT_PROMPT), "idle/shell-prompt");
});

Deno.test("PaneAttention: an agent's own working signal makes a turn without Maestro's input", () => {
  const pane = new Pane();
  pane.poll(COMPOSER, "composer");
  assert.equal(pane.poll(SPINNER, "thinking"), "working/spinner-title");
  assert.equal(pane.poll(COMPOSER, "answer\ncomposer"), "done/turn-ended");
});

Deno.test("PaneAttention: an agent's working signal while it starts, before any rest, is no turn", () => {
  const pane = new Pane();
  assert.equal(pane.poll(SPINNER, "booting"), "working/spinner-title");
  assert.equal(pane.poll(COMPOSER, "composer"), "idle/claude-idle");
  // Once it has been at rest, its own signal makes a turn again.
  pane.poll(SPINNER, "thinking");
  assert.equal(pane.poll(COMPOSER, "answer\ncomposer"), "done/turn-ended");
});

Deno.test("PaneAttention: a turn someone watched to its end is idle", () => {
  const pane = new Pane();
  pane.seen = true;
  pane.type();
  pane.poll(WORKING, "a");
  pane.poll(WORKING, "ab");
  assert.equal(pane.poll(COMPOSER, "ab>"), "idle/claude-idle");
});

Deno.test("PaneAttention: output nobody asked for, without an agent's signal, is no turn", () => {
  const pane = new Pane();
  pane.poll(AT_PROMPT, "$ ");
  pane.poll(WORKING, "$ \nlog line");
  assert.equal(pane.poll(AT_PROMPT, "$ \nlog line\n$ "), "idle/shell-prompt");
});

Deno.test("PaneAttention: a decision clears done; answering starts a new turn", () => {
  const pane = new Pane();
  pane.type();
  pane.poll(WORKING, "a");
  assert.equal(pane.poll(ASKS, "Do you want to proceed?"), "needs-you/claude-permission");
  pane.type();
  pane.poll(WORKING, "running");
  assert.equal(pane.poll(COMPOSER, "ran\n>"), "done/turn-ended");
});

Deno.test("PaneAttention: an answer the screen does not show yet still starts a turn", () => {
  const pane = new Pane();
  pane.launchAt = pane.t * 1000 - 500;
  pane.poll(WORKING, "Continue? [y/N] ");
  pane.t += 5;
  assert.equal(pane.poll(ASKS, "Continue? [y/N] "), "needs-you/claude-permission");
  pane.type();
  // The poll right after the keys still reads the question: it has not taken them in yet.
  assert.equal(pane.poll(ASKS, "Continue? [y/N] "), "needs-you/claude-permission");
  pane.poll(WORKING, "Continue? [y/N] y");
  pane.poll(WORKING, "Continue? [y/N] y\n$ ");
  assert.equal(pane.poll(AT_PROMPT, "Continue? [y/N] y\n$ "), "done/command-finished");
});

Deno.test("PaneAttention: input the screen never shows is used up once its grace has passed", () => {
  const pane = new Pane();
  pane.poll(AT_PROMPT, "$ ");
  pane.t += 5;
  pane.type();
  pane.poll(AT_PROMPT, "$ ");
  pane.t += 5;
  pane.poll(AT_PROMPT, "$ ");
  // Output nobody asked for afterwards is no turn.
  pane.poll(WORKING, "$ \nhello");
  pane.poll(WORKING, "$ \nhello\n$ ");
  assert.equal(pane.poll(AT_PROMPT, "$ \nhello\n$ "), "idle/shell-prompt");
});

Deno.test("PaneAttention: a title-only change and Maestro's redraw are not changes", () => {
  const pane = new Pane();
  const a = pane.attention;
  pane.poll(COMPOSER, "screen", 900);
  const settled = pane.t;
  // tmux's activity moves (a title blink) but the screen reads the same.
  a.observe({
    nowMs: pane.t * 1000,
    activity: pane.t,
    screenText: "screen",
    redrawUntilMs: 0,
    inputAtMs: 0,
    seen: false,
    command: "sh",
  });
  assert.equal(
    a.observe({
      nowMs: pane.t * 1000,
      activity: pane.t,
      screenText: "screen",
      redrawUntilMs: 0,
      inputAtMs: 0,
      seen: false,
      command: "sh",
    }),
    900_000,
  );
  // A viewer attached: the pane redraws to the new size within the grace period.
  const now = (settled + 1) * 1000;
  assert.equal(
    a.observe({
      nowMs: now,
      activity: settled + 1,
      screenText: "screen, wider",
      redrawUntilMs: now + REDRAW_GRACE_MS,
      inputAtMs: 0,
      seen: false,
      command: "sh",
    }),
    900_000,
  );
  // A real change later counts, as of the reading that saw it.
  assert.equal(
    a.observe({
      nowMs: now + 5000,
      activity: settled + 5,
      screenText: "new output",
      redrawUntilMs: now + REDRAW_GRACE_MS,
      inputAtMs: 0,
      seen: false,
      command: "sh",
    }),
    now + 5000,
  );
});

Deno.test("PaneAttention trusts tmux's activity when the screen was not read", () => {
  const a = new PaneAttention();
  const o = { screenText: null, redrawUntilMs: 0, inputAtMs: 0, seen: false, command: "sh" };
  assert.equal(a.observe({ ...o, nowMs: 100_000, activity: 90 }), 90_000, "first sight");
  assert.equal(a.observe({ ...o, nowMs: 101_000, activity: 90 }), 90_000);
  assert.equal(a.observe({ ...o, nowMs: 102_000, activity: 101 }), 101_000);
});

Deno.test("PaneAttention remembers what ran in front when the pane was last at rest", () => {
  const pane = new Pane();
  assert.equal(pane.attention.restCommand, null);
  pane.poll(AT_PROMPT, "$ ");
  assert.equal(pane.attention.restCommand, "sh");
  pane.command = "make";
  pane.poll(WORKING, "$ make");
  assert.equal(pane.attention.restCommand, "sh", "not while working");
  assert.equal(pane.attention.restAtPrompt, true, "that rest had the shell at its prompt");
  // A loop's shell caught between two commands, a blank line: a rest, but not at a prompt.
  pane.command = "sh";
  pane.promptShown = false;
  pane.poll(QUIET_VERDICT, "");
  assert.equal(pane.attention.restCommand, "sh");
  assert.equal(pane.attention.restAtPrompt, false);
});

Deno.test("PaneAttention: a program started without Maestro's input that prints nothing is idle", () => {
  const pane = new Pane();
  pane.command = "sleep";
  assert.equal(pane.poll(QUIET_VERDICT, ""), "idle/quiet");
  assert.equal(pane.poll(QUIET_VERDICT, ""), "idle/quiet");
});

Deno.test("PaneAttention: a REPL back at its own prompt after input is done", () => {
  const pane = new Pane();
  pane.command = "python3";
  pane.poll(QUIET_VERDICT, ">>> ");
  pane.type();
  pane.poll(WORKING, ">>> 1+1\n2\n>>> ");
  assert.equal(pane.poll(QUIET_VERDICT, ">>> 1+1\n2\n>>> "), "done/turn-ended");
});

Deno.test("PaneAttention: the command a session was created with is done back at the shell, not when an agent starts", () => {
  const shell = new Pane();
  shell.launchAt = shell.t * 1000 - 500;
  shell.poll(WORKING, "$ npm test");
  shell.command = "npm";
  shell.poll(WORKING, "$ npm test\nok");
  shell.command = "sh";
  assert.equal(shell.poll(AT_PROMPT, "$ npm test\nok\n$ "), "done/command-finished");

  const agent = new Pane();
  agent.launchAt = agent.t * 1000 - 500;
  agent.poll(WORKING, "$ claude");
  agent.command = "claude";
  assert.equal(agent.poll(COMPOSER, "> "), "idle/claude-idle", "started, not done");
});

Deno.test("PaneAttention: a turn stopped by an interrupt typed through Maestro ends idle, not done", () => {
  const pane = new Pane();
  pane.poll(COMPOSER, ">");
  pane.type();
  pane.poll(WORKING, "streaming");
  pane.interruptAt = pane.t * 1000 - 500;
  assert.equal(pane.poll(COMPOSER, "Interrupted\n>"), "idle/claude-idle");
});
