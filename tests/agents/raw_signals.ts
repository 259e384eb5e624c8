/**
 * Owns finding the signals a program sends its terminal in raw pane output: bells, OSC sequences
 * (titles, notifications such as OSC 9 and OSC 777, private ones such as Codex's OSC 7501), DCS
 * passthrough, and the private modes it sets (bracketed paste, focus events). Pure.
 */

/** One signal found in the output. */
export interface RawSignal {
  /** Byte offset of the sequence's first byte. */
  offset: number;
  /** `bel`: a bell outside any sequence; `osc`/`dcs`: a string sequence; `mode`: `CSI ? n h/l`. */
  kind: "bel" | "osc" | "dcs" | "mode";
  /** OSC: the number before the first `;` (`0`, `2`, `9`, `777`, `7501`); mode: `?2004h`. */
  code?: string;
  /** OSC/DCS: the text after the code (cut to 200 characters). */
  payload?: string;
  /** OSC: ended by BEL (`bel`) or by ST (`st`, ESC \). */
  terminator?: "bel" | "st" | "none";
}

const ESC = 0x1b;
const BEL = 0x07;
const decoder = new TextDecoder();

/** Every bell, OSC, DCS and private mode change in `bytes`, in order. */
export function findRawSignals(bytes: Uint8Array): RawSignal[] {
  const signals: RawSignal[] = [];
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte === BEL) {
      signals.push({ offset: i, kind: "bel" });
      i++;
      continue;
    }
    if (byte !== ESC) {
      i++;
      continue;
    }
    const next = bytes[i + 1];
    if (next === 0x5d /* ] */ || next === 0x50 /* P */) {
      const start = i;
      const { end, terminator, after } = stringEnd(bytes, i + 2, next === 0x5d);
      const body = decoder.decode(bytes.subarray(i + 2, end));
      if (next === 0x5d) {
        const semicolon = body.indexOf(";");
        const code = semicolon < 0 ? body : body.slice(0, semicolon);
        const payload = semicolon < 0 ? "" : body.slice(semicolon + 1);
        signals.push({ offset: start, kind: "osc", code, payload: cut(payload), terminator });
      } else {
        signals.push({ offset: start, kind: "dcs", payload: cut(body), terminator });
      }
      i = after;
      continue;
    }
    if (next === 0x5b /* [ */ && bytes[i + 2] === 0x3f /* ? */) {
      let j = i + 3;
      while (j < bytes.length && isParam(bytes[j] as number)) j++;
      const final = bytes[j];
      if (final === 0x68 /* h */ || final === 0x6c /* l */) {
        signals.push({
          offset: i,
          kind: "mode",
          code: `?${decoder.decode(bytes.subarray(i + 3, j))}${String.fromCharCode(final)}`,
        });
      }
      i = j + 1;
      continue;
    }
    i += 2;
  }
  return signals;
}

function isParam(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || byte === 0x3b;
}

/** Where a string sequence ends: BEL (OSC only) or ESC \; unterminated runs to the end. */
function stringEnd(bytes: Uint8Array, from: number, bellEnds: boolean) {
  for (let j = from; j < bytes.length; j++) {
    const byte = bytes[j];
    if (bellEnds && byte === BEL) return { end: j, terminator: "bel" as const, after: j + 1 };
    if (byte === ESC && bytes[j + 1] === 0x5c) {
      return { end: j, terminator: "st" as const, after: j + 2 };
    }
    // tmux passthrough doubles the ESC of an inner sequence (ESC P tmux; ESC ESC ] … ESC \).
    if (byte === ESC && bytes[j + 1] === ESC) j++;
  }
  return { end: bytes.length, terminator: "none" as const, after: bytes.length };
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What a stretch of output says, in short: counts by kind, the notification texts, modes. */
export interface SignalSummary {
  /** Bells outside any sequence. */
  bells: number;
  /** Title changes (OSC 0/1/2), with their distinct texts in order of first appearance. */
  titles: string[];
  /** Desktop notifications: OSC 9 and OSC 777 payloads. */
  notifications: string[];
  /** Other OSC codes seen: how many times, and their first distinct payloads. */
  otherOsc: Record<string, { count: number; payloads: string[] }>;
  /** DCS payloads (tmux passthrough `tmux;…` among them). */
  dcs: string[];
  /** Private modes set and reset, distinct, in order (`?2004h`, `?1004h`, `?1049h`…). */
  modes: string[];
}

/** A summary of `signals` for fixtures and the README. */
export function summarizeSignals(signals: readonly RawSignal[]): SignalSummary {
  const summary: SignalSummary = {
    bells: 0,
    titles: [],
    notifications: [],
    otherOsc: {},
    dcs: [],
    modes: [],
  };
  const addOnce = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const signal of signals) {
    if (signal.kind === "bel") summary.bells++;
    else if (signal.kind === "mode") addOnce(summary.modes, signal.code ?? "");
    else if (signal.kind === "dcs") addOnce(summary.dcs, signal.payload ?? "");
    else if (signal.code === "0" || signal.code === "1" || signal.code === "2") {
      addOnce(summary.titles, signal.payload ?? "");
    } else if (signal.code === "9" || signal.code === "777") {
      summary.notifications.push(`OSC ${signal.code};${signal.payload ?? ""}`);
    } else {
      const entry = summary.otherOsc[signal.code ?? ""] ??= { count: 0, payloads: [] };
      entry.count++;
      if (entry.payloads.length < 10) addOnce(entry.payloads, signal.payload ?? "");
    }
  }
  return summary;
}
