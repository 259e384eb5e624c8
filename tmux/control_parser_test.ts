/**
 * ControlParser over real transcripts and hand-written lines. Over 400 lines because it covers
 * every line type of the wire format.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type ControlEvent,
  ControlParser,
  type NotificationEvent,
  type OutputEvent,
  parseNotification,
  type ReplyEvent,
} from "./control_parser.ts";
import { BASIC_GREETING, FLOOD_LINE, utf8Payload } from "../tests/fixtures/record_transcript.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function fixture(name: string): Promise<Uint8Array> {
  return await Deno.readFile(new URL(`../tests/fixtures/${name}.bin`, import.meta.url));
}

const FIXTURES = {
  basic: await fixture("basic"),
  utf8: await fixture("utf8"),
  pause: await fixture("pause"),
};

function parse(...chunks: Uint8Array[]): ControlEvent[] {
  const parser = new ControlParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  assert.ok(parser.idle, "the parser should hold nothing back at the end of a transcript");
  return events;
}

/** Lines joined with "\n", ending in "\n", as bytes. */
function transcript(...lines: string[]): Uint8Array {
  return encoder.encode(lines.map((line) => line + "\n").join(""));
}

function replies(events: ControlEvent[]): ReplyEvent[] {
  return events.filter((event): event is ReplyEvent => event.type === "reply");
}

function notifications(events: ControlEvent[]): NotificationEvent[] {
  return events.filter((event): event is NotificationEvent =>
    event.type !== "reply" && event.type !== "output"
  );
}

function replyText(reply: ReplyEvent | undefined): string[] {
  assert.ok(reply, "expected a reply block");
  return reply.lines.map((line) => decoder.decode(line));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function outputOf(events: ControlEvent[], paneId: string): Uint8Array {
  return concat(
    events.flatMap((event) =>
      event.type === "output" && event.paneId === paneId ? [event.data] : []
    ),
  );
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** What a pty makes of text written by a program: "\n" becomes "\r\n" (onlcr). */
function throughPty(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0x0a) out.push(0x0d);
    out.push(b);
  }
  return Uint8Array.from(out);
}

function countLines(bytes: Uint8Array, prefix: string): number {
  return new TextDecoder("latin1").decode(bytes).split("\n").filter((line) =>
    line.startsWith(prefix)
  ).length;
}

// --- Recorded transcripts -------------------------------------------------------------------

Deno.test("ControlParser reads every reply block of the basic transcript", () => {
  const events = parse(FIXTURES.basic);
  const blocks = replies(events);
  assert.equal(blocks.length, countLines(FIXTURES.basic, "%begin "));
  assert.equal(
    countLines(FIXTURES.basic, "%end ") + countLines(FIXTURES.basic, "%error "),
    blocks.length,
  );

  const [attach, size, display, listWindows, badWindow, badCommand] = blocks;
  // The first block answers the attach itself, which this client did not send.
  assert.equal(attach?.flags, 0);
  assert.equal(attach?.ok, true);
  assert.deepEqual(replyText(attach), []);
  assert.ok(blocks.slice(1).every((block) => block.flags === 1));
  assert.equal(size?.ok, true);
  assert.deepEqual(replyText(display), ["rec @0 %0"]);
  assert.deepEqual(replyText(listWindows), ["@0 sh b25d,80x24,0,0,0"]);
  assert.equal(badWindow?.ok, false);
  assert.deepEqual(replyText(badWindow), ["can't find window: 99"]);
  assert.equal(badCommand?.ok, false);
  assert.deepEqual(replyText(badCommand), ["parse error: unknown command: no-such-command"]);
  assert.equal(blocks.filter((block) => !block.ok).length, 2);

  for (let i = 1; i < blocks.length; i++) {
    assert.ok((blocks[i] as ReplyEvent).number > (blocks[i - 1] as ReplyEvent).number);
    assert.ok((blocks[i] as ReplyEvent).time >= (blocks[i - 1] as ReplyEvent).time);
  }
});

Deno.test("ControlParser types every notification of the basic transcript", () => {
  const events = parse(FIXTURES.basic);
  const seen = notifications(events);
  assert.deepEqual(seen.filter((event) => event.type === "unknown"), []);
  const find = (type: NotificationEvent["type"]) => seen.find((event) => event.type === type);

  assert.deepEqual(find("session-changed"), {
    type: "session-changed",
    sessionId: "$0",
    name: "rec",
  });
  assert.deepEqual(find("layout-change"), {
    type: "layout-change",
    windowId: "@0",
    layout: "b25d,80x24,0,0,0",
    visibleLayout: "b25d,80x24,0,0,0",
    flags: "*",
  });
  assert.deepEqual(find("window-add"), { type: "window-add", windowId: "@1" });
  assert.deepEqual(find("window-renamed"), {
    type: "window-renamed",
    windowId: "@1",
    name: "renamed win",
  });
  assert.ok(
    seen.some((event) =>
      event.type === "layout-change" && event.windowId === "@1" && event.layout.includes("{")
    ),
  );
  assert.deepEqual(find("window-pane-changed"), {
    type: "window-pane-changed",
    windowId: "@1",
    paneId: "%2",
  });
  assert.deepEqual(find("session-window-changed"), {
    type: "session-window-changed",
    sessionId: "$0",
    windowId: "@1",
  });
  assert.deepEqual(find("unlinked-window-close"), {
    type: "unlinked-window-close",
    windowId: "@1",
  });
  assert.deepEqual(find("window-close"), { type: "window-close", windowId: "@0" });
  assert.deepEqual(find("pane-mode-changed"), { type: "pane-mode-changed", paneId: "%0" });
  assert.deepEqual(find("subscription-changed"), {
    type: "subscription-changed",
    name: "cmd",
    sessionId: "$0",
    windowId: "@0",
    windowIndex: "0",
    paneId: "%0",
    value: "sh",
  });
  assert.deepEqual(find("session-renamed"), {
    type: "session-renamed",
    sessionId: "$0",
    name: "rec2",
  });
  assert.deepEqual(find("sessions-changed"), { type: "sessions-changed" });
  assert.ok(seen.some((event) => event.type === "unlinked-window-add"));
  assert.deepEqual(find("unlinked-window-renamed"), {
    type: "unlinked-window-renamed",
    windowId: "@3",
    name: "far away",
  });

  const attached = find("client-session-changed");
  assert.ok(attached?.type === "client-session-changed");
  assert.match(attached.client, /^client-\d+$/);
  assert.equal(attached.sessionId, "$1");
  assert.equal(attached.name, "other");
  assert.deepEqual(find("client-detached"), { type: "client-detached", client: attached.client });
  assert.ok(
    seen.some((event) =>
      event.type === "session-changed" && event.sessionId === "$1" && event.name === "other"
    ),
  );

  // kill-server: tmux answers the command, then says goodbye.
  assert.deepEqual(events.at(-1), { type: "exit", reason: "" });
});

Deno.test("ControlParser output of the basic transcript is exactly what the shell printed", () => {
  const output = outputOf(parse(FIXTURES.basic), "%0");
  assert.ok(indexOfBytes(output, encoder.encode(`\r\n${BASIC_GREETING}\r\n`)) >= 0);
  // The echo of the typed command came as `\134150…`: escaped backslashes are single bytes again.
  assert.ok(indexOfBytes(output, encoder.encode("printf '\\150\\145\\154\\154\\157")) >= 0);
  assert.equal(indexOfBytes(output, encoder.encode("\\134")), -1);
});

Deno.test("ControlParser keeps UTF-8 split across %output lines intact in the utf8 transcript", () => {
  const events = parse(FIXTURES.utf8);
  const output = outputOf(events, "%0");
  const printed = throughPty(utf8Payload());
  const at = indexOfBytes(output, printed);
  assert.ok(at >= 0, "the pane output should hold the payload byte for byte");

  const strict = new TextDecoder("utf-8", { fatal: true });
  const outputs = events.filter((event): event is OutputEvent => event.type === "output");
  const cut = outputs.filter((event) => {
    try {
      strict.decode(event.data);
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(cut.length > 0, "tmux should have cut at least one character across two lines");
  const text = strict.decode(output);
  assert.ok(text.includes("漢字かなカナ한국어 — 中文输出\r\n"));
  assert.ok(text.includes("emoji: 😀 🎉 👩‍💻 🇫🇷 ✓\r\n"));
  assert.ok(text.includes("controls:\x01\x02\x07\x1b[1mbold\x1b[0m\ttab\x7fdel\r\n"));
  assert.ok(text.includes("back\\slash \\\\ \\012 not-an-escape\r\n"));
  assert.deepEqual(replyText(replies(events).at(-1)), ["%0 ✓ 漢字"]);
});

Deno.test("ControlParser reads %extended-output, %pause and %continue in the pause transcript", () => {
  const events = parse(FIXTURES.pause);
  // Replies: the attach, refresh-client -C, refresh-client -f pause-after=1.
  const flagsSet = events.indexOf(replies(events)[2] as ReplyEvent);
  const outputs = (from: number, to?: number) =>
    events.slice(from, to).filter((event): event is OutputEvent => event.type === "output");
  // The prompt came before pause-after was set: plain %output, no age.
  assert.ok(outputs(0, flagsSet).length > 0);
  assert.ok(outputs(0, flagsSet).every((event) => event.age === undefined));
  // From then on all output is %extended-output and carries its age in milliseconds.
  assert.ok(outputs(flagsSet).length > 10);
  for (const event of outputs(flagsSet)) {
    assert.equal(event.paneId, "%0");
    assert.ok(Number.isInteger(event.age) && (event.age as number) >= 0);
  }

  const pause = events.findIndex((event) => event.type === "pause");
  const resumed = events.findIndex((event) => event.type === "continue");
  assert.deepEqual(events[pause], { type: "pause", paneId: "%0" });
  assert.deepEqual(events[resumed], { type: "continue", paneId: "%0" });
  assert.ok(pause < resumed);
  // tmux 3.3a wrote %continue inside the refresh-client reply block: the block is empty.
  const answer = events[resumed + 1];
  assert.ok(answer?.type === "reply" && answer.ok);
  assert.deepEqual(answer.lines, []);

  const flood = decoder.decode(outputOf(events.slice(0, pause), "%0"));
  const lines = flood.split("\r\n");
  const complete = lines.slice(lines.findIndex((line) => line === FLOOD_LINE), -1);
  assert.ok(complete.length > 100);
  assert.deepEqual(complete.filter((line) => line !== FLOOD_LINE), []);

  const after = decoder.decode(outputOf(events.slice(resumed), "%0"));
  assert.ok(after.includes("\r\nafter\r\n"));
  assert.ok(!after.includes(FLOOD_LINE), "output skipped while paused is not replayed");
  assert.deepEqual(events.at(-1), { type: "exit", reason: "" });
});

// --- Chunking ---------------------------------------------------------------------------------

/** Cut `bytes` at the given offsets (any order, duplicates allowed). */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets)].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

for (const [name, bytes] of Object.entries(FIXTURES)) {
  Deno.test(`ControlParser gives the same events for any chunking of ${name}.bin`, () => {
    const whole = parse(bytes);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 200 }),
        (offsets) => {
          assert.deepEqual(parse(...cut(bytes, offsets)), whole);
        },
      ),
      { numRuns: bytes.length > 50_000 ? 40 : 150 },
    );
  });

  Deno.test(`ControlParser gives the same events for ${name}.bin fed one byte at a time`, () => {
    const whole = parse(bytes);
    const bytewise = parse(...Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
    assert.deepEqual(bytewise, whole);
  });
}

/**
 * Events with adjacent output of one pane merged (ages: the largest), and the output data
 * copied out: what coalescing mode promises for any chunking.
 */
function merged(events: ControlEvent[]): ControlEvent[] {
  const out: ControlEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (event.type === "output" && last?.type === "output" && last.paneId === event.paneId) {
      const age = last.age === undefined && event.age === undefined
        ? undefined
        : Math.max(last.age ?? 0, event.age ?? 0);
      out[out.length - 1] = {
        type: "output",
        paneId: event.paneId,
        ...(age === undefined ? {} : { age }),
        data: concat([last.data, event.data]),
      };
      continue;
    }
    out.push(event.type === "output" ? { ...event, data: event.data.slice() } : event);
  }
  return out;
}

/**
 * Parse with coalescing the way ControlClient reads: every chunk is read into the same buffer,
 * which is overwritten after each push. Events must not refer to it.
 */
function parseCoalesced(...chunks: Uint8Array[]): ControlEvent[] {
  const parser = new ControlParser({ coalesceOutput: true });
  const shared = new Uint8Array(Math.max(1, ...chunks.map((chunk) => chunk.length)));
  const events = chunks.flatMap((chunk) => {
    shared.set(chunk);
    const out = parser.push(shared.subarray(0, chunk.length));
    shared.fill(0xee);
    return out;
  });
  assert.ok(parser.idle);
  return events;
}

for (const [name, bytes] of Object.entries(FIXTURES)) {
  Deno.test(`ControlParser coalescing ${name}.bin keeps every byte and event in order`, () => {
    const expected = merged(parse(bytes));
    assert.deepEqual(merged(parseCoalesced(bytes)), expected);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 200 }),
        (offsets) => {
          assert.deepEqual(merged(parseCoalesced(...cut(bytes, offsets))), expected);
        },
      ),
      { numRuns: bytes.length > 50_000 ? 40 : 150 },
    );
  });
}

Deno.test("ControlParser coalescing merges a chunk's lines per pane, split by other events", () => {
  const parser = new ControlParser({ coalesceOutput: true });
  const events = parser.push(transcript(
    "%output %1 a\\015\\012",
    "%output %1 b",
    "%output %2 c",
    "%output %1 d",
    "%window-add @3",
    "%extended-output %1 5 : e",
    "%extended-output %1 9 : f",
  ));
  assert.deepEqual(events, [
    { type: "output", paneId: "%1", data: encoder.encode("a\r\nb") },
    { type: "output", paneId: "%2", data: encoder.encode("c") },
    { type: "output", paneId: "%1", data: encoder.encode("d") },
    { type: "window-add", windowId: "@3" },
    { type: "output", paneId: "%1", age: 9, data: encoder.encode("ef") },
  ]);
  // Data handed out earlier is never overwritten by later chunks.
  const first = events[0] as OutputEvent;
  parser.push(transcript("%output %1 zzzzzzzzzz", "%output %1 yyyy"));
  assert.deepEqual(first.data, encoder.encode("a\r\nb"));
});

Deno.test("ControlParser coalescing ends a run at a reply block", () => {
  const parser = new ControlParser({ coalesceOutput: true });
  const events = parser.push(
    transcript("%output %1 x", "%begin 1 2 1", "line", "%end 1 2 1", "%output %1 y"),
  );
  assert.deepEqual(events.map((event) => event.type), ["output", "reply", "output"]);
});

Deno.test("ControlParser joins a line cut inside an octal escape", () => {
  const parser = new ControlParser();
  assert.deepEqual(parser.push(encoder.encode("%output %1 a\\0")), []);
  assert.equal(parser.idle, false);
  assert.deepEqual(parser.push(encoder.encode("15b\\")), []);
  assert.deepEqual(parser.push(encoder.encode("134\n")), [
    { type: "output", paneId: "%1", data: encoder.encode("a\rb\\") },
  ]);
  assert.equal(parser.idle, true);
});

// --- Hand-written lines -----------------------------------------------------------------------

const NOTIFICATIONS: [string, NotificationEvent][] = [
  ["%pause %3", { type: "pause", paneId: "%3" }],
  ["%continue %3", { type: "continue", paneId: "%3" }],
  ["%layout-change @1 b25d,80x24,0,0,0 b25d,80x24,0,0,0 *Z", {
    type: "layout-change",
    windowId: "@1",
    layout: "b25d,80x24,0,0,0",
    visibleLayout: "b25d,80x24,0,0,0",
    flags: "*Z",
  }],
  ["%layout-change @1 b25d,80x24,0,0,0", {
    type: "layout-change",
    windowId: "@1",
    layout: "b25d,80x24,0,0,0",
    visibleLayout: "",
    flags: "",
  }],
  ["%window-add @4", { type: "window-add", windowId: "@4" }],
  ["%window-close @4", { type: "window-close", windowId: "@4" }],
  ["%window-renamed @4 name: with  spaces ", {
    type: "window-renamed",
    windowId: "@4",
    name: "name: with  spaces ",
  }],
  ["%unlinked-window-add @5", { type: "unlinked-window-add", windowId: "@5" }],
  ["%unlinked-window-close @5", { type: "unlinked-window-close", windowId: "@5" }],
  ["%unlinked-window-renamed @5 far away", {
    type: "unlinked-window-renamed",
    windowId: "@5",
    name: "far away",
  }],
  ["%session-changed $2 customers-zoom", {
    type: "session-changed",
    sessionId: "$2",
    name: "customers-zoom",
  }],
  ["%session-renamed $2 new name", { type: "session-renamed", sessionId: "$2", name: "new name" }],
  ["%sessions-changed", { type: "sessions-changed" }],
  ["%session-window-changed $2 @7", {
    type: "session-window-changed",
    sessionId: "$2",
    windowId: "@7",
  }],
  ["%window-pane-changed @7 %12", { type: "window-pane-changed", windowId: "@7", paneId: "%12" }],
  ["%pane-mode-changed %12", { type: "pane-mode-changed", paneId: "%12" }],
  ["%client-session-changed /dev/pts/3 $1 other session", {
    type: "client-session-changed",
    client: "/dev/pts/3",
    sessionId: "$1",
    name: "other session",
  }],
  ["%client-detached client-1234", { type: "client-detached", client: "client-1234" }],
  ["%subscription-changed title $1 @2 0 %3 : vim: main.ts : edited", {
    type: "subscription-changed",
    name: "title",
    sessionId: "$1",
    windowId: "@2",
    windowIndex: "0",
    paneId: "%3",
    value: "vim: main.ts : edited",
  }],
  ["%subscription-changed count $1 - - - : 3", {
    type: "subscription-changed",
    name: "count",
    sessionId: "$1",
    windowId: "-",
    windowIndex: "-",
    paneId: "-",
    value: "3",
  }],
  ["%subscription-changed w $1 @2 4 - : ", {
    type: "subscription-changed",
    name: "w",
    sessionId: "$1",
    windowId: "@2",
    windowIndex: "4",
    paneId: "-",
    value: "",
  }],
  ["%paste-buffer-changed buffer0", { type: "paste-buffer-changed", name: "buffer0" }],
  ["%paste-buffer-deleted buffer0", { type: "paste-buffer-deleted", name: "buffer0" }],
  ["%config-error /root/.tmux.conf:3: unknown command: sett", {
    type: "config-error",
    message: "/root/.tmux.conf:3: unknown command: sett",
  }],
  ["%message hello there", { type: "message", message: "hello there" }],
  ["%exit", { type: "exit", reason: "" }],
  ["%exit server exited unexpectedly", { type: "exit", reason: "server exited unexpectedly" }],
  ["%foo bar baz", { type: "unknown", line: "%foo bar baz" }],
  ["%foo", { type: "unknown", line: "%foo" }],
  ["%", { type: "unknown", line: "%" }],
  ["%output", { type: "unknown", line: "%output" }],
  ["%sessions-changedx", { type: "unknown", line: "%sessions-changedx" }],
  ["not a notification", { type: "unknown", line: "not a notification" }],
  ["%window-renamed @1 名前 ✓", { type: "window-renamed", windowId: "@1", name: "名前 ✓" }],
];

for (const [line, expected] of NOTIFICATIONS) {
  Deno.test(`ControlParser types ${JSON.stringify(line)}`, () => {
    assert.deepEqual(parseNotification(line), expected);
    assert.deepEqual(parse(transcript(line)), [expected]);
  });
}

const OUTPUTS: [string | Uint8Array, ControlEvent][] = [
  ["%output %1 hi\\015\\012", { type: "output", paneId: "%1", data: encoder.encode("hi\r\n") }],
  ["%output %1 ", { type: "output", paneId: "%1", data: new Uint8Array() }],
  ["%output %1 a b  c ", { type: "output", paneId: "%1", data: encoder.encode("a b  c ") }],
  ["%output %1 \\134\\033[0m\x7f", {
    type: "output",
    paneId: "%1",
    data: encoder.encode("\\\x1b[0m\x7f"),
  }],
  ["%output %1 \\9 \\01", { type: "output", paneId: "%1", data: encoder.encode("\\9 \\01") }],
  [concat([encoder.encode("%output %1 "), Uint8Array.of(0xe6, 0xbc)]), {
    type: "output",
    paneId: "%1",
    data: Uint8Array.of(0xe6, 0xbc),
  }],
  ["%extended-output %1 250 : a : b", {
    type: "output",
    paneId: "%1",
    age: 250,
    data: encoder.encode("a : b"),
  }],
  ["%extended-output %1 0 : ", { type: "output", paneId: "%1", age: 0, data: new Uint8Array() }],
  ["%extended-output %1 7 future fields : x\\012", {
    type: "output",
    paneId: "%1",
    age: 7,
    data: encoder.encode("x\n"),
  }],
  ["%output %1", { type: "unknown", line: "%output %1" }],
  ["%extended-output %1 7", { type: "unknown", line: "%extended-output %1 7" }],
  ["%extended-output %1 7 x", { type: "unknown", line: "%extended-output %1 7 x" }],
];

for (const [line, expected] of OUTPUTS) {
  const name = typeof line === "string" ? JSON.stringify(line) : "raw bytes >= 0x80";
  Deno.test(`ControlParser reads output line ${name}`, () => {
    const bytes = typeof line === "string" ? encoder.encode(line) : line;
    assert.deepEqual(parse(concat([bytes, Uint8Array.of(0x0a)])), [expected]);
  });
}

Deno.test("ControlParser keeps a %end or %error with another number inside the block", () => {
  const inside = [
    "%end 1700000000 6 1",
    "%error 1700000000 8 1",
    "%end 1699999999 7 1",
    "%begin 1700000000 9 1",
    "%output %1 not output",
    "%exit",
    "%end",
    "%end 1700000000",
  ];
  const events = parse(transcript("%begin 1700000000 7 1", ...inside, "%end 1700000000 7 1"));
  assert.equal(events.length, 1);
  const [reply] = replies(events);
  assert.equal(reply?.number, 7);
  assert.equal(reply?.time, 1700000000);
  assert.equal(reply?.ok, true);
  assert.deepEqual(replyText(reply), inside);
});

Deno.test("ControlParser reads block guards from bytes: CR trimmed, junk never matches", () => {
  const events = parse(transcript(
    "%begin 1795296873 266 1",
    "a",
    "%end 1795296873 266 1\r",
    "%begin 5 7 0",
    "%end 5 7x 0",
    "%end 5 07 0",
  ));
  assert.deepEqual(replies(events).map((reply) => [reply.number, reply.flags, replyText(reply)]), [
    [266, 1, ["a"]],
    [7, 0, ["%end 5 7x 0"]],
  ]);
});

Deno.test("ControlParser marks an %error block as failed and keeps its message", () => {
  assert.deepEqual(parse(transcript("%begin 5 2 1", "boom: no such thing", "%error 5 2 1")), [
    {
      type: "reply",
      number: 2,
      time: 5,
      flags: 1,
      ok: false,
      lines: [encoder.encode("boom: no such thing")],
    },
  ]);
});

Deno.test("ControlParser keeps empty and raw lines inside a reply block", () => {
  const raw = Uint8Array.of(0xff, 0x09, 0x5c, 0x30, 0x31, 0x32, 0x0d);
  const bytes = concat([
    transcript("%begin 5 2 1", "", "x", ""),
    raw,
    transcript("", "%end 5 2 1"),
  ]);
  const [reply] = replies(parse(bytes));
  assert.deepEqual(reply?.lines, [new Uint8Array(), encoder.encode("x"), new Uint8Array(), raw]);
});

Deno.test("ControlParser ignores empty lines between blocks", () => {
  assert.deepEqual(parse(transcript("", "%sessions-changed", "", "")), [
    { type: "sessions-changed" },
  ]);
});

Deno.test("ControlParser takes %continue at the head of a reply block as a notification", () => {
  assert.deepEqual(parse(transcript("%begin 5 2 1", "%continue %3", "%end 5 2 1")), [
    { type: "continue", paneId: "%3" },
    { type: "reply", number: 2, time: 5, flags: 1, ok: true, lines: [] },
  ]);
});

Deno.test("ControlParser keeps flow-control look-alikes inside a reply as reply lines", () => {
  // Only tmux's own %continue (head of the block) is lifted out; a capture of a pane that
  // shows these words later in the block, or %pause anywhere, stays text.
  const inside = ["text", "%continue %3", "%pause %3"];
  assert.deepEqual(
    replyText(replies(parse(transcript("%begin 5 2 1", ...inside, "%end 5 2 1")))[0]),
    inside,
  );
  assert.deepEqual(
    replyText(replies(parse(transcript("%begin 5 2 1", "%pause %3", "%end 5 2 1")))[0]),
    ["%pause %3"],
  );
  assert.deepEqual(
    replyText(replies(parse(transcript("%begin 5 2 1", "%continue %3 x", "%end 5 2 1")))[0]),
    ["%continue %3 x"],
  );
});

Deno.test("ControlParser tolerates \\r\\n line ends", () => {
  const bytes = encoder.encode(
    "%begin 1 2 0\r\n%end 1 2 0\r\n%session-changed $0 main\r\n%output %0 hi\r\n" +
      "%begin 1 3 1\r\nline\r\n%end 1 3 1\r\n%begin 1 4 1\r\n%continue %0\r\n%end 1 4 1\r\n" +
      "\r\n%exit\r\n",
  );
  assert.deepEqual(parse(bytes), [
    { type: "reply", number: 2, time: 1, flags: 0, ok: true, lines: [] },
    { type: "session-changed", sessionId: "$0", name: "main" },
    { type: "output", paneId: "%0", data: encoder.encode("hi") },
    // Reply lines stay raw: tmux may end one with a real CR ("display -p 'a\r'" does).
    { type: "reply", number: 3, time: 1, flags: 1, ok: true, lines: [encoder.encode("line\r")] },
    { type: "continue", paneId: "%0" },
    { type: "reply", number: 4, time: 1, flags: 1, ok: true, lines: [] },
    { type: "exit", reason: "" },
  ]);
});

Deno.test("ControlParser reads a whole \\r\\n transcript like the \\n one", () => {
  const lf = parse(FIXTURES.basic);
  const crlf = parse(throughPty(FIXTURES.basic));
  assert.equal(crlf.length, lf.length);
  crlf.forEach((event, i) => {
    const original = lf[i] as ControlEvent;
    if (event.type === "reply" && original.type === "reply") {
      const { lines, ...rest } = event;
      const { lines: originalLines, ...originalRest } = original;
      assert.deepEqual(rest, originalRest);
      assert.deepEqual(lines, originalLines.map((line) => concat([line, Uint8Array.of(0x0d)])));
    } else {
      assert.deepEqual(event, original);
    }
  });
});

Deno.test("ControlParser reports idle only between lines and blocks", () => {
  const parser = new ControlParser();
  assert.equal(parser.idle, true);
  parser.push(encoder.encode("%begin 1 2 1\n"));
  assert.equal(parser.idle, false);
  parser.push(encoder.encode("x\n%end 1 2 1\n"));
  assert.equal(parser.idle, true);
  parser.push(encoder.encode("%out"));
  assert.equal(parser.idle, false);
  assert.deepEqual(parser.push(encoder.encode("put %1 z\n")), [
    { type: "output", paneId: "%1", data: encoder.encode("z") },
  ]);
  assert.equal(parser.idle, true);
});

Deno.test("ControlParser never throws, whatever bytes arrive", () => {
  const piece = fc.oneof(
    fc.constantFrom(
      "%begin 1 2 1",
      "%end 1 2 1",
      "%error 1 2 1",
      "%begin",
      "%end",
      "%output %1 ",
      "%output ",
      "%extended-output %1 ",
      "%extended-output %1 5 : ",
      "%subscription-changed ",
      "%layout-change ",
      "%continue %1",
      "%exit",
      "%",
      "\\",
      "\\0",
      " : ",
      "\r",
      "\n",
    ),
    fc.string(),
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 40 }),
      fc.uint8Array({ maxLength: 64 }),
      (parts, raw) => {
        const parser = new ControlParser();
        parser.push(encoder.encode(parts.join("")));
        parser.push(raw);
        parser.push(encoder.encode("\n"));
      },
    ),
    { numRuns: 500 },
  );
});
