/**
 * Owns the tmux control-mode wire format: bytes in, typed events out. Pure: no I/O. Over 400 lines
 * because reply blocks, notifications and byte-level output unescaping are one state machine on
 * the hottest path, kept in one place.
 */

import { unescapeOctal, unescapeOctalInto } from "./octal.ts";

/** The reply to one command: the lines between `%begin` and `%end`/`%error`, raw bytes. */
export interface ReplyEvent {
  type: "reply";
  /** tmux's command number (from `%begin <time> <number> <flags>`). */
  number: number;
  time: number;
  /** 1 when the block answers this client's command, 0 otherwise (e.g. the attach itself). */
  flags: number;
  /** false for `%error` blocks. */
  ok: boolean;
  lines: Uint8Array[];
}

/** Pane output, unescaped (`%output` and `%extended-output`). */
export interface OutputEvent {
  type: "output";
  paneId: string;
  data: Uint8Array;
  /** Milliseconds the output was held by tmux (only for `%extended-output`). */
  age?: number;
}

export type NotificationEvent =
  | { type: "pause"; paneId: string }
  | { type: "continue"; paneId: string }
  | {
    type: "layout-change";
    windowId: string;
    layout: string;
    visibleLayout: string;
    flags: string;
  }
  | { type: "window-add"; windowId: string }
  | { type: "window-close"; windowId: string }
  | { type: "window-renamed"; windowId: string; name: string }
  | { type: "unlinked-window-add"; windowId: string }
  | { type: "unlinked-window-close"; windowId: string }
  | { type: "unlinked-window-renamed"; windowId: string; name: string }
  | { type: "session-changed"; sessionId: string; name: string }
  | { type: "session-renamed"; sessionId: string; name: string }
  | { type: "sessions-changed" }
  | { type: "session-window-changed"; sessionId: string; windowId: string }
  | { type: "window-pane-changed"; windowId: string; paneId: string }
  | { type: "pane-mode-changed"; paneId: string }
  | { type: "client-session-changed"; client: string; sessionId: string; name: string }
  | { type: "client-detached"; client: string }
  | {
    type: "subscription-changed";
    name: string;
    sessionId: string;
    windowId: string;
    windowIndex: string;
    paneId: string;
    value: string;
  }
  | { type: "paste-buffer-changed"; name: string }
  | { type: "paste-buffer-deleted"; name: string }
  | { type: "config-error"; message: string }
  | { type: "message"; message: string }
  | { type: "exit"; reason: string }
  | { type: "unknown"; line: string };

export type ControlEvent = ReplyEvent | OutputEvent | NotificationEvent;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const CR = 0x0d;
const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder();

interface OpenBlock {
  time: number;
  number: number;
  flags: number;
  lines: Uint8Array[];
}

export interface ControlParserOptions {
  /**
   * Merge the output of consecutive `%output`/`%extended-output` lines of one pane within a
   * pushed chunk into one event (unescaped into one buffer per chunk). Fewer, larger events and
   * one allocation per chunk instead of one per line; the bytes and their order are the same, but
   * how they are split into events then depends on how stdout was chunked. Nothing the parser
   * returns or keeps then refers to a pushed chunk, so the caller may reuse the chunk's buffer
   * for its next read.
   */
  coalesceOutput?: boolean;
}

/** An output run being merged (coalescing mode): `data` starts at `start` in the scratch. */
interface OutputRun {
  paneId: string;
  start: number;
  age: number | undefined;
}

/**
 * Incremental parser for tmux control mode (`tmux -C`). Feed it stdout chunks of any size; it
 * splits lines at the byte level (never decoding first), so a UTF-8 character split across two
 * `%output` lines, or across two chunks, reaches the caller intact.
 *
 * @example
 * ```ts
 * const parser = new ControlParser();
 * for (const event of parser.push(chunk)) console.info(event.type);
 * ```
 */
export class ControlParser {
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  #block: OpenBlock | null = null;
  readonly #coalesce: boolean;
  /** The last pane id seen, as bytes and as text: output lines reuse the string. */
  #paneBytes = new Uint8Array(0);
  #paneId = "";
  /** Coalescing: the buffer output of the current chunk is unescaped into, and its fill. */
  #scratch: Uint8Array | null = null;
  #scratchUsed = 0;
  /** Coalescing: bytes of the chunk after the current line (bounds the output still to come). */
  #chunkRest = 0;
  #run: OutputRun | null = null;

  constructor(options: ControlParserOptions = {}) {
    this.#coalesce = options.coalesceOutput ?? false;
  }

  /** Parse a chunk; returns the events completed by it, in order. */
  push(chunk: Uint8Array): ControlEvent[] {
    const events: ControlEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) {
        // A copy: the caller may reuse the chunk's buffer once push() returns.
        this.#pending.push(chunk.slice(start));
        this.#pendingLength += chunk.length - start;
        break;
      }
      let line = chunk.subarray(start, nl);
      if (this.#pendingLength > 0) line = this.#takePending(line);
      start = nl + 1;
      this.#chunkRest = chunk.length - start;
      const event = this.#parseLine(line, events);
      if (event) {
        if (this.#run) events.push(this.#endRun());
        events.push(event);
      }
    }
    if (this.#run) events.push(this.#endRun());
    // The next chunk gets a new buffer: events already returned keep views into this one.
    this.#scratch = null;
    this.#scratchUsed = 0;
    return events;
  }

  /** Whether a partial line or an unfinished reply block is buffered. */
  get idle(): boolean {
    return this.#pendingLength === 0 && this.#block === null;
  }

  #takePending(tail: Uint8Array): Uint8Array {
    const line = new Uint8Array(this.#pendingLength + tail.length);
    let offset = 0;
    for (const part of this.#pending) {
      line.set(part, offset);
      offset += part.length;
    }
    line.set(tail, offset);
    this.#pending = [];
    this.#pendingLength = 0;
    return line;
  }

  /** One line; coalesced output goes into the current run (finished runs into `events`). */
  #parseLine(raw: Uint8Array, events: ControlEvent[]): ControlEvent | null {
    // tmux ends lines with "\n"; tolerate "\r\n" from a tty-backed transcript.
    const line = raw.length > 0 && raw[raw.length - 1] === CR && this.#block === null
      ? raw.subarray(0, raw.length - 1)
      : raw;
    const block = this.#block;
    if (block !== null) {
      const guard = blockGuard(line);
      if (guard && guard.number === block.number && guard.time === block.time) {
        this.#block = null;
        return {
          type: "reply",
          number: block.number,
          time: block.time,
          flags: block.flags,
          ok: guard.kind === "end",
          lines: block.lines,
        };
      }
      // tmux 3.3a writes %continue the moment `refresh-client -A %<n>:continue` runs, so it lands
      // at the head of that command's block (tmux PR #5458 later moved it after %end). Taken as
      // a reply line, the caller would never see the pane continue. The price: a reply whose
      // first line is exactly "%continue %<n>" loses that line. %pause is left alone on
      // purpose: a capture starting with a line "%pause %<n>" must not start a resync loop.
      if (block.lines.length === 0) {
        const paneId = continuedPane(line);
        if (paneId !== null) return { type: "continue", paneId };
      }
      // Reply lines are raw bytes; copy, since `line` may be a view into a reused chunk.
      block.lines.push(line.slice());
      return null;
    }
    if (line.length === 0) return null;
    if (startsWith(line, OUTPUT)) return this.#output(line, OUTPUT.length, false, events);
    if (startsWith(line, EXTENDED_OUTPUT)) {
      return this.#output(line, EXTENDED_OUTPUT.length, true, events);
    }
    if (startsWith(line, BEGIN)) {
      const [time = 0, number = 0, flags = 0] = numbers(line, BEGIN.length);
      this.#block = { time, number, flags, lines: [] };
      return null;
    }
    return parseNotification(utf8.decode(line));
  }

  /** `%output %<pane> <data>` or `%extended-output %<pane> <age> ... : <data>`. */
  #output(
    line: Uint8Array,
    from: number,
    extended: boolean,
    events: ControlEvent[],
  ): ControlEvent | null {
    const paneEnd = line.indexOf(SPACE, from);
    if (paneEnd < 0) return { type: "unknown", line: utf8.decode(line) };
    const paneId = this.#pane(line, from, paneEnd);
    let start = paneEnd + 1;
    let age: number | undefined;
    if (extended) {
      const ageEnd = line.indexOf(SPACE, paneEnd + 1);
      start = dataStart(line, paneEnd);
      if (ageEnd < 0 || start < 0) return { type: "unknown", line: utf8.decode(line) };
      age = Number(latin1.decode(line.subarray(paneEnd + 1, ageEnd)));
    }
    const escaped = line.subarray(start);
    if (!this.#coalesce) {
      const data = unescapeOctal(escaped);
      return age === undefined
        ? { type: "output", paneId, data }
        : { type: "output", paneId, age, data };
    }
    let run = this.#run;
    if (run !== null && run.paneId !== paneId) {
      events.push(this.#endRun());
      run = null;
    }
    let scratch = this.#scratch;
    if (scratch === null || scratch.length - this.#scratchUsed < escaped.length) {
      // This line plus the rest of the chunk bounds all output still to come in this chunk.
      if (run !== null) events.push(this.#endRun());
      run = null;
      scratch = this.#scratch = new Uint8Array(escaped.length + this.#chunkRest);
      this.#scratchUsed = 0;
    }
    if (run === null) run = this.#run = { paneId, start: this.#scratchUsed, age };
    else if (age !== undefined) run.age = Math.max(run.age ?? 0, age);
    this.#scratchUsed = unescapeOctalInto(escaped, scratch, this.#scratchUsed);
    return null;
  }

  /** The finished run as one output event. */
  #endRun(): OutputEvent {
    const run = this.#run as OutputRun;
    this.#run = null;
    const data = (this.#scratch as Uint8Array).subarray(run.start, this.#scratchUsed);
    return run.age === undefined
      ? { type: "output", paneId: run.paneId, data }
      : { type: "output", paneId: run.paneId, age: run.age, data };
  }

  /** The pane id between `from` and `end`, without decoding when it is the last one seen. */
  #pane(line: Uint8Array, from: number, end: number): string {
    const known = this.#paneBytes;
    if (end - from === known.length) {
      let same = true;
      for (let i = 0; i < known.length; i++) {
        if (line[from + i] !== known[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.#paneId;
    }
    this.#paneBytes = line.slice(from, end);
    this.#paneId = latin1.decode(this.#paneBytes);
    return this.#paneId;
  }
}

const encoder = new TextEncoder();
const OUTPUT = encoder.encode("%output ");
const BEGIN = encoder.encode("%begin ");
const END = encoder.encode("%end ");
const ERROR = encoder.encode("%error ");
const EXTENDED_OUTPUT = encoder.encode("%extended-output ");

function startsWith(line: Uint8Array, prefix: Uint8Array): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false;
  return true;
}

/** Index just past the " : " separator that ends the extended-output header, or -1. */
function dataStart(line: Uint8Array, from: number): number {
  for (let i = from; i + 2 < line.length; i++) {
    if (line[i] === SPACE && line[i + 1] === 0x3a && line[i + 2] === SPACE) return i + 3;
  }
  const n = line.length;
  return n >= 2 && line[n - 2] === SPACE && line[n - 1] === 0x3a ? n : -1;
}

const CONTINUE_LINE = /^%continue (%\d+)\r?$/;

/** The pane of a line that is exactly `%continue %<n>`, or null. */
function continuedPane(line: Uint8Array): string | null {
  if (line.length > 24 || line[0] !== 0x25) return null;
  return CONTINUE_LINE.exec(latin1.decode(line))?.[1] ?? null;
}

function blockGuard(
  line: Uint8Array,
): { kind: "end" | "error"; time: number; number: number } | null {
  if (line.length < 5 || line[0] !== 0x25) return null;
  const kind = startsWith(line, END) ? "end" : startsWith(line, ERROR) ? "error" : null;
  if (kind === null) return null;
  const [time, number] = numbers(line, kind === "end" ? END.length : ERROR.length);
  if (time === undefined || number === undefined) return null;
  return { kind, time, number };
}

/**
 * The space-separated numbers from `from` to the end of the line (`%begin`/`%end` guards), read
 * from the bytes without decoding; a word that is not digits reads as NaN, an empty one as 0.
 */
function numbers(line: Uint8Array, from: number): number[] {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  let valid = true;
  for (let i = from; i <= line.length; i++) {
    const b = i < line.length ? line[i] as number : SPACE;
    if (b === SPACE) {
      out.push(valid && digits > 0 ? value : digits === 0 && valid ? 0 : NaN);
      value = 0;
      digits = 0;
      valid = true;
    } else if (b >= 0x30 && b <= 0x39) {
      value = value * 10 + (b - 0x30);
      digits++;
    } else if (b < 0x09 || b > 0x0d) {
      // (Tabs and CR are trimmed, as Number() trims them.)
      valid = false;
    }
  }
  return out;
}

/** Split off `count` space-separated words; the rest of the line is the last element. */
function words(text: string, count: number): string[] {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const space = rest.indexOf(" ");
    if (space < 0) {
      out.push(rest);
      rest = "";
      continue;
    }
    out.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  out.push(rest);
  return out;
}

/** Parse one notification line (`%name args…`); unknown names become `unknown` events. */
export function parseNotification(text: string): NotificationEvent {
  const space = text.indexOf(" ");
  const name = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? "" : text.slice(space + 1);
  switch (name) {
    case "%pause":
      return { type: "pause", paneId: rest };
    case "%continue":
      return { type: "continue", paneId: rest };
    case "%layout-change": {
      const [windowId = "", layout = "", visibleLayout = "", flags = ""] = words(rest, 3);
      return { type: "layout-change", windowId, layout, visibleLayout, flags };
    }
    case "%window-add":
      return { type: "window-add", windowId: rest };
    case "%window-close":
      return { type: "window-close", windowId: rest };
    case "%window-renamed": {
      const [windowId = "", name = ""] = words(rest, 1);
      return { type: "window-renamed", windowId, name };
    }
    case "%unlinked-window-add":
      return { type: "unlinked-window-add", windowId: rest };
    case "%unlinked-window-close":
      return { type: "unlinked-window-close", windowId: rest };
    case "%unlinked-window-renamed": {
      const [windowId = "", name = ""] = words(rest, 1);
      return { type: "unlinked-window-renamed", windowId, name };
    }
    case "%session-changed": {
      const [sessionId = "", name = ""] = words(rest, 1);
      return { type: "session-changed", sessionId, name };
    }
    case "%session-renamed": {
      const [sessionId = "", name = ""] = words(rest, 1);
      return { type: "session-renamed", sessionId, name };
    }
    case "%sessions-changed":
      return { type: "sessions-changed" };
    case "%session-window-changed": {
      const [sessionId = "", windowId = ""] = words(rest, 1);
      return { type: "session-window-changed", sessionId, windowId };
    }
    case "%window-pane-changed": {
      const [windowId = "", paneId = ""] = words(rest, 1);
      return { type: "window-pane-changed", windowId, paneId };
    }
    case "%pane-mode-changed":
      return { type: "pane-mode-changed", paneId: rest };
    case "%client-session-changed": {
      const [client = "", sessionId = "", name = ""] = words(rest, 2);
      return { type: "client-session-changed", client, sessionId, name };
    }
    case "%client-detached":
      return { type: "client-detached", client: rest };
    case "%subscription-changed": {
      // %subscription-changed name $s @w idx %p ... : value
      const colon = rest.indexOf(" : ");
      const head = colon < 0 ? rest : rest.slice(0, colon);
      const value = colon < 0 ? "" : rest.slice(colon + 3);
      const [subName = "", sessionId = "", windowId = "", windowIndex = "", paneId = ""] = head
        .split(" ");
      return {
        type: "subscription-changed",
        name: subName,
        sessionId,
        windowId,
        windowIndex,
        paneId,
        value,
      };
    }
    case "%paste-buffer-changed":
      return { type: "paste-buffer-changed", name: rest };
    case "%paste-buffer-deleted":
      return { type: "paste-buffer-deleted", name: rest };
    case "%config-error":
      return { type: "config-error", message: rest };
    case "%message":
      return { type: "message", message: rest };
    case "%exit":
      return { type: "exit", reason: rest };
    default:
      return { type: "unknown", line: text };
  }
}
