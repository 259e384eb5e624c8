import assert from "node:assert/strict";
import { findRawSignals, summarizeSignals } from "./raw_signals.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("findRawSignals tells a bell from the BEL that ends an OSC", () => {
  const signals = findRawSignals(bytes("\x1b]0;✳ Claude Code\x07text\x07\x1b]2;done\x1b\\"));
  assert.deepEqual(signals, [
    { offset: 0, kind: "osc", code: "0", payload: "✳ Claude Code", terminator: "bel" },
    { offset: 24, kind: "bel" },
    { offset: 25, kind: "osc", code: "2", payload: "done", terminator: "st" },
  ]);
});

Deno.test("findRawSignals finds notifications, private OSC, modes and tmux passthrough", () => {
  const raw = "\x1b[?2004h\x1b]9;Claude needs you\x07\x1b]777;notify;Codex;done\x1b\\" +
    "\x1b]7501;state=working:app=codex\x07\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\\x1b[?1049l";
  const summary = summarizeSignals(findRawSignals(bytes(raw)));
  assert.deepEqual(summary, {
    bells: 0,
    titles: [],
    notifications: ["OSC 9;Claude needs you", "OSC 777;notify;Codex;done"],
    otherOsc: { "7501": { count: 1, payloads: ["state=working:app=codex"] } },
    dcs: ["tmux;\x1b\x1b]9;hi\x07"],
    modes: ["?2004h", "?1049l"],
  });
});

Deno.test("findRawSignals survives output cut inside a sequence", () => {
  assert.deepEqual(findRawSignals(bytes("\x1b]0;half")), [
    { offset: 0, kind: "osc", code: "0", payload: "half", terminator: "none" },
  ]);
  assert.deepEqual(findRawSignals(bytes("\x1b")), []);
  assert.deepEqual(findRawSignals(bytes("\x1b[?25")), []);
});
