/** Owns the bytes that the phone key bar sends and the sticky Ctrl and Alt transforms. */

export type BarKey = "Esc" | "Tab" | "Left" | "Up" | "Down" | "Right" | "PgUp" | "PgDn";

const ARROW_FINAL: Record<string, string> = { Up: "A", Down: "B", Right: "C", Left: "D" };

/**
 * The bytes for a key bar key. Arrows follow the terminal's cursor-key mode: `ESC O A` in
 * application mode (full-screen programs such as vim), `ESC [ A` otherwise.
 */
export function keyBytes(key: BarKey, applicationCursor = false): string {
  if (key === "Esc") return "\x1b";
  if (key === "Tab") return "\t";
  if (key === "PgUp") return "\x1b[5~";
  if (key === "PgDn") return "\x1b[6~";
  return (applicationCursor ? "\x1bO" : "\x1b[") + ARROW_FINAL[key];
}

/**
 * `data` as typed with Ctrl held: a single letter or one of `@[\]^_` becomes its control
 * character, space becomes NUL, `?` becomes DEL; anything else passes unchanged.
 */
export function withCtrl(data: string): string {
  if (data.length !== 1) return data;
  const code = data.charCodeAt(0);
  if (data === " ") return "\x00";
  if (data === "?") return "\x7f";
  if (code >= 0x40 && code <= 0x7e && !(code >= 0x7b)) return String.fromCharCode(code & 0x1f);
  return data;
}

/** `data` as typed with Alt (Meta) held: ESC before it, the way terminals send Alt. */
export function withAlt(data: string): string {
  return data === "" ? data : `\x1b${data}`;
}
