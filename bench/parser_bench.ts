/**
 * Throughput of the control-mode parser on a large synthetic transcript that looks like what an
 * agent's pane prints (ASCII logs, ANSI colours and cursor moves, UTF-8), escaped the way tmux
 * escapes `%output`. Bench names carry the byte count: MB/s = bytes / average time.
 */

import { ControlParser } from "../tmux/control_parser.ts";
import { escapeOctal, unescapeOctal } from "../tmux/octal.ts";
import { LOG_WORDS } from "./words.ts";

const encoder = new TextEncoder();

/** A small deterministic PRNG (mulberry32), so every run parses the same bytes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  ...LOG_WORDS,
  "✓",
  "✗",
  "→",
  "│",
  "─",
  "漢字",
  "日本語のテキスト",
  "한국어",
  "émigré",
  "naïve",
  "😀",
  "🚀",
  "👩‍💻",
];

const SGR = ["\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[38;5;245m", "\x1b[2K", "\x1b[1G"];

/** One chunk of what a pane prints: lines of words, colours, a progress bar redrawn with \r. */
function paneOutput(next: () => number, size: number): Uint8Array {
  let text = "";
  while (text.length < size) {
    const roll = next();
    if (roll < 0.1) {
      const done = Math.floor(next() * 40);
      text += `\r\x1b[2K[${"#".repeat(done)}${" ".repeat(40 - done)}] ${done * 2.5}%`;
    } else if (roll < 0.12) {
      text += "\x1b[?25l\x1b[12;1H\x1b[K\x1b[?25h";
    } else {
      const count = 3 + Math.floor(next() * 12);
      const words: string[] = [];
      for (let i = 0; i < count; i++) {
        if (next() < 0.15) words.push(SGR[Math.floor(next() * SGR.length)] as string);
        words.push(WORDS[Math.floor(next() * WORDS.length)] as string);
      }
      text += words.join(" ") + (next() < 0.1 ? "\t\\n" : "") + "\r\n";
    }
  }
  return encoder.encode(text);
}

/** A transcript of about `target` bytes: mostly `%output`, some notifications and replies. */
function buildTranscript(target: number): { transcript: Uint8Array; payloads: Uint8Array[] } {
  const next = random(0x5eed);
  const parts: Uint8Array[] = [];
  const payloads: Uint8Array[] = [];
  let length = 0;
  let command = 300;
  const add = (bytes: Uint8Array) => {
    parts.push(bytes);
    length += bytes.length;
  };
  while (length < target) {
    const roll = next();
    if (roll < 0.9) {
      // tmux writes what one read of the pty gave it: from a few bytes up to a few KiB.
      const escaped = escapeOctal(paneOutput(next, 16 + Math.floor(next() * 3000)));
      payloads.push(escaped);
      add(encoder.encode(`%output %${Math.floor(next() * 4)} `));
      add(escaped);
      add(Uint8Array.of(0x0a));
    } else if (roll < 0.97) {
      add(encoder.encode(
        `%layout-change @1 b25d,80x24,0,0,0 b25d,80x24,0,0,0 *\n%window-renamed @1 node\n`,
      ));
    } else {
      // A capture-pane reply: 24 screen lines.
      const lines = Array.from(
        { length: 24 },
        () => new TextDecoder().decode(paneOutput(next, 60)).replaceAll("\r\n", " ").trimEnd(),
      );
      const time = 1795290000 + command;
      add(encoder.encode(
        `%begin ${time} ${command} 1\n${lines.join("\n")}\n%end ${time} ${command} 1\n`,
      ));
      command++;
    }
  }
  const transcript = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    transcript.set(part, offset);
    offset += part.length;
  }
  return { transcript, payloads };
}

const CHUNK = 64 * 1024;
const { transcript, payloads } = buildTranscript(4 * 1024 * 1024);
const chunks: Uint8Array[] = [];
for (let i = 0; i < transcript.length; i += CHUNK) chunks.push(transcript.subarray(i, i + CHUNK));
const payloadBytes = payloads.reduce((sum, payload) => sum + payload.length, 0);
const plain = payloads.map((payload) => unescapeOctal(payload).filter((b) => b !== 0x5c));
const plainBytes = plain.reduce((sum, payload) => sum + payload.length, 0);

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

Deno.bench({
  name: `ControlParser ${
    mb(transcript.length)
  } transcript in 64 KiB chunks (${transcript.length} B)`,
  group: "parser",
  baseline: true,
  n: 60,
  warmup: 10,
  fn() {
    const parser = new ControlParser();
    let events = 0;
    for (const chunk of chunks) events += parser.push(chunk).length;
    if (events === 0 || !parser.idle) throw new Error("The transcript did not parse");
  },
});

Deno.bench({
  name: `ControlParser ${mb(transcript.length)} transcript in one piece (${transcript.length} B)`,
  group: "parser",
  n: 60,
  warmup: 10,
  fn() {
    const parser = new ControlParser();
    const events = parser.push(transcript).length;
    if (events === 0 || !parser.idle) throw new Error("The transcript did not parse");
  },
});

Deno.bench({
  name: `ControlParser coalescing output (as ControlClient reads), ${
    mb(transcript.length)
  } in 64 KiB chunks`,
  group: "parser",
  n: 60,
  warmup: 10,
  fn() {
    const parser = new ControlParser({ coalesceOutput: true });
    let events = 0;
    for (const chunk of chunks) events += parser.push(chunk).length;
    if (events === 0 || !parser.idle) throw new Error("The transcript did not parse");
  },
});

Deno.bench({
  name: `unescapeOctal ${mb(payloadBytes)} of escaped %output data (${payloadBytes} B)`,
  group: "octal",
  baseline: true,
  n: 60,
  warmup: 10,
  fn() {
    let out = 0;
    for (const payload of payloads) out += unescapeOctal(payload).length;
    if (out === 0) throw new Error("Nothing was unescaped");
  },
});

Deno.bench({
  name: `unescapeOctal ${mb(plainBytes)} with nothing to unescape (${plainBytes} B)`,
  group: "octal",
  n: 60,
  warmup: 10,
  fn() {
    let out = 0;
    for (const payload of plain) out += unescapeOctal(payload).length;
    if (out !== plainBytes) throw new Error("The fast path copied or changed data");
  },
});
