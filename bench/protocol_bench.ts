/**
 * Cost of the terminal WebSocket framing on the hot paths: every pane output chunk is framed
 * once per viewer (encodeData), coalesced output is framed from several chunks
 * (encodeDataChunks), and every keystroke is decoded (decodeClientFrame).
 */

import {
  decodeClientFrame,
  encodeControl,
  encodeData,
  encodeDataChunks,
} from "../protocol/terminal_protocol.ts";

function filled(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = 0x20 + (i % 95);
  return bytes;
}

const keystroke = Uint8Array.of(0x61);
const outputChunk = filled(4096);
const bigChunk = filled(64 * 1024);
const pieces = Array.from({ length: 16 }, () => filled(4096));
const piecesLength = pieces.reduce((sum, piece) => sum + piece.length, 0);

const keystrokeFrame = encodeData(keystroke);
const pasteFrame = encodeData(filled(64 * 1024));
const helloFrame = encodeControl({ type: "hello", cols: 200, rows: 50 });
const pingFrame = encodeControl({ type: "ping" });

Deno.bench({
  name: "encodeData 1 B (an echoed keystroke)",
  group: "encode",
  baseline: true,
  fn() {
    encodeData(keystroke);
  },
});

Deno.bench({
  name: "encodeData 4 KiB (a typical %output chunk)",
  group: "encode",
  fn() {
    encodeData(outputChunk);
  },
});

Deno.bench({
  name: "encodeData 64 KiB (a full coalesced frame)",
  group: "encode",
  fn() {
    encodeData(bigChunk);
  },
});

Deno.bench({
  name: `encodeDataChunks 16 × 4 KiB (${piecesLength} B coalesced)`,
  group: "encode",
  fn() {
    encodeDataChunks(pieces, piecesLength);
  },
});

Deno.bench({
  name: "encodeControl snapshot-begin",
  group: "encode",
  fn() {
    encodeControl({ type: "snapshot-begin", cols: 200, rows: 50, alternate: false, title: "✳ a" });
  },
});

Deno.bench({
  name: "decodeClientFrame Data 1 B (a keystroke)",
  group: "decode",
  baseline: true,
  fn() {
    const frame = decodeClientFrame(keystrokeFrame);
    if (frame.kind !== "data") throw new Error("Expected a Data frame");
  },
});

Deno.bench({
  name: "decodeClientFrame Data 64 KiB (a paste)",
  group: "decode",
  fn() {
    const frame = decodeClientFrame(pasteFrame);
    if (frame.kind !== "data") throw new Error("Expected a Data frame");
  },
});

Deno.bench({
  name: "decodeClientFrame Control hello",
  group: "decode",
  fn() {
    const frame = decodeClientFrame(helloFrame);
    if (frame.kind !== "control") throw new Error("Expected a Control frame");
  },
});

Deno.bench({
  name: "decodeClientFrame Control ping",
  group: "decode",
  fn() {
    const frame = decodeClientFrame(pingFrame);
    if (frame.kind !== "control") throw new Error("Expected a Control frame");
  },
});
